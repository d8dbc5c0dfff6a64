import type { DimensionType } from '../catalog/types.js';
import type { Unit } from './ast.js';

/** What a name in an expression stands for, as the resolver knows it. */
export type ScopeEntry =
  | {
      readonly kind: 'column';
      /** Physical column of the model's table (models have no declared column types: typed `unknown`). */
      readonly name: string;
    }
  | {
      readonly kind: 'dimension';
      /** Semantic model that defines the dimension. */
      readonly model: string;
      /** Dimension name within that model. */
      readonly name: string;
      /** Entities followed from the base model to reach `model`; empty when it is the same model. */
      readonly entityPath: readonly string[];
      /** Decides the expression type: categorical is string, time is time, boolean, number. */
      readonly type: DimensionType;
      /** Unit of a `number` dimension; default `number` (unitless). */
      readonly unit?: Unit;
    }
  | {
      readonly kind: 'metric';
      /** Metric name (derived formulas only). */
      readonly name: string;
      /** The metric's unit, which drives the unit algebra. */
      readonly unit: Unit;
    };

/**
 * The names an expression may use, supplied by whoever checks it: the resolver (columns and
 * same-model dimensions for a model, metrics for a derived formula) or the planner (dimensions
 * reachable from the query's models for a request filter).
 */
export interface ExprScope {
  /** What `path` (`['stage']`, `['account', 'segment']`) names, or undefined when nothing. */
  resolve(path: readonly string[]): ScopeEntry | undefined;
  /** Every name this scope knows, dotted (`account.segment`), for "did you mean" hints. */
  candidates(): string[];
}

/** A scope over a fixed list of entries keyed by dotted path; handy for tests and simple callers. */
export function mapScope(entries: Readonly<Record<string, ScopeEntry>>): ExprScope {
  return {
    resolve: (path) => (Object.hasOwn(entries, path.join('.')) ? entries[path.join('.')] : undefined),
    candidates: () => Object.keys(entries).sort(),
  };
}
