import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { FULL_ACCESS } from '../access/access-scope.js';
import type { RequestStates } from '../context.js';
import type { CachedSource, MetricQueryService, MetricResultView } from '../query/metric-query-service.js';
import { memoisableAnswer, operationLabel, pureQueryOperation } from '../query/pure-query-operation.js';
import { principalKey } from '../query/request-key.js';
import { RequestMemo } from '../query/request-memo.js';

export interface ResponseMemoOptions {
  readonly states: RequestStates;
  readonly queries: MetricQueryService;
  /** Responses kept per catalog version (LRU). Default 1000. */
  readonly maxEntries?: number;
}

/** What the context carries for this plugin: the answers the `query` resolvers returned. */
export interface ServedAnswers {
  readonly served: MetricResultView[];
}

interface MemoisedResponse {
  readonly sources: readonly CachedSource[];
  readonly operationName: string;
  /** The response body, serialised once. */
  readonly body: string;
}

/**
 * The serialised response of a dashboard query asked again, served without parsing, validating or
 * executing anything. It marks such a response `memoisable` in the request state, so that the HTTP
 * front door (server/http/) can also remember the bytes it sends and answer before yoga. A response is remembered only when every top-level field was `query` and each
 * was answered from the result cache (so its `cached: true` is already right); it is served again
 * only while the cache still holds each of those very results (TTL and eviction apply as before),
 * for the same catalog version, the same principal's scope and permissions, and the same document,
 * operation and variables.
 */
export function useResponseMemo({ states, queries, maxEntries = 1000 }: ResponseMemoOptions): Plugin<ServedAnswers> {
  const memo = new RequestMemo<MemoisedResponse>(maxEntries);
  const keys = new WeakMap<Request, { version: string; key: string }>();
  return {
    async onParams({ params, request, setResult }) {
      const state = states.get(request);
      if (!state || typeof params.query !== 'string') return;
      const version = state.snapshot.loaded.catalog.version;
      const key = `${principalKey(state.principal?.scope ?? FULL_ACCESS)}\u0000${params.operationName ?? ''}\u0000${JSON.stringify(params.variables ?? null)}\u0000${params.query}`;
      keys.set(request, { version, key });
      const hit = memo.get(version, key);
      if (!hit || !(await queries.stillCached(hit.sources))) return;
      state.operationName = hit.operationName;
      state.memoisable = { sources: hit.sources, operationName: hit.operationName };
      // yoga's result processor calls a result's own `stringify`: the body goes out as it was written.
      setResult({ data: null, stringify: () => hit.body } as ExecutionResult);
    },
    onExecute({ args }) {
      const context = args.contextValue as Partial<ServedAnswers> & { request?: Request };
      const request = context.request;
      const operation = pureQueryOperation(args.document, args.operationName);
      if (!request || !operation || !context.served) return;
      const served = context.served;
      return {
        onExecuteDone({ result }) {
          const memoKey = keys.get(request);
          if (!memoKey || !('data' in result) || result.errors?.length || result.extensions) return;
          const answer = memoisableAnswer(queries, served, operation, operationLabel(args.operationName, operation));
          if (!answer) return; // a fresh answer: remember the next one
          memo.set(memoKey.version, memoKey.key, { ...answer, body: JSON.stringify(result) });
          // The HTTP front door may remember the bytes yoga sends for this request as well.
          const state = states.get(request);
          if (state) state.memoisable = answer;
        },
      };
    },
  };
}
