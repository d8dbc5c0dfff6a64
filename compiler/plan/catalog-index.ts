/**
 * Measures by name and dimensions by model and name, built once per catalog object on its first
 * use (a compiled catalog is never mutated) and shared read-only by every request, instead of a
 * linear `find` (and its callback) per lookup on the planner's and the lowering's hot paths.
 * Lookups answer exactly what `models[measureIndex[name]].measures.find(...)` and
 * `models[model].dimensions.find(...)` answered: the first match in catalog order.
 */
import type { Catalog, Dimension, Measure } from '../catalog/types.js';

interface CatalogIndex {
  readonly measures: ReadonlyMap<string, Measure>;
  readonly dimensions: ReadonlyMap<string, ReadonlyMap<string, Dimension>>;
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

function indexOf(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (index === undefined) {
    const measures = new Map<string, Measure>();
    for (const name of Object.keys(catalog.measureIndex)) {
      const model = catalog.measureIndex[name];
      const measure = model === undefined ? undefined : catalog.models[model]?.measures.find((m) => m.name === name);
      if (measure) measures.set(name, measure);
    }
    const dimensions = new Map<string, Map<string, Dimension>>();
    for (const model of Object.keys(catalog.models)) {
      const byName = new Map<string, Dimension>();
      for (const d of catalog.models[model]!.dimensions) if (!byName.has(d.name)) byName.set(d.name, d);
      dimensions.set(model, byName);
    }
    index = { measures, dimensions };
    indexes.set(catalog, index);
  }
  return index;
}

/** The measure named `name` (through the catalog's measure index), if any. */
export function measureNamed(catalog: Catalog, name: string): Measure | undefined {
  return indexOf(catalog).measures.get(name);
}

/** The dimension `name` of model `model`, if any. */
export function dimensionNamed(catalog: Catalog, model: string, name: string): Dimension | undefined {
  return indexOf(catalog).dimensions.get(model)?.get(name);
}
