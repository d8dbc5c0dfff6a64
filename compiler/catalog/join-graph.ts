import type { Catalog, SemanticModel } from './types.js';

/**
 * The join graph: semantic models are nodes; there is an edge from model A to model B, labelled with
 * an entity, when A has that entity (any type) and B holds it as primary or unique. Following such an
 * edge is many-to-one (or one-to-one), so joining along it never fans out A's rows.
 */

/** Joins are found up to this many hops; longer chains are almost always a modelling mistake. */
export const MAX_JOIN_HOPS = 3;

/** One hop: from `from`, through entity `entity`, to the model holding it as primary/unique. */
export interface JoinStep {
  /** Model whose rows are being extended. */
  readonly from: string;
  /** Model joined in (holds `entity` as primary or unique). */
  readonly to: string;
  /** Entity name shared by both models: the join key. */
  readonly entity: string;
}

/** A path from a base model to a target model; empty steps when both are the same model. */
export interface JoinPath {
  readonly steps: readonly JoinStep[];
  /** The entity names along the path, in order (what `DimensionExpr.entityPath` holds). */
  readonly entityPath: readonly string[];
}

export type JoinPathResult =
  | { readonly kind: 'found'; readonly path: JoinPath }
  | { readonly kind: 'none' }
  /** Two or more different shortest paths: the caller must ask the user to spell one out. */
  | { readonly kind: 'ambiguous'; readonly paths: readonly JoinPath[] };

type Models = Readonly<Record<string, SemanticModel>>;

/**
 * Edges of every model, built once per models record. Catalog records are immutable, so a record
 * seen before has the same edges; the cache keeps path finding linear in the number of lookups
 * instead of re-scanning every model pair for each filter reference.
 */
const EDGES = new WeakMap<Models, ReadonlyMap<string, readonly JoinStep[]>>();

function allEdges(models: Models): ReadonlyMap<string, readonly JoinStep[]> {
  const cached = EDGES.get(models);
  if (cached) return cached;
  const holders = new Map<string, string[]>();
  const names = Object.keys(models).sort();
  for (const name of names) {
    for (const entity of models[name]!.entities) {
      if (entity.type === 'foreign') continue;
      if (!holders.has(entity.name)) holders.set(entity.name, []);
      if (!holders.get(entity.name)!.includes(name)) holders.get(entity.name)!.push(name);
    }
  }
  const edges = new Map<string, readonly JoinStep[]>();
  for (const from of names) {
    const steps: JoinStep[] = [];
    for (const entity of models[from]!.entities) {
      for (const to of holders.get(entity.name) ?? []) {
        if (to !== from) steps.push({ from, to, entity: entity.name });
      }
    }
    edges.set(from, steps.sort((a, b) => a.entity.localeCompare(b.entity) || a.to.localeCompare(b.to)));
  }
  EDGES.set(models, edges);
  return edges;
}

/** Every edge leaving `from`, sorted by entity then target model so traversal is deterministic. */
export function joinEdges(models: Models, from: string): readonly JoinStep[] {
  return (Object.hasOwn(models, from) ? allEdges(models).get(from) : undefined) ?? [];
}

/**
 * All shortest paths (at most `maxHops` hops) from `from` to `to`. With `entitySuffix`, only paths
 * whose entity path ends with those entities count: `account.segment` asks for a path whose last hop
 * goes through `account`. Sorted by entity path for deterministic messages.
 */
export function shortestJoinPaths(
  models: Models,
  from: string,
  to: string,
  options: { readonly entitySuffix?: readonly string[]; readonly maxHops?: number } = {},
): JoinPath[] {
  const suffix = options.entitySuffix ?? [];
  const maxHops = options.maxHops ?? MAX_JOIN_HOPS;
  const matches = (steps: readonly JoinStep[]): boolean =>
    steps.length >= suffix.length && suffix.every((e, i) => steps[steps.length - suffix.length + i]!.entity === e);
  if (!Object.hasOwn(models, from) || !Object.hasOwn(models, to)) return [];
  let frontier: JoinStep[][] = [[]];
  for (let hops = 0; hops <= maxHops; hops++) {
    const found = frontier.filter((steps) => (steps.length === 0 ? from : steps[steps.length - 1]!.to) === to && matches(steps));
    if (found.length > 0) return found.map(toPath).sort((a, b) => a.entityPath.join('.').localeCompare(b.entityPath.join('.')));
    if (hops === maxHops) break;
    const next: JoinStep[][] = [];
    for (const steps of frontier) {
      const at = steps.length === 0 ? from : steps[steps.length - 1]!.to;
      const visited = new Set([from, ...steps.map((s) => s.to)]);
      for (const edge of joinEdges(models, at)) {
        if (!visited.has(edge.to)) next.push([...steps, edge]);
      }
    }
    frontier = next;
  }
  return [];
}

/** The join path from `from` to `to` for the planner: found, none within the hop limit, or ambiguous. */
export function findJoinPath(
  catalog: Pick<Catalog, 'models'>,
  from: string,
  to: string,
  entitySuffix?: readonly string[],
): JoinPathResult {
  const paths = shortestJoinPaths(catalog.models, from, to, entitySuffix ? { entitySuffix } : {});
  if (paths.length === 0) return { kind: 'none' };
  if (paths.length > 1) return { kind: 'ambiguous', paths };
  return { kind: 'found', path: paths[0]! };
}

function toPath(steps: readonly JoinStep[]): JoinPath {
  return { steps, entityPath: steps.map((s) => s.entity) };
}
