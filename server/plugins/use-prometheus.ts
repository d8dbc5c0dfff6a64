import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestStates } from '../context.js';
import { RequestRecorder } from '../observability/request-recorder.js';
import type { ServerMetrics } from '../observability/server-metrics.js';

export interface PrometheusOptions {
  readonly metrics: ServerMetrics;
  readonly states: RequestStates;
  /** Default: a recorder of its own; the server passes the one its HTTP front door shares. */
  readonly recorder?: RequestRecorder;
  /** Default `/metrics`. */
  readonly endpoint?: string;
  /** Default `/graphql`. */
  readonly graphqlEndpoint?: string;
}

/**
 * `GET /metrics` in the Prometheus text format, and request counts and latencies of the GraphQL
 * endpoint by operation name. Cache, warehouse and reload figures are recorded where they happen;
 * requests the HTTP front door answers from its memo are recorded there.
 */
export function usePrometheus({ metrics, states, recorder = new RequestRecorder(metrics), endpoint = '/metrics', graphqlEndpoint = '/graphql' }: PrometheusOptions): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === endpoint) {
        const text = await metrics.registry.metrics();
        endResponse(new fetchAPI.Response(text, { status: 200, headers: { 'content-type': metrics.registry.contentType } }));
        return;
      }
      // A request from the HTTP front door is timed from its arrival there (body read, and any
      // direct execution whose errors yoga answers, included).
      if (url.pathname === graphqlEndpoint) started.set(request, states.get(request)?.arrivedAt ?? performance.now());
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request ? states.get(request) : undefined;
      if (!state) return;
      const operation = (args.document as DocumentNode).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      state.operationName = args.operationName ?? operation?.name?.value ?? 'anonymous';
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      recorder.record(states.get(request)?.operationName ?? 'unparsed', response.status, (performance.now() - start) / 1000);
    },
  };
}
