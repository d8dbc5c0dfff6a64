import type { Catalog, Metric } from '../catalog/types.js';
import type { Expr } from '../expr/ast.js';

/**
 * What a metric is built from, as the diff needs it: the metrics it names directly (ratio inputs,
 * names in a derived formula) and the measures it aggregates directly. Unknown names are kept, so
 * a removed metric that a head metric still names is found.
 */
export interface MetricUses {
  readonly metrics: readonly string[];
  readonly measures: readonly string[];
}

type UsesOf = { [K in Metric['type']]: (metric: Extract<Metric, { type: K }>) => MetricUses };

const usesOf: UsesOf = {
  simple: (m) => ({ metrics: [], measures: [m.measure] }),
  cumulative: (m) => ({ metrics: [], measures: [m.measure] }),
  conversion: (m) => ({ metrics: [], measures: [m.baseMeasure, m.conversionMeasure] }),
  ratio: (m) => ({ metrics: [m.numerator.metric, m.denominator.metric], measures: [] }),
  derived: (m) => ({ metrics: metricNames(m.expr), measures: [] }),
};

export function metricUses(metric: Metric): MetricUses {
  const f = usesOf[metric.type] as (m: Metric) => MetricUses;
  return f(metric);
}

/** Metric names inside a derived formula, sorted and unique. */
function metricNames(expr: Expr): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['kind'] === 'metric' && typeof record['name'] === 'string') found.add(record['name']);
    // An unresolved ref in a derived formula can only name a metric.
    if (record['kind'] === 'ref' && Array.isArray(record['path'])) found.add((record['path'] as string[]).join('.'));
    for (const [key, value] of Object.entries(record)) if (key !== 'range') visit(value);
  };
  visit(expr);
  return [...found].sort();
}

/** Metrics of `catalog` that use any of `names` directly or through other metrics, sorted. */
export function metricsUsingMetrics(catalog: Catalog, names: ReadonlySet<string>): string[] {
  return closure(catalog, (m) => metricUses(m).metrics.some((n) => names.has(n)));
}

/** Metrics of `catalog` that aggregate any of `measures`, directly or through other metrics, sorted. */
export function metricsUsingMeasures(catalog: Catalog, measures: ReadonlySet<string>): string[] {
  return closure(catalog, (m) => metricUses(m).measures.some((n) => measures.has(n)));
}

/** The metrics matched by `seed`, plus every metric that uses one of them: a fixed point. */
function closure(catalog: Catalog, seed: (m: Metric) => boolean): string[] {
  const hit = new Set<string>();
  for (const metric of Object.values(catalog.metrics)) if (seed(metric)) hit.add(metric.name);
  let grew = true;
  while (grew) {
    grew = false;
    for (const metric of Object.values(catalog.metrics)) {
      if (hit.has(metric.name)) continue;
      if (metricUses(metric).metrics.some((n) => hit.has(n))) {
        hit.add(metric.name);
        grew = true;
      }
    }
  }
  return [...hit].sort();
}
