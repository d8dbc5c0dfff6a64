import type { Dimension, SemanticModel } from '../catalog/types.js';
import type { Expr, Unit } from '../expr/ast.js';
import { checkExpression, type CheckOptions, type CheckResult } from '../expr/check-expression.js';
import type { ExprScope, ScopeEntry } from '../expr/scope.js';
import { lookupDimension, reachableDimensionNames } from '../catalog/dimension-lookup.js';

/** What a model expression may see: its columns, and (for measures) the model's own dimensions. */
export interface ModelScopeInput {
  readonly model: string;
  /** Dimensions a bare identifier may name; empty for entity and dimension exprs (columns only). */
  readonly dimensions: readonly Dimension[];
}

function dimensionEntry(d: Dimension, entityPath: readonly string[]): ScopeEntry {
  return { kind: 'dimension', model: d.model, name: d.name, entityPath, type: d.type };
}

/**
 * Model context: a bare identifier is a column of the model's table, except in measure exprs where
 * a name of one of the model's dimensions means that dimension (docs/format.md).
 */
export function modelScope(input: ModelScopeInput): ExprScope {
  return {
    resolve(path) {
      if (path.length !== 1) return undefined;
      const dimension = input.dimensions.find((d) => d.name === path[0]);
      return dimension ? dimensionEntry(dimension, []) : { kind: 'column', name: path[0]! };
    },
    candidates: () => input.dimensions.map((d) => d.name).sort(),
  };
}

export function checkInModel(ast: Expr, input: ModelScopeInput, options: Partial<CheckOptions> = {}): CheckResult {
  return checkExpression(ast, modelScope(input), { context: 'model', ...options });
}

/**
 * Filter context for a metric whose measure lives on `base`: the base model's dimensions by name and
 * dimensions of joined models as `entity.dimension`. An ambiguous or missing join still resolves
 * here (to the first path, or the path as written) because the resolver reports those itself with
 * better messages than "unknown name"; a catalog with such errors is never built.
 */
export function metricFilterScope(models: Readonly<Record<string, SemanticModel>>, base: string): ExprScope {
  return {
    resolve(path) {
      const found = lookupDimension(models, base, path);
      switch (found.kind) {
        case 'found':
          return dimensionEntry(found.dimension, found.entityPath);
        case 'ambiguous': {
          const d = models[found.model]!.dimensions.find((x) => x.name === path[path.length - 1]);
          return d ? dimensionEntry(d, found.paths[0]!.entityPath) : undefined;
        }
        case 'no-join-path': {
          const d = models[found.model]!.dimensions.find((x) => x.name === path[path.length - 1]);
          return d ? dimensionEntry(d, path.slice(0, -1)) : undefined;
        }
        case 'unknown':
          return undefined;
      }
    },
    candidates: () => reachableDimensionNames(models, base),
  };
}

/** Derived context: identifiers are metric names, typed by each metric's unit. */
export function derivedScope(unitOf: (metric: string) => Unit | undefined, names: readonly string[]): ExprScope {
  return {
    resolve(path) {
      if (path.length !== 1) return undefined;
      const unit = unitOf(path[0]!);
      return unit === undefined ? undefined : { kind: 'metric', name: path[0]!, unit };
    },
    candidates: () => [...names].sort(),
  };
}
