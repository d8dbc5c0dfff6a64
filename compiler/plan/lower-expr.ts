/**
 * Catalog expressions (already resolved: `column`, `dimension`, literals, operators) to SQL tree
 * expressions. Every literal becomes a binding; identifiers come only from the catalog.
 */
import type { DimensionExpr, Expr, LagExpr, MetricExpr } from '../expr/ast.js';
import { walkExpr } from '../expr/walk-expr.js';
import type { SqlBinaryOp, SqlExpr } from '../sql/ast.js';
import { col, mapList, param } from '../sql/build.js';
import { shared } from '../sql/shared.js';

export interface ExprLowering {
  /** Table alias that `column` nodes belong to. */
  readonly table?: string;
  /** SQL for a dimension reference; absent where dimensions are not allowed. */
  readonly dimension?: (node: DimensionExpr) => SqlExpr;
  /** SQL for a metric reference (derived formulas). */
  readonly metric?: (node: MetricExpr | LagExpr) => SqlExpr;
}

// Catalog expressions are immutable and shared by every request, so an expression that only reads
// columns of one table lowers to the same SQL tree each time: memoised per expression and alias.
// Whether it has references and its lowerings per alias live in one record, so the lowering's
// usual question ("the shared tree on this table, unless it has references") is one lookup.
interface ExprFacts {
  readonly references: boolean;
  onTable: Map<string, SqlExpr> | undefined;
}
const facts = new WeakMap<Expr, ExprFacts>();

function factsOf(expr: Expr): ExprFacts {
  let known = facts.get(expr);
  if (known === undefined) {
    let references = false;
    walkExpr(expr, (node) => {
      if (node.kind === 'dimension' || node.kind === 'metric' || node.kind === 'lag') references = true;
    });
    known = { references, onTable: undefined };
    facts.set(expr, known);
  }
  return known;
}

/** True when `expr` names a dimension or metric (its lowering joins or reads other leaves). */
export function hasReferences(expr: Expr): boolean {
  return factsOf(expr).references;
}

/**
 * `expr` over the columns of the table aliased `table`; the expression must have no references
 * (hasReferences false). The returned tree is shared and must not be changed; anything larger than
 * a column is a `shared` node, so its text is rendered once per dialect.
 */
export function lowerOnTable(expr: Expr, table: string): SqlExpr {
  return onTableOf(factsOf(expr), expr, table);
}

/** lowerOnTable(expr, table) when `expr` has no references, else null: one memo lookup for both. */
export function plainOnTable(expr: Expr, table: string): SqlExpr | null {
  const known = factsOf(expr);
  return known.references ? null : onTableOf(known, expr, table);
}

function onTableOf(known: ExprFacts, expr: Expr, table: string): SqlExpr {
  let byTable = known.onTable;
  if (byTable === undefined) {
    byTable = new Map();
    known.onTable = byTable;
  }
  let sql = byTable.get(table);
  if (sql === undefined) {
    sql = lowerExpr(expr, { table });
    // A bare column is written from the quoting cache already; a lookup would only add to it.
    if (sql.kind !== 'column') sql = shared(sql);
    byTable.set(table, sql);
  }
  return sql;
}

export function lowerExpr(expr: Expr, ctx: ExprLowering): SqlExpr {
  // No local helper closure here: this runs per node, and tsx wraps each named closure it creates.
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
      return expr.op === 'not' ? { kind: 'not', operand: lowerExpr(expr.operand, ctx) } : { kind: 'negate', operand: lowerExpr(expr.operand, ctx) };
    case 'binary':
      if (expr.op === '/') return { kind: 'safeDivide', numerator: lowerExpr(expr.left, ctx), denominator: lowerExpr(expr.right, ctx) };
      return { kind: 'binary', op: expr.op as SqlBinaryOp, left: lowerExpr(expr.left, ctx), right: lowerExpr(expr.right, ctx) };
    case 'in':
      return { kind: 'in', operand: lowerExpr(expr.operand, ctx), values: mapList(expr.values, (v) => lowerExpr(v, ctx)), negated: expr.negated };
    case 'between':
      return { kind: 'between', operand: lowerExpr(expr.operand, ctx), low: lowerExpr(expr.low, ctx), high: lowerExpr(expr.high, ctx), negated: expr.negated };
    case 'isNull':
      return { kind: 'isNull', operand: lowerExpr(expr.operand, ctx), negated: expr.negated };
    case 'like':
      return { kind: 'like', operand: lowerExpr(expr.operand, ctx), pattern: lowerExpr(expr.pattern, ctx), negated: expr.negated };
    case 'case':
      return { kind: 'case', whens: mapList(expr.whens, (w) => ({ when: lowerExpr(w.when, ctx), then: lowerExpr(w.then, ctx) })), otherwise: expr.otherwise ? lowerExpr(expr.otherwise, ctx) : null };
    case 'call':
      if (expr.fn === 'days_between') return { kind: 'daysBetween', from: lowerExpr(expr.args[0]!, ctx), to: lowerExpr(expr.args[1]!, ctx) };
      return { kind: 'call', fn: expr.fn, args: mapList(expr.args, (a) => lowerExpr(a, ctx)) };
  }
}
