import { MAX_JOIN_HOPS, shortestJoinPaths, type JoinPath } from './join-graph.js';
import type { Dimension, SemanticModel } from './types.js';

export type DimensionLookup =
  | {
      readonly kind: 'found';
      readonly dimension: Dimension;
      /** Entities to follow from the base model (empty for the base model's own dimensions). */
      readonly entityPath: readonly string[];
    }
  /** The dimension exists but two different shortest join paths reach it. */
  | { readonly kind: 'ambiguous'; readonly model: string; readonly paths: readonly JoinPath[] }
  /** The dimension exists on a model holding the entity, but no join path within the hop limit reaches it. */
  | { readonly kind: 'no-join-path'; readonly model: string }
  | { readonly kind: 'unknown'; readonly candidates: readonly string[] };

type Models = Readonly<Record<string, SemanticModel>>;

/**
 * Looks up a dimension as written in a metric filter or a request, seen from `base` (the model of the
 * measure being filtered): `stage` is the base model's own dimension; `account.segment` is dimension
 * `segment` of the model holding entity `account` as primary/unique, reached by the shortest join path
 * whose last hop is `account`; `account.owner_rep.team` spells out more of the path.
 */
export function lookupDimension(models: Models, base: string, path: readonly string[]): DimensionLookup {
  // Pure in (models, base, path) and models records are immutable: remember answers per record.
  let cache = LOOKUPS.get(models);
  if (!cache) LOOKUPS.set(models, (cache = new Map()));
  const key = `${base}\0${path.join('\0')}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const found = lookupUncached(models, base, path);
  cache.set(key, found);
  return found;
}

const LOOKUPS = new WeakMap<Models, Map<string, DimensionLookup>>();

function lookupUncached(models: Models, base: string, path: readonly string[]): DimensionLookup {
  const baseModel = Object.hasOwn(models, base) ? models[base] : undefined;
  if (!baseModel || path.length === 0) return { kind: 'unknown', candidates: [] };
  const name = path[path.length - 1]!;
  const entities = path.slice(0, -1);
  if (entities.length === 0) {
    const own = baseModel.dimensions.find((d) => d.name === name);
    if (own) return { kind: 'found', dimension: own, entityPath: [] };
    return { kind: 'unknown', candidates: reachableDimensionNames(models, base) };
  }
  const last = entities[entities.length - 1]!;
  // `opportunity.stage` on opportunities itself: the entity names the base model, no join needed.
  if (entities.length === 1 && holds(baseModel, last)) {
    const own = baseModel.dimensions.find((d) => d.name === name);
    if (own) return { kind: 'found', dimension: own, entityPath: [] };
  }
  const targets = Object.keys(models)
    .sort()
    .filter((m) => m !== base && holds(models[m]!, last) && models[m]!.dimensions.some((d) => d.name === name));
  if (targets.length === 0) return { kind: 'unknown', candidates: reachableDimensionNames(models, base) };
  const found: { model: string; path: JoinPath }[] = [];
  for (const model of targets) {
    for (const path of shortestJoinPaths(models, base, model, { entitySuffix: entities, maxHops: MAX_JOIN_HOPS })) {
      found.push({ model, path });
    }
  }
  if (found.length === 0) return { kind: 'no-join-path', model: targets[0]! };
  const shortest = Math.min(...found.map((f) => f.path.steps.length));
  const best = found.filter((f) => f.path.steps.length === shortest);
  if (best.length > 1) return { kind: 'ambiguous', model: best[0]!.model, paths: best.map((b) => b.path) };
  const only = best[0]!;
  return {
    kind: 'found',
    dimension: models[only.model]!.dimensions.find((d) => d.name === name)!,
    entityPath: only.path.entityPath,
  };
}

function holds(model: SemanticModel, entity: string): boolean {
  return model.entities.some((e) => e.name === entity && e.type !== 'foreign');
}

/**
 * Names a filter on `base` may use, for "did you mean": own dimensions bare, joined ones as
 * `entity.dimension` through the last entity of each shortest path.
 */
export function reachableDimensionNames(models: Models, base: string): string[] {
  const baseModel = Object.hasOwn(models, base) ? models[base] : undefined;
  if (!baseModel) return [];
  const names = new Set(baseModel.dimensions.map((d) => d.name));
  for (const target of Object.keys(models).sort()) {
    if (target === base) continue;
    for (const path of shortestJoinPaths(models, base, target)) {
      const last = path.entityPath[path.entityPath.length - 1]!;
      for (const d of models[target]!.dimensions) names.add(`${last}.${d.name}`);
    }
  }
  return [...names].sort();
}
