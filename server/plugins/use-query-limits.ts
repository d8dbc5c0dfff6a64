import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../server-config.js';

/**
 * Puts the per-query warehouse limits into the context, where the query service enforces them:
 * a query running past `timeoutMs` fails with TIMEOUT, a result past `maxRows` with ROW_LIMIT.
 */
export function useQueryLimits({ timeoutMs = 30_000, maxRows = 10_000 }: Partial<QueryLimits> = {}): Plugin<{ limits: QueryLimits }> {
  const limits: QueryLimits = { timeoutMs, maxRows };
  return {
    onContextBuilding({ extendContext }) {
      extendContext({ limits });
    },
  };
}
