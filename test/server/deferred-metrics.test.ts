/**
 * Deferred request-path metrics (server/observability/deferred-metrics.ts): what a scrape shows
 * must be exactly what prom-client would have shown had every inc/observe gone to it at once.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DeferredMetrics } from '../../server/observability/deferred-metrics.js';
import { ServerMetrics } from '../../server/observability/server-metrics.js';

describe('deferred metrics', () => {
  it('show every count and observation at the next scrape, as direct calls would', async () => {
    const registry = new Registry();
    const deferred = new DeferredMetrics();
    const flush = (): void => deferred.flush();
    const counter = new Counter({ name: 'c_total', help: 'c', labelNames: ['k'] as const, registers: [registry], collect: flush });
    const histogram = new Histogram({ name: 'h_seconds', help: 'h', buckets: [0.01, 0.1, 1], registers: [registry], collect: flush });
    const directCounter = new Counter({ name: 'd_total', help: 'd', labelNames: ['k'] as const, registers: [registry] });
    const directHistogram = new Histogram({ name: 'e_seconds', help: 'e', buckets: [0.01, 0.1, 1], registers: [registry] });
    const a = deferred.counter(counter.labels({ k: 'a' }));
    const observer = deferred.observer(histogram);
    const values = [0.005, 0.05, 0.5, 5, 0.05, 0.001];
    for (const v of values) {
      a.inc();
      observer.observe(v);
      directCounter.labels({ k: 'a' }).inc();
      directHistogram.observe(v);
    }
    const text = await registry.metrics();
    // The deferred metrics read exactly as the direct ones, name aside.
    const lines = (prefix: string): string[] => text.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
    expect(lines('c_total')).toEqual(lines('d_total'));
    expect(lines('h_seconds')).toEqual(lines('e_seconds'));
    expect(lines('c_total')).toEqual(['{k="a"} 6']);
    // Nothing pending is counted twice by a second scrape.
    expect((await registry.metrics()).split('\n').filter((l) => l.startsWith('c_total'))).toEqual(['c_total{k="a"} 6']);
  });

  it('applies pending values without a scrape once many are waiting', async () => {
    const registry = new Registry();
    const deferred = new DeferredMetrics();
    const counter = new Counter({ name: 'n_total', help: 'n', registers: [registry] });
    const n = deferred.counter(counter);
    for (let i = 0; i < 10_000; i++) n.inc();
    // No collect hook on this counter: only the bound on pending values applied them.
    expect((await counter.get()).values[0]?.value).toBe(10_000);
  });

  it('feed the server metrics a scrape reads', async () => {
    const metrics = new ServerMetrics({ processMetrics: false });
    metrics.cacheMiss.inc();
    metrics.cacheHit.inc();
    metrics.cacheHit.inc();
    metrics.warehouseDurationOf('local', 'ok').observe(0.004);
    const text = await metrics.registry.metrics();
    expect(text).toContain('canon_query_cache_total{outcome="hit"} 2');
    expect(text).toContain('canon_query_cache_total{outcome="miss"} 1');
    expect(text).toContain('canon_warehouse_query_duration_seconds_count{warehouse="local",outcome="ok"} 1');
  });
});
