/**
 * Date and timestamp literals in a request filter are local to the project's time zone, as the
 * periods are: `closed_at >= '2025-06-01'` keeps what closed on or after June 1st *there*. Stored
 * timestamps are UTC instants, so each comparison of a timestamp dimension with a literal is
 * rewritten, before lowering, into a comparison with the UTC instant of that local wall time (a
 * date is its local midnight; `<= day` is `< next midnight`). The column is then compared directly,
 * no time-zone CASE per row, and no engine's own zone database is involved.
 */
import type { Catalog } from '../catalog/types.js';
import type { ComparisonOp, DimensionExpr, Expr, LiteralExpr } from '../expr/ast.js';
import { localWallInstant } from './time-sql.js';
import { LOCAL_TIME_YEARS } from './time-zone.js';

const DAY = 86_400_000;

/** `expr` with its time literals made UTC where they meet a timestamp dimension; the same object when nothing changes. */
export function localiseTimeLiterals(catalog: Catalog, expr: Expr): Expr {
  const zone = catalog.project.timeZone;
  if (zone === 'UTC' || zone === 'Etc/UTC') return expr;
  return rewrite(catalog, zone, expr);
}

function rewrite(catalog: Catalog, zone: string, expr: Expr): Expr {
  switch (expr.kind) {
    case 'binary': {
      if (expr.op === 'and' || expr.op === 'or') {
        const left = rewrite(catalog, zone, expr.left);
        const right = rewrite(catalog, zone, expr.right);
        return left === expr.left && right === expr.right ? expr : { ...expr, left, right };
      }
      if (!isComparison(expr.op)) return expr;
      if (isTimestampDimension(catalog, expr.left) && isTimeLiteral(expr.right)) return compare(zone, expr.left, expr.op, expr.right) ?? expr;
      if (isTimestampDimension(catalog, expr.right) && isTimeLiteral(expr.left)) return compare(zone, expr.right, FLIPPED[expr.op], expr.left) ?? expr;
      return expr;
    }
    case 'unary': {
      if (expr.op !== 'not') return expr;
      const operand = rewrite(catalog, zone, expr.operand);
      return operand === expr.operand ? expr : { ...expr, operand };
    }
    case 'between': {
      if (!isTimestampDimension(catalog, expr.operand) || !isTimeLiteral(expr.low) || !isTimeLiteral(expr.high)) return expr;
      const low = compare(zone, expr.operand, '>=', expr.low);
      const high = compare(zone, expr.operand, '<=', expr.high);
      if (!low || !high) return expr;
      const both: Expr = { kind: 'binary', op: 'and', left: low, right: high };
      return expr.negated ? { kind: 'unary', op: 'not', operand: both } : both;
    }
    default:
      return expr;
  }
}

const COMPARISONS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);
const isComparison = (op: string): op is ComparisonOp => COMPARISONS.has(op);
const FLIPPED: Readonly<Record<ComparisonOp, ComparisonOp>> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isTimestampDimension(catalog: Catalog, expr: Expr): expr is DimensionExpr {
  if (expr.kind !== 'dimension') return false;
  const dim = catalog.models[expr.model]?.dimensions.find((d) => d.name === expr.name);
  return dim !== undefined && dim.type === 'time' && dim.dataType !== 'date';
}

function isTimeLiteral(expr: Expr): expr is LiteralExpr {
  return expr.kind === 'literal' && (expr.literalType === 'date' || expr.literalType === 'timestamp');
}

/** `dim op literal` over UTC instants, or null when the local time cannot be placed unambiguously. */
function compare(zone: string, dim: DimensionExpr, op: ComparisonOp, literal: LiteralExpr): Expr | null {
  const text = String(literal.value);
  // Far from any data a few hours of offset change nothing: such literals stay as written.
  const year = Number(text.slice(0, 4));
  if (!(year >= LOCAL_TIME_YEARS.from && year <= LOCAL_TIME_YEARS.to)) return null;
  if (literal.literalType === 'timestamp') {
    const at = localWallInstant(zone, text, 'first');
    return at === null ? null : { kind: 'binary', op, left: dim, right: instant(at, literal) };
  }
  const start = localWallInstant(zone, text, 'refuse');
  const next = localWallInstant(zone, new Date(Date.parse(`${text}T00:00:00Z`) + DAY).toISOString().slice(0, 10), 'refuse');
  if (start === null || next === null) return null;
  const atLeast = (at: string): Expr => ({ kind: 'binary', op: '>=', left: dim, right: instant(at, literal) });
  const before = (at: string): Expr => ({ kind: 'binary', op: '<', left: dim, right: instant(at, literal) });
  switch (op) {
    case '>=': return atLeast(start);
    case '<': return before(start);
    case '>': return atLeast(next);
    case '<=': return before(next);
    case '=': return { kind: 'binary', op: 'and', left: atLeast(start), right: before(next) };
    case '!=': return { kind: 'unary', op: 'not', operand: { kind: 'binary', op: 'and', left: atLeast(start), right: before(next) } };
  }
}

function instant(value: string, like: LiteralExpr): LiteralExpr {
  return like.range ? { kind: 'literal', literalType: 'timestamp', value, range: like.range } : { kind: 'literal', literalType: 'timestamp', value };
}
