import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DeferredMetrics, type Incrementer, type Observer } from './deferred-metrics.js';

/**
 * The server's Prometheus metrics, in a registry of its own (not prom-client's global one) so
 * several servers in one process (tests) do not collide.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /**
   * The request path's counts and observations, applied when a scrape reads them (see
   * deferred-metrics.ts): the metrics they feed flush them first, in their `collect`.
   */
  readonly deferred = new DeferredMetrics();
  private readonly flushDeferred = (): void => this.deferred.flush();
  readonly requests = new Counter({
    name: 'canon_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  readonly requestDuration = new Histogram({
    name: 'canon_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its response.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  readonly memoResponsesMetric = new Counter({
    name: 'canon_http_memo_responses_total',
    help: 'GraphQL responses the HTTP front door sent from its memo, without yoga (also counted in canon_graphql_requests_total).',
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  readonly directExecutionsMetric = new Counter({
    name: 'canon_http_direct_executions_total',
    help: 'GraphQL requests the HTTP front door executed and answered without yoga\'s pipeline (also counted in canon_graphql_requests_total).',
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  readonly errors = new Counter({
    name: 'canon_graphql_errors_total',
    help: 'Errors returned to clients by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly cache = new Counter({
    name: 'canon_query_cache_total',
    help: 'Metric queries by cache outcome: hit, miss (ran on the warehouse) or coalesced (joined an identical query in flight).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  /** Cache outcomes, counted on the request path without prom-client (see `deferred`). */
  readonly cacheHit: Incrementer = this.deferred.counter(this.cache.labels({ outcome: 'hit' }));
  readonly cacheMiss: Incrementer = this.deferred.counter(this.cache.labels({ outcome: 'miss' }));
  readonly cacheCoalesced: Incrementer = this.deferred.counter(this.cache.labels({ outcome: 'coalesced' }));
  readonly memoResponses: Incrementer = this.deferred.counter(this.memoResponsesMetric);
  readonly directExecutions: Incrementer = this.deferred.counter(this.directExecutionsMetric);
  readonly warehouseDuration = new Histogram({
    name: 'canon_warehouse_query_duration_seconds',
    help: 'Time the warehouse took to answer a metric query.',
    labelNames: ['warehouse', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
    collect: this.flushDeferred,
  });
  private readonly durationChildren = new Map<string, Observer>();

  /** The warehouse-duration observer for (warehouse, outcome), bound once and deferred like the cache counts above. */
  warehouseDurationOf(warehouse: string, outcome: string): Observer {
    const key = `${warehouse}\u0000${outcome}`;
    let child = this.durationChildren.get(key);
    if (!child) {
      child = this.deferred.observer(this.warehouseDuration.labels({ warehouse, outcome }));
      // Warehouses come from canon.yaml: few. The bound is for safety only.
      if (this.durationChildren.size < 256) this.durationChildren.set(key, child);
    }
    return child;
  }

  readonly reloads = new Counter({
    name: 'canon_catalog_reloads_total',
    help: 'Catalog reload attempts by outcome: updated, unchanged or failed (the last good catalog keeps serving).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly catalogErrors = new Gauge({
    name: 'canon_catalog_errors',
    help: 'Errors of the latest catalog reload attempt (0 when it succeeded).',
    registers: [this.registry],
  });

  constructor({ processMetrics = true }: { processMetrics?: boolean } = {}) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'canon_' });
  }
}
