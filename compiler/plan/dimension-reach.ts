/**
 * Which dimensions a model can reach, and along which joins. Many-to-one hops follow the catalog
 * join graph (a model to the one holding an entity as primary/unique). One-to-many hops (from the
 * entity's primary model to a model holding it as a foreign key) are also allowed for group-by and
 * filters, marked `fanOut` so the leaf de-duplicates before aggregating — e.g. accounts counted by
 * opportunity stage count each account once per stage.
 */
import type { Catalog, SemanticModel } from '../catalog/types.js';
import type { DimensionExpr } from '../expr/ast.js';
import { MAX_JOIN_HOPS } from '../catalog/join-graph.js';
import { PerCatalog, PerCatalogPair } from './catalog-memo.js';
import type { JoinHop, ReachedDimension } from './plan.js';
import { list } from '../sql/build.js';

type Models = Catalog['models'];

const hopMemo = new PerCatalog<readonly JoinHop[]>();

/** Every hop leaving `from`, deterministic order (computed once per catalog and model). */
export function hopsFrom(models: Models, from: string): readonly JoinHop[] {
  return hopMemo.get(models, from, () => computeHopsFrom(models, from));
}

function computeHopsFrom(models: Models, from: string): JoinHop[] {
  const model = models[from];
  if (!model) return [];
  const hops = list<JoinHop>();
  for (const entity of model.entities) {
    for (const target of Object.keys(models).sort()) {
      if (target === from) continue;
      const other = models[target]!.entities.find((e) => e.name === entity.name);
      if (!other) continue;
      if (other.type !== 'foreign') hops.push({ entity: entity.name, from, to: target, fanOut: false });
      else if (entity.type !== 'foreign') hops.push({ entity: entity.name, from, to: target, fanOut: true });
    }
  }
  return hops.sort((a, b) => a.entity.localeCompare(b.entity) || a.to.localeCompare(b.to));
}

const fanOuts = (hops: readonly JoinHop[]): number => hops.filter((h) => h.fanOut).length;

export type Reach =
  | { readonly kind: 'found'; readonly dimension: ReachedDimension }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous'; readonly options: readonly string[] };

const reachMemo = new PerCatalogPair<Reach>();

/**
 * Find `name` (`stage` or `entity.dimension`) from `base`. Shortest path wins; among equally short
 * paths the one with fewer fan-out hops; two different models still tied is ambiguous. Memoised per
 * catalog: the answer (shared, read-only) depends on the catalog alone.
 */
export function reachDimension(catalog: Catalog, base: string, name: string): Reach {
  return reachMemo.get(catalog, base, name, computeReach);
}

function computeReach(catalog: Catalog, base: string, name: string): Reach {
  const models = catalog.models;
  const parts = name.split('.');
  const dimName = parts[parts.length - 1]!;
  const entity = parts.length === 2 ? parts[0]! : null;
  if (parts.length > 2 || !models[base]) return { kind: 'none' };
  const hasDim = (m: SemanticModel | undefined): boolean => m?.dimensions.some((d) => d.name === dimName) ?? false;

  const baseModel = models[base]!;
  if (hasDim(baseModel) && (entity === null || baseModel.entities.some((e) => e.name === entity))) {
    return { kind: 'found', dimension: { model: base, name: dimName, hops: list<JoinHop>() } };
  }
  let frontier: JoinHop[][] = [[]];
  for (let depth = 1; depth <= MAX_JOIN_HOPS; depth++) {
    const next: JoinHop[][] = [];
    for (const path of frontier) {
      const at = path.length === 0 ? base : path[path.length - 1]!.to;
      const visited = new Set([base, ...path.map((h) => h.to)]);
      for (const hop of hopsFrom(models, at)) if (!visited.has(hop.to)) next.push([...path, hop]);
    }
    const found = next.filter((p) => {
      const last = p[p.length - 1]!;
      return hasDim(models[last.to]) && (entity === null || last.entity === entity || (models[last.to]!.entities.some((e) => e.name === entity && e.type !== 'foreign')));
    });
    if (found.length > 0) {
      const fewest = Math.min(...found.map(fanOuts));
      const best = found.filter((p) => fanOuts(p) === fewest);
      const targets = [...new Set(best.map((p) => p[p.length - 1]!.to))].sort();
      if (targets.length > 1) return { kind: 'ambiguous', options: targets.map((t) => `${t}.${dimName}`) };
      // Same target through several routes: prefer the one through the named entity, then by entity path.
      best.sort((a, b) => a.map((h) => h.entity).join('.').localeCompare(b.map((h) => h.entity).join('.')));
      return { kind: 'found', dimension: { model: targets[0]!, name: dimName, hops: best[0]! } };
    }
    frontier = next;
  }
  return { kind: 'none' };
}

/**
 * Hops for a resolved catalog DimensionExpr (`entityPath` from `base`, ending at `model`). Used for
 * dimension references inside metric and measure filters, which the resolver already checked.
 */
export function hopsForEntityPath(catalog: Catalog, base: string, entityPath: readonly string[], model: string): readonly JoinHop[] {
  return entityPathMemo.get(catalog, `${base}\u0000${entityPath.join('.')}\u0000${model}`, () => computeEntityPathHops(catalog, base, entityPath, model));
}

const entityPathMemo = new PerCatalog<readonly JoinHop[]>();

/**
 * The last answer per entity path array. A catalog expression is lowered from one base model every
 * time, and a request filter's references share the path array of their (memoised) scope entry,
 * so keying by the array skips building the memo's string key per reference and row source, and
 * adds no entry per request-filter node.
 */
const pathHops = new WeakMap<readonly string[], { readonly catalog: Catalog; readonly base: string; readonly model: string; readonly hops: readonly JoinHop[] }>();

/** hopsForEntityPath for a resolved dimension reference, memoised on its entity path array. */
export function hopsForReference(catalog: Catalog, base: string, node: DimensionExpr): readonly JoinHop[] {
  const path = node.entityPath;
  const hit = pathHops.get(path);
  if (hit !== undefined && hit.catalog === catalog && hit.base === base && hit.model === node.model) return hit.hops;
  const hops = hopsForEntityPath(catalog, base, path, node.model);
  pathHops.set(path, { catalog, base, model: node.model, hops });
  return hops;
}

function computeEntityPathHops(catalog: Catalog, base: string, entityPath: readonly string[], model: string): JoinHop[] {
  const hops = list<JoinHop>();
  let at = base;
  for (let i = 0; i < entityPath.length; i++) {
    const entity = entityPath[i]!;
    const last = i === entityPath.length - 1;
    const candidates = hopsFrom(catalog.models, at).filter((h) => h.entity === entity);
    const hop = (last ? candidates.find((h) => h.to === model) : undefined) ?? candidates.find((h) => !h.fanOut) ?? candidates[0];
    if (!hop) throw new Error(`no join from model '${at}' along entity '${entity}' (catalog invariant broken)`);
    hops.push(hop);
    at = hop.to;
  }
  if (at !== model && entityPath.length > 0) throw new Error(`entity path ${entityPath.join('.')} from '${base}' ends at '${at}', not '${model}'`);
  return hops;
}

const namesMemo = new PerCatalog<readonly string[]>();

/**
 * Every dimension name reachable from `base`, dotted where the dimension lives elsewhere (for
 * hints). Computed once per catalog and model; callers get a copy.
 */
export function reachableDimensionNames(catalog: Catalog, base: string): string[] {
  return [...namesMemo.get(catalog, base, () => computeReachableNames(catalog, base))];
}

function computeReachableNames(catalog: Catalog, base: string): string[] {
  const names = new Set<string>();
  const model = catalog.models[base];
  if (!model) return [];
  for (const d of model.dimensions) names.add(d.name);
  let frontier: { at: string; visited: Set<string> }[] = [{ at: base, visited: new Set([base]) }];
  for (let depth = 1; depth <= MAX_JOIN_HOPS; depth++) {
    const next: typeof frontier = [];
    for (const f of frontier) {
      for (const hop of hopsFrom(catalog.models, f.at)) {
        if (f.visited.has(hop.to)) continue;
        for (const d of catalog.models[hop.to]!.dimensions) {
          names.add(`${hop.entity}.${d.name}`);
          names.add(d.name);
        }
        next.push({ at: hop.to, visited: new Set([...f.visited, hop.to]) });
      }
    }
    frontier = next;
  }
  return [...names].sort();
}
