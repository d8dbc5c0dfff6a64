import type { Catalog, Metric } from './types.js';
import { walkExpr } from '../expr/walk-expr.js';

/** What a metric is computed from. All lists are sorted and free of duplicates. */
export interface MetricDependencies {
  /** Metrics named directly in its definition (ratio inputs, derived formula). */
  readonly directMetrics: readonly string[];
  /** Every metric reached through the definitions, directly or transitively. */
  readonly metrics: readonly string[];
  /** Measures named directly (simple, cumulative, conversion metrics). */
  readonly directMeasures: readonly string[];
  /** Every measure the metric is ultimately computed from. */
  readonly measures: readonly string[];
}

/** Metrics that use a metric. Sorted, without duplicates. */
export interface MetricDependents {
  /** Metrics naming it directly. */
  readonly direct: readonly string[];
  /** Every metric whose value changes when it changes. */
  readonly all: readonly string[];
}

/** Metric names a metric's definition mentions, in source order, with duplicates. */
export function directMetricReferences(metric: Metric): string[] {
  switch (metric.type) {
    case 'ratio':
      return [metric.numerator.metric, metric.denominator.metric];
    case 'derived': {
      const names: string[] = [];
      walkExpr(metric.expr, (node) => {
        if (node.kind === 'metric') names.push(node.name);
      });
      return names;
    }
    default:
      return [];
  }
}

/** Measure names a metric's definition mentions directly. */
export function directMeasureReferences(metric: Metric): string[] {
  switch (metric.type) {
    case 'simple':
    case 'cumulative':
      return [metric.measure];
    case 'conversion':
      return [metric.baseMeasure, metric.conversionMeasure];
    default:
      return [];
  }
}

export function metricDependencies(catalog: Pick<Catalog, 'metrics'>, name: string): MetricDependencies {
  // Own properties only: a name such as `constructor` must not find Object.prototype's.
  const root = Object.hasOwn(catalog.metrics, name) ? catalog.metrics[name] : undefined;
  if (!root) return { directMetrics: [], metrics: [], directMeasures: [], measures: [] };
  const metrics = new Set<string>();
  const measures = new Set<string>(directMeasureReferences(root));
  const pending = [...directMetricReferences(root)];
  while (pending.length > 0) {
    const next = pending.pop()!;
    // A cycle cannot reach a built catalog, but a guard keeps this total on any input.
    if (metrics.has(next) || next === name) continue;
    metrics.add(next);
    const metric = Object.hasOwn(catalog.metrics, next) ? catalog.metrics[next] : undefined;
    if (!metric) continue;
    for (const m of directMeasureReferences(metric)) measures.add(m);
    pending.push(...directMetricReferences(metric));
  }
  return {
    directMetrics: sortedUnique(directMetricReferences(root)),
    metrics: sortedUnique(metrics),
    directMeasures: sortedUnique(directMeasureReferences(root)),
    measures: sortedUnique(measures),
  };
}

export function metricDependents(catalog: Pick<Catalog, 'metrics'>, name: string): MetricDependents {
  const usedBy = new Map<string, Set<string>>();
  for (const metric of Object.values(catalog.metrics)) {
    for (const ref of directMetricReferences(metric)) {
      if (!usedBy.has(ref)) usedBy.set(ref, new Set());
      usedBy.get(ref)!.add(metric.name);
    }
  }
  const all = new Set<string>();
  const pending = [...(usedBy.get(name) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (all.has(next) || next === name) continue;
    all.add(next);
    pending.push(...(usedBy.get(next) ?? []));
  }
  return { direct: sortedUnique(usedBy.get(name) ?? []), all: sortedUnique(all) };
}

/** Metrics that depend on `name` through a measure: every metric computed from that measure. */
export function measureDependents(catalog: Pick<Catalog, 'metrics'>, measure: string): string[] {
  const direct = Object.values(catalog.metrics).filter((m) => directMeasureReferences(m).includes(measure));
  const all = new Set<string>();
  for (const m of direct) {
    all.add(m.name);
    for (const d of metricDependents(catalog, m.name).all) all.add(d);
  }
  return sortedUnique(all);
}

function sortedUnique(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}
