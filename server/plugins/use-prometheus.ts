import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestStates } from '../context.js';
import type { ServerMetrics } from '../observability/server-metrics.js';

export interface PrometheusOptions {
  readonly metrics: ServerMetrics;
  readonly states: RequestStates;
  /** Default `/metrics`. */
  readonly endpoint?: string;
  /** Default `/graphql`. */
  readonly graphqlEndpoint?: string;
}

/**
 * `GET /metrics` in the Prometheus text format, and request counts and latencies of the GraphQL
 * endpoint by operation name. Cache, warehouse and reload figures are recorded where they happen.
 */
export function usePrometheus({ metrics, states, endpoint = '/metrics', graphqlEndpoint = '/graphql' }: PrometheusOptions): Plugin {
  const started = new WeakMap<Request, number>();
  // Label children bound once per operation name: prom-client hashes the label object on every
  // unbound call. Bounded, since operation names come from clients.
  const bound = new Map<string, { duration: { observe(v: number): void }; ok: { inc(): void } }>();
  const boundFor = (operation: string) => {
    let children = bound.get(operation);
    if (!children && bound.size < 1000) {
      children = { duration: metrics.requestDuration.labels({ operation }), ok: metrics.requests.labels({ operation, outcome: 'ok' }) };
      bound.set(operation, children);
    }
    return children;
  };
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === endpoint) {
        const text = await metrics.registry.metrics();
        endResponse(new fetchAPI.Response(text, { status: 200, headers: { 'content-type': metrics.registry.contentType } }));
        return;
      }
      if (url.pathname === graphqlEndpoint) started.set(request, performance.now());
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
      const operation = states.get(request)?.operationName ?? 'unparsed';
      const seconds = (performance.now() - start) / 1000;
      const children = boundFor(operation);
      if (children && response.status < 400) {
        children.duration.observe(seconds);
        children.ok.inc();
        return;
      }
      metrics.requestDuration.observe({ operation }, seconds);
      metrics.requests.inc({ operation, outcome: response.status >= 400 ? `http_${response.status}` : 'ok' });
    },
  };
}
