import { createHash } from 'node:crypto';
import type { QueryResult, SqlValue } from '../../adapters/connection.js';

/**
 * Where query results are kept between requests. Implementations never throw: a cache that is down
 * is a miss, never a failed query.
 */
export interface ResultCache {
  /** `memory` (per process, the default) or `redis` (shared by every instance). */
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<QueryResult | undefined>;
  set(key: string, value: QueryResult, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Everything that decides a result: the same parts give the same rows until the TTL runs out. */
export interface ResultKeyParts {
  readonly catalogVersion: string;
  readonly warehouse: string;
  readonly dialect: string;
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
}

export function resultCacheKey(parts: ResultKeyParts): string {
  const hash = createHash('sha256');
  // Each part goes in behind its length, so no concatenation of two parts can collide with another
  // split. Not JSON of the whole: escaping several KB of SQL (its newlines) took three times as
  // long as hashing it.
  for (const text of [parts.catalogVersion, parts.warehouse, parts.dialect, parts.sql, JSON.stringify(parts.bindings)]) {
    hash.update(`${text.length}:`).update(text);
  }
  return `canon:result:${hash.digest('hex')}`;
}
