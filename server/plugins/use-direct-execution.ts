import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestStates } from '../context.js';
import type { ValidatedDocuments } from '../http/validated-documents.js';

export interface DirectExecutionPluginOptions {
  readonly states: RequestStates;
  readonly documents: ValidatedDocuments;
}

/**
 * yoga's side of the HTTP front door's direct execution (server/http/direct-execution.ts):
 * - a request whose execution starts here passed parsing and validation, armor's limits included:
 *   its query text is remembered with the schema and document (ValidatedDocuments), so the front
 *   door can execute it next time without this pipeline;
 * - a request the front door already executed, whose result has errors, is handed over with that
 *   result: execution is replaced by it, so error codes, masking, Prometheus and the response
 *   format are yoga's own, exactly as if yoga had run the resolvers (they are not run twice).
 */
export function useDirectExecution({ states, documents }: DirectExecutionPluginOptions): Plugin {
  return {
    onExecute({ args, setExecuteFn }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request ? states.get(request) : undefined;
      if (!state) return;
      if (state.queryText !== undefined) documents.remember(args.schema, state.queryText, args.document);
      const executed = state.executed;
      if (executed) setExecuteFn(() => ('error' in executed ? Promise.reject(executed.error) : (executed.result as ExecutionResult)));
    },
  };
}
