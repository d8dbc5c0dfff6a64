import { directMeasureReferences, directMetricReferences } from '../catalog/dependencies.js';
import type { Catalog, Metric } from '../catalog/types.js';

/** Metrics of `catalog` that name `name` directly, sorted. Unknown names still match, so a removed
 * metric that a head metric still names is found. */
export function metricsNaming(catalog: Catalog, name: string): string[] {
  return Object.values(catalog.metrics)
    .filter((m) => directMetricReferences(m).includes(name))
    .map((m) => m.name)
    .sort();
}

/** Metrics of `catalog` that aggregate any of `measures`, directly or through other metrics, sorted. */
export function metricsUsingMeasures(catalog: Catalog, measures: ReadonlySet<string>): string[] {
  return closure(catalog, (m) => directMeasureReferences(m).some((n) => measures.has(n)));
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
      if (directMetricReferences(metric).some((n) => hit.has(n))) {
        hit.add(metric.name);
        grew = true;
      }
    }
  }
  return [...hit].sort();
}
