import type { ServerMetrics } from './server-metrics.js';

interface BoundChildren {
  readonly duration: { observe(seconds: number): void };
  readonly ok: { inc(): void };
}

/**
 * Counts a GraphQL request and its latency by operation name, wherever it was answered (yoga, or
 * the HTTP front door's memo), so `canon_graphql_requests_total` counts every request served.
 */
export class RequestRecorder {
  /**
   * Label children bound once per operation name: prom-client hashes the label object on every
   * unbound call. Bounded, since operation names come from clients.
   */
  private readonly bound = new Map<string, BoundChildren>();

  /** @param maxBound operation names whose children stay bound; later ones take the unbound path. */
  constructor(
    private readonly metrics: ServerMetrics,
    private readonly maxBound = 1000,
  ) {}

  record(operation: string, status: number, seconds: number): void {
    const children = status < 400 ? this.boundFor(operation) : undefined;
    if (children) {
      children.duration.observe(seconds);
      children.ok.inc();
      return;
    }
    this.metrics.requestDuration.observe({ operation }, seconds);
    this.metrics.requests.inc({ operation, outcome: status >= 400 ? `http_${status}` : 'ok' });
  }

  private boundFor(operation: string): BoundChildren | undefined {
    let children = this.bound.get(operation);
    if (!children && this.bound.size < this.maxBound) {
      children = {
        duration: this.metrics.deferred.observer(this.metrics.requestDuration.labels({ operation })),
        ok: this.metrics.deferred.counter(this.metrics.requests.labels({ operation, outcome: 'ok' })),
      };
      this.bound.set(operation, children);
    }
    return children;
  }
}
