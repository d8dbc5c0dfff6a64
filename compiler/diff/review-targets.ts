import { metricDependents } from '../catalog/dependencies.js';
import type { Catalog } from '../catalog/types.js';
import type { CatalogDiff, MetricChange } from './types.js';

/** A metric the PR report gives its own section to. */
export interface ReviewTarget {
  readonly name: string;
  readonly change?: MetricChange;
  readonly viaModels: readonly string[];
  /** Head metrics built on it, transitively, sorted. */
  readonly dependents: readonly string[];
}

/**
 * The metrics a reviewer must look at: every metric whose definition changed (in any way, so
 * metadata edits are shown too) and every metric a breaking model change reaches. Sorted by name.
 */
export function reviewTargets(diff: CatalogDiff, base: Catalog, head: Catalog): ReviewTarget[] {
  const byName = new Map<string, { change?: MetricChange; viaModels: string[] }>();
  for (const change of diff.metrics) byName.set(change.name, { change, viaModels: [] });
  for (const model of diff.models) {
    for (const name of model.affectedMetrics) {
      const entry = byName.get(name) ?? { viaModels: [] };
      entry.viaModels.push(model.name);
      byName.set(name, entry);
    }
  }
  return [...byName.keys()].sort().map((name) => {
    const entry = byName.get(name)!;
    const catalog = name in head.metrics ? head : base;
    return {
      name,
      ...(entry.change ? { change: entry.change } : {}),
      viaModels: entry.viaModels.sort(),
      dependents: [...metricDependents(catalog, name).all],
    };
  });
}
