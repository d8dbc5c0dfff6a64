/**
 * The logical plan of one metric request: dialect-neutral, serialisable, printable (explain-plan.ts).
 *
 * A request becomes a set of *leaves*, each one aggregate computed on one semantic model at the
 * requested keys (dimensions + metric_time), and *outputs*, each a value expression over leaf
 * columns. Leaves are combined on the keys with FULL OUTER JOIN semantics; a leaf with a `shift`
 * (lag, compare-to) is computed on an earlier range and moved forward, and only LEFT JOINed so it
 * never adds rows of its own.
 */
import type { DimensionType, Window } from '../catalog/types.js';
import type { Expr, Unit } from '../expr/ast.js';
import type { RequestGrain } from '../request/request.js';

/** A period shift: whole months (month, quarter, year) or whole days (day, week). */
export interface Shift {
  readonly months: number;
  readonly days: number;
}

/** One join step from a model to another along an entity. */
export interface JoinHop {
  readonly entity: string;
  readonly from: string;
  readonly to: string;
  /**
   * True when the hop goes from the entity's primary model to a model holding it as a foreign key:
   * one-to-many, so the leaf de-duplicates its rows on the base model's primary key before aggregating.
   */
  readonly fanOut: boolean;
}

/** A dimension as seen from one leaf's base model. */
export interface ReachedDimension {
  readonly model: string;
  readonly name: string;
  readonly hops: readonly JoinHop[];
}

/** A requested group-by dimension (output column). */
export interface PlanDimension {
  /** As requested: `stage`, `account.segment`. */
  readonly request: string;
  /** Output column name: dots become double underscores (`account__segment`). */
  readonly column: string;
  readonly type: DimensionType;
}

export interface PlanTime {
  readonly grain: RequestGrain;
  readonly timeZone: string;
  readonly fiscalYearStartMonth: number;
  readonly weekStart: 'monday' | 'sunday';
}

/**
 * Inclusive from, exclusive to, local ISO dates; either may be absent (undefined). Both are always
 * present as properties, `from` first: one shape for every range keeps the lowering's loads
 * monomorphic, and JSON (leaf keys) drops undefined values, so keys are unchanged.
 */
export interface DateRange {
  readonly from: string | undefined;
  readonly to: string | undefined;
}

/** What one leaf's model contributes: measure, filters, dimension paths, time dimension. */
export interface MeasureInput {
  readonly model: string;
  readonly measure: string;
  /** Catalog filters (metric filter, ratio input filter) and the request filter, resolved for `model`. */
  readonly filters: readonly Expr[];
  /** One per plan dimension, in plan order. */
  readonly dimensions: readonly ReachedDimension[];
  /** Time dimension of `model` used for metric_time and the time range; null when none. */
  readonly timeDimension: string | null;
}

interface LeafBase {
  /** Deterministic CTE name (`leaf_1`, ...). */
  readonly id: string;
  /** Period shift forward applied to this leaf's metric_time (lag / compare); null for none. */
  readonly shift: Shift | null;
  /** Time range this leaf reads (already moved back by `shift`). */
  readonly range: DateRange;
}

export interface AggregateLeaf extends LeafBase {
  readonly kind: 'aggregate';
  readonly input: MeasureInput;
  /** Semi-additive: keep only rows at the last (max) / first (min) snapshot of each period. */
  readonly snapshot: { readonly dimension: string; readonly choice: 'min' | 'max' } | null;
}

export interface CumulativeLeaf extends LeafBase {
  readonly kind: 'cumulative';
  readonly input: MeasureInput;
  readonly window: Window | null;
  readonly grainToDate: RequestGrain | null;
}

export interface ConversionLeaf extends LeafBase {
  readonly kind: 'conversion';
  readonly entity: string;
  readonly base: MeasureInput;
  readonly conversion: MeasureInput;
  readonly window: Window;
}

export type Leaf = AggregateLeaf | CumulativeLeaf | ConversionLeaf;

/** A value over leaf columns. */
export type ValueExpr =
  | { readonly kind: 'leaf'; readonly leaf: string; readonly column: 'value' | 'base' | 'conversions' }
  | { readonly kind: 'ratio'; readonly numerator: ValueExpr; readonly denominator: ValueExpr }
  /** A derived formula: `metric` / `lag` nodes of `expr` map to `inputs` by key (see formulaInputKey). */
  | { readonly kind: 'formula'; readonly expr: Expr; readonly inputs: Readonly<Record<string, ValueExpr>> }
  | { readonly kind: 'change'; readonly current: ValueExpr; readonly previous: ValueExpr; readonly relative: boolean };

export interface PlanOutput {
  readonly column: string;
  readonly value: ValueExpr;
  readonly unit: Unit;
}

export interface QueryPlan {
  readonly kind: 'query';
  readonly dimensions: readonly PlanDimension[];
  readonly time: PlanTime | null;
  readonly range: DateRange;
  readonly leaves: readonly Leaf[];
  readonly outputs: readonly PlanOutput[];
  readonly orderBy: readonly { readonly column: string; readonly descending: boolean }[];
  readonly limit: number | null;
}
