import type { Catalog } from '../catalog/types.js';
import { diffMetrics } from './diff-metrics.js';
import { diffModels } from './diff-models.js';
import type { CatalogDiff, DiffSummary, MetricChange, ModelChange } from './types.js';

/**
 * The semantic difference between two versions of a catalog: metrics and models added, removed,
 * renamed and changed field by field, each classified breaking or not. Comparison is on canonical
 * forms, so reformatting YAML or an expression, or moving a definition to another file, is no change.
 */
export function diffCatalogs(base: Catalog, head: Catalog): CatalogDiff {
  const metrics = diffMetrics(base, head);
  const models = diffModels(base, head);
  return { metrics, models, summary: summarise(metrics, models) };
}

function summarise(metrics: readonly MetricChange[], models: readonly ModelChange[]): DiffSummary {
  const count = (p: (m: MetricChange) => boolean): number => metrics.filter(p).length;
  const viaModels = new Set(models.flatMap((m) => m.affectedMetrics));
  const breakingChanged = new Set(metrics.filter((m) => m.kind === 'changed' && m.breaking).map((m) => m.name));
  for (const name of viaModels) breakingChanged.add(name);
  return {
    added: count((m) => m.kind === 'added'),
    removed: count((m) => m.kind === 'removed'),
    renamed: count((m) => m.kind === 'renamed'),
    breaking: breakingChanged.size,
    nonBreaking: count((m) => (m.kind === 'changed' || m.kind === 'renamed') && !m.breaking && !breakingChanged.has(m.name)),
    deprecated: count((m) => m.deprecated),
    modelsChanged: models.length,
  };
}
