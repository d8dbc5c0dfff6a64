import { metricDependents } from '../catalog/dependencies.js';
import type { Catalog } from '../catalog/types.js';
import type { CatalogDiff, MetricChange } from './types.js';

/** A metric the PR report gives its own section to. */
export interface ReviewTarget {
  readonly name: string;
  readonly change?: MetricChange;
  /** Models whose breaking change reaches this metric. */
  readonly viaModels: readonly string[];
  /** Changed metrics (breaking) this one is built on, when it did not change itself. */
  readonly viaMetrics: readonly string[];
  /** Head metrics built on it, transitively, sorted. */
  readonly dependents: readonly string[];
}

/**
 * The metrics a reviewer must look at: every metric whose definition changed (in any way, so
 * metadata edits are shown too), every metric a breaking model change reaches, and every metric
 * built on a metric that changed in a breaking way (a ratio whose numerator moved moves too).
 * Sorted by name.
 */
export function reviewTargets(diff: CatalogDiff, base: Catalog, head: Catalog): ReviewTarget[] {
  const byName = new Map<string, { change?: MetricChange; viaModels: string[]; viaMetrics: string[] }>();
  const entry = (name: string) => {
    const found = byName.get(name) ?? { viaModels: [], viaMetrics: [] };
    byName.set(name, found);
    return found;
  };
  for (const change of diff.metrics) entry(change.name).change = change;
  for (const model of diff.models) for (const name of model.affectedMetrics) entry(name).viaModels.push(model.name);
  const dependentsOf = (name: string): string[] => [...metricDependents(name in head.metrics ? head : base, name).all];
  for (const change of diff.metrics) {
    if (!change.breaking || change.kind === 'removed') continue;
    for (const dependent of dependentsOf(change.name)) {
      if (byName.get(dependent)?.change) continue;
      entry(dependent).viaMetrics.push(change.name);
    }
  }
  return [...byName.keys()].sort().map((name) => {
    const found = byName.get(name)!;
    return {
      name,
      ...(found.change ? { change: found.change } : {}),
      viaModels: [...new Set(found.viaModels)].sort(),
      viaMetrics: [...new Set(found.viaMetrics)].sort(),
      dependents: dependentsOf(name),
    };
  });
}
