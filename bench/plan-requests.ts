/**
 * The distinct requests bench:plan times and bench/plan-hash.ts fingerprints: generated from a
 * seeded LCG so every run (and both scripts) see the same ones.
 */
import type { Catalog } from '../compiler/catalog/types.js';
import type { MetricRequest, RequestGrain } from '../compiler/request/request.js';

const GRAINS: readonly RequestGrain[] = ['day', 'week', 'month', 'quarter', 'year', 'fiscal_quarter', 'fiscal_year'];
const GROUPINGS: readonly (readonly string[])[] = [[], ['segment'], ['account.region'], ['account.segment'], ['source'], ['segment', 'account.region']];
const FILTERS: readonly ((i: number) => string | undefined)[] = [
  () => undefined,
  (i) => `account.region != 'r${i}'`,
  (i) => `segment in ('smb', 's${i}')`,
  (i) => `account.region = 'emea' or segment = 's${i}'`,
];

/** Deterministic pseudo-random integers (a small LCG), so every run measures the same requests. */
export function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

function isoDay(offset: number): string {
  return new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The i-th request: distinct by construction (the filter literal and the range carry `i`). */
export function requestAt(i: number, pick: (n: number) => number, metricNames: readonly string[]): MetricRequest {
  const count = 1 + pick(3);
  const metrics = new Set<string>();
  while (metrics.size < count) metrics.add(metricNames[pick(metricNames.length)]!);
  const where = FILTERS[pick(FILTERS.length)]!(i);
  const groupBy = GROUPINGS[pick(GROUPINGS.length)]!;
  const from = pick(900);
  return {
    metrics: [...metrics],
    grain: GRAINS[pick(GRAINS.length)]!,
    ...(groupBy.length > 0 ? { groupBy } : {}),
    ...(where ? { where } : {}),
    timeRange: { from: isoDay(from), to: isoDay(from + 30 + (i % 700)) },
  };
}

/** The bench's warm-up and timed requests, in the order bench:plan uses them (warm-up drawn first). */
export function benchRequests(catalog: Catalog, requests: number, warmup: number): { warm: MetricRequest[]; timed: MetricRequest[] } {
  const metricNames = Object.keys(catalog.metrics).sort();
  const pick = lcg(42);
  const warm = Array.from({ length: warmup }, (_, i) => requestAt(requests + i, pick, metricNames));
  const timed = Array.from({ length: requests }, (_, i) => requestAt(i, pick, metricNames));
  return { warm, timed };
}

/**
 * More requests after `benchRequests`' (bench:plan's steady-state phase): another seed, and
 * numbers from `firstIndex` on, so their filter literals and ranges differ from the first phase's.
 */
export function laterRequests(catalog: Catalog, firstIndex: number, count: number): MetricRequest[] {
  const metricNames = Object.keys(catalog.metrics).sort();
  const pick = lcg(4242);
  return Array.from({ length: count }, (_, i) => requestAt(firstIndex + i, pick, metricNames));
}
