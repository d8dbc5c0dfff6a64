import type { SourceRange } from '../source/source.js';
import type {
  BetweenExpr, BinaryExpr, CallExpr, CaseExpr, ColumnExpr, DimensionExpr, Expr, FunctionName, Grain, InExpr,
  IntervalExpr, IsNullExpr, LagExpr, LikeExpr, LiteralExpr, MetricExpr, RefExpr, UnaryExpr,
} from './ast.js';

/**
 * Small constructors for every node kind, so the parser, the checker and tests build trees the same
 * way. `range` is left off entirely (not set to undefined) for synthesised nodes, which keeps golden
 * comparisons and serialised catalogs clean.
 */
function at<T extends object>(node: T, range: SourceRange | undefined): T {
  // `node` is always a literal built by the caller, so setting the key (last, as a spread would put
  // it) is safe, and far cheaper than copying the node: parsing builds one node per token.
  if (range) (node as { range?: SourceRange }).range = range;
  return node;
}

export const number = (value: number, range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'number', value }, range);
export const string = (value: string, range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'string', value }, range);
export const boolean = (value: boolean, range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'boolean', value }, range);
export const nullLiteral = (range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'null', value: null }, range);
export const date = (value: string, range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'date', value }, range);
export const timestamp = (value: string, range?: SourceRange): LiteralExpr => at({ kind: 'literal', literalType: 'timestamp', value }, range);

export const interval = (count: number, grain: Grain, range?: SourceRange): IntervalExpr => at({ kind: 'interval', count, grain }, range);
export const ref = (path: readonly string[], range?: SourceRange): RefExpr => at({ kind: 'ref', path }, range);
export const column = (name: string, range?: SourceRange): ColumnExpr => at({ kind: 'column', name }, range);
export const dimension = (model: string, name: string, entityPath: readonly string[], range?: SourceRange): DimensionExpr =>
  at({ kind: 'dimension', model, name, entityPath }, range);
export const metric = (name: string, range?: SourceRange): MetricExpr => at({ kind: 'metric', name }, range);

export const unary = (op: UnaryExpr['op'], operand: Expr, range?: SourceRange): UnaryExpr => at({ kind: 'unary', op, operand }, range);
export const binary = (op: BinaryExpr['op'], left: Expr, right: Expr, range?: SourceRange): BinaryExpr =>
  at({ kind: 'binary', op, left, right }, range);
export const inList = (operand: Expr, values: readonly Expr[], negated: boolean, range?: SourceRange): InExpr =>
  at({ kind: 'in', operand, values, negated }, range);
export const between = (operand: Expr, low: Expr, high: Expr, negated: boolean, range?: SourceRange): BetweenExpr =>
  at({ kind: 'between', operand, low, high, negated }, range);
export const isNull = (operand: Expr, negated: boolean, range?: SourceRange): IsNullExpr => at({ kind: 'isNull', operand, negated }, range);
export const like = (operand: Expr, pattern: Expr, negated: boolean, range?: SourceRange): LikeExpr =>
  at({ kind: 'like', operand, pattern, negated }, range);
export const caseWhen = (whens: CaseExpr['whens'], otherwise: Expr | null, range?: SourceRange): CaseExpr =>
  at({ kind: 'case', whens, otherwise }, range);
export const call = (fn: FunctionName, args: readonly Expr[], range?: SourceRange): CallExpr => at({ kind: 'call', fn, args }, range);
export const lag = (metricExpr: Expr, offset: IntervalExpr, range?: SourceRange): LagExpr => at({ kind: 'lag', metric: metricExpr, offset }, range);
