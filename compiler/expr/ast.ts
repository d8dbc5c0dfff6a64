import type { SourceRange } from '../source/source.js';

/**
 * The expression language's syntax tree. Parsing yields only the syntactic kinds (`ref` for every
 * identifier); `checkExpression` returns a copy where each `ref` is replaced by what it names
 * (`column`, `dimension`, `metric`), so the planner never looks names up again.
 */
export type Expr =
  | LiteralExpr
  | IntervalExpr
  | RefExpr
  | ColumnExpr
  | DimensionExpr
  | MetricExpr
  | UnaryExpr
  | BinaryExpr
  | InExpr
  | BetweenExpr
  | IsNullExpr
  | LikeExpr
  | CaseExpr
  | CallExpr
  | LagExpr;

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

interface Node {
  /** Where the node came from; absent for nodes the compiler synthesises. */
  readonly range?: SourceRange;
}

export interface LiteralExpr extends Node {
  readonly kind: 'literal';
  /** `date`/`timestamp` literals keep their ISO text in `value`, with `literalType` saying which. */
  readonly literalType: 'number' | 'string' | 'boolean' | 'null' | 'date' | 'timestamp';
  readonly value: number | string | boolean | null;
}

/** `1 quarter` inside `lag(...)`. */
export interface IntervalExpr extends Node {
  readonly kind: 'interval';
  readonly count: number;
  readonly grain: Grain;
}

/** An unresolved identifier path as written: `stage` -> ['stage'], `account.segment` -> ['account','segment']. */
export interface RefExpr extends Node {
  readonly kind: 'ref';
  readonly path: readonly string[];
}

/** Resolved: a physical column of the model's table (inside model expressions only). */
export interface ColumnExpr extends Node {
  readonly kind: 'column';
  readonly name: string;
}

/** Resolved: a dimension, reached from the query's base model through `entityPath` (empty = same model). */
export interface DimensionExpr extends Node {
  readonly kind: 'dimension';
  readonly model: string;
  readonly name: string;
  readonly entityPath: readonly string[];
}

/** Resolved: a metric inside a derived formula (an offset comes from an enclosing `lag`). */
export interface MetricExpr extends Node {
  readonly kind: 'metric';
  readonly name: string;
}

export interface UnaryExpr extends Node {
  readonly kind: 'unary';
  readonly op: 'not' | '-';
  readonly operand: Expr;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'and' | 'or';

export interface BinaryExpr extends Node {
  readonly kind: 'binary';
  /** `<>` is normalised to `!=`. */
  readonly op: ArithmeticOp | ComparisonOp | LogicalOp;
  readonly left: Expr;
  readonly right: Expr;
}

export interface InExpr extends Node {
  readonly kind: 'in';
  readonly operand: Expr;
  readonly values: readonly Expr[];
  readonly negated: boolean;
}

export interface BetweenExpr extends Node {
  readonly kind: 'between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

export interface IsNullExpr extends Node {
  readonly kind: 'isNull';
  readonly operand: Expr;
  readonly negated: boolean;
}

export interface LikeExpr extends Node {
  readonly kind: 'like';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly negated: boolean;
}

export interface CaseExpr extends Node {
  readonly kind: 'case';
  readonly whens: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise: Expr | null;
}

export type FunctionName =
  | 'coalesce' | 'abs' | 'round' | 'floor' | 'ceil' | 'least' | 'greatest' | 'nullif'
  | 'days_between' | 'lower' | 'upper';

export interface CallExpr extends Node {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
}

/** `lag(metric, n grain)`: the metric's value `offset` earlier. Only in derived metric formulas. */
export interface LagExpr extends Node {
  readonly kind: 'lag';
  readonly metric: Expr;
  readonly offset: IntervalExpr;
}

export type Unit = 'currency' | 'percent' | 'ratio' | 'count' | 'days' | 'number';

/** The static type of an expression. `unit` only for numbers. */
export type ExprType =
  | { readonly base: 'number'; readonly unit: Unit }
  | { readonly base: 'boolean' | 'string' | 'time' | 'null' | 'unknown' };
