/**
 * Catalog expressions (already resolved: `column`, `dimension`, literals, operators) to SQL tree
 * expressions. Every literal becomes a binding; identifiers come only from the catalog.
 */
import type { DimensionExpr, Expr, LagExpr, MetricExpr } from '../expr/ast.js';
import type { SqlBinaryOp, SqlExpr } from '../sql/ast.js';
import { col, param } from '../sql/build.js';

export interface ExprLowering {
  /** Table alias that `column` nodes belong to. */
  readonly table?: string;
  /** SQL for a dimension reference; absent where dimensions are not allowed. */
  readonly dimension?: (node: DimensionExpr) => SqlExpr;
  /** SQL for a metric reference (derived formulas). */
  readonly metric?: (node: MetricExpr | LagExpr) => SqlExpr;
}

export function lowerExpr(expr: Expr, ctx: ExprLowering): SqlExpr {
  const go = (e: Expr): SqlExpr => lowerExpr(e, ctx);
  switch (expr.kind) {
    case 'literal':
      switch (expr.literalType) {
        case 'null': return { kind: 'null' };
        case 'date': return { kind: 'dateParam', value: String(expr.value) };
        case 'timestamp': return { kind: 'timestampParam', value: String(expr.value).replace('T', ' ') };
        default: return param(expr.value);
      }
    case 'column':
      return col(ctx.table, expr.name);
    case 'dimension':
      if (!ctx.dimension) throw new Error(`dimension '${expr.name}' used where only columns are allowed`);
      return ctx.dimension(expr);
    case 'metric':
    case 'lag':
      if (!ctx.metric) throw new Error(`metric reference used outside a derived formula`);
      return ctx.metric(expr);
    case 'ref':
      throw new Error(`unresolved name '${expr.path.join('.')}' reached the planner (checkExpression must run first)`);
    case 'interval':
      throw new Error('an interval can only appear inside lag()');
    case 'unary':
      return expr.op === 'not' ? { kind: 'not', operand: go(expr.operand) } : { kind: 'negate', operand: go(expr.operand) };
    case 'binary':
      if (expr.op === '/') return { kind: 'safeDivide', numerator: go(expr.left), denominator: go(expr.right) };
      return { kind: 'binary', op: expr.op as SqlBinaryOp, left: go(expr.left), right: go(expr.right) };
    case 'in':
      return { kind: 'in', operand: go(expr.operand), values: expr.values.map(go), negated: expr.negated };
    case 'between':
      return { kind: 'between', operand: go(expr.operand), low: go(expr.low), high: go(expr.high), negated: expr.negated };
    case 'isNull':
      return { kind: 'isNull', operand: go(expr.operand), negated: expr.negated };
    case 'like':
      return { kind: 'like', operand: go(expr.operand), pattern: go(expr.pattern), negated: expr.negated };
    case 'case':
      return { kind: 'case', whens: expr.whens.map((w) => ({ when: go(w.when), then: go(w.then) })), otherwise: expr.otherwise ? go(expr.otherwise) : null };
    case 'call':
      if (expr.fn === 'days_between') return { kind: 'daysBetween', from: go(expr.args[0]!), to: go(expr.args[1]!) };
      return { kind: 'call', fn: expr.fn, args: expr.args.map(go) };
  }
}
