/** Expressions: one renderer per node kind (a missing kind is a compile error). */
import type { SqlExpr } from './ast.js';
import type { RenderContext } from './render-context.js';
import { renderSelect } from './render-query.js';
import { renderZoneOffset } from './render-zone-offset.js';

type Renderers = { readonly [K in SqlExpr['kind']]: (node: Extract<SqlExpr, { kind: K }>, ctx: RenderContext) => string };

const BINARY_SQL: Readonly<Record<string, string>> = { and: 'AND', or: 'OR', '!=': '<>' };

const RENDERERS: Renderers = {
  column: (n, ctx) => (n.table === undefined ? ctx.quote(n.name) : ctx.quoteColumn(n.table, n.name)),
  param: (n, ctx) => (n.value === null ? 'NULL' : ctx.bind(n.value)),
  dateParam: (n, ctx) => ctx.dialect.dateParam(ctx.bind(n.value)),
  timestampParam: (n, ctx) => ctx.dialect.timestampParam(ctx.bind(n.value)),
  integer: (n) => {
    if (!Number.isInteger(n.value)) throw new Error(`integer node holds ${n.value}`);
    return String(n.value);
  },
  null: () => 'NULL',
  binary: (n, ctx) => `(${renderExpr(n.left, ctx)} ${BINARY_SQL[n.op] ?? n.op} ${renderExpr(n.right, ctx)})`,
  not: (n, ctx) => `(NOT ${renderExpr(n.operand, ctx)})`,
  negate: (n, ctx) => `(-${renderExpr(n.operand, ctx)})`,
  safeDivide: (n, ctx) =>
    `(${ctx.dialect.toDouble(renderExpr(n.numerator, ctx))} / NULLIF(${renderExpr(n.denominator, ctx)}, 0))`,
  isNull: (n, ctx) => `(${renderExpr(n.operand, ctx)} IS ${n.negated ? 'NOT ' : ''}NULL)`,
  in: (n, ctx) =>
    `(${renderExpr(n.operand, ctx)} ${n.negated ? 'NOT IN' : 'IN'} (${n.values.map((v) => renderExpr(v, ctx)).join(', ')}))`,
  between: (n, ctx) =>
    `(${renderExpr(n.operand, ctx)} ${n.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${renderExpr(n.low, ctx)} AND ${renderExpr(n.high, ctx)})`,
  like: (n, ctx) => `(${renderExpr(n.operand, ctx)} ${n.negated ? 'NOT LIKE' : 'LIKE'} ${renderExpr(n.pattern, ctx)})`,
  case: (n, ctx) => {
    const whens = n.whens.map((w) => `WHEN ${renderExpr(w.when, ctx)} THEN ${renderExpr(w.then, ctx)}`).join(' ');
    const otherwise = n.otherwise === null ? '' : ` ELSE ${renderExpr(n.otherwise, ctx)}`;
    return `CASE ${whens}${otherwise} END`;
  },
  call: (n, ctx) => ctx.dialect.call(n.fn, n.args.map((a) => renderExpr(a, ctx))),
  aggregate: (n, ctx) => ctx.dialect.aggregate(n.fn, n.arg === null ? null : renderExpr(n.arg, ctx), n.percentile),
  exists: (n, ctx) => `EXISTS (${renderSelect(n.query, ctx)})`,
  nullSafeEquals: (n, ctx) => `(${ctx.dialect.nullSafeEquals(renderExpr(n.left, ctx), renderExpr(n.right, ctx))})`,
  toDouble: (n, ctx) => ctx.dialect.toDouble(renderExpr(n.operand, ctx)),
  dateTrunc: (n, ctx) => ctx.dialect.dateTrunc(n.grain, renderExpr(n.operand, ctx)),
  dateAdd: (n, ctx) => (n.count === 0 ? renderExpr(n.operand, ctx) : ctx.dialect.dateAdd(n.unit, n.count, renderExpr(n.operand, ctx))),
  timestampAddDays: (n, ctx) => ctx.dialect.timestampAddDays(n.count, renderExpr(n.operand, ctx)),
  timestampAddMonths: (n, ctx) => ctx.dialect.timestampAddMonths(n.count, renderExpr(n.operand, ctx)),
  timestampAddMinutes: (n, ctx) => ctx.dialect.timestampAddMinutes(renderExpr(n.minutes, ctx), renderExpr(n.operand, ctx)),
  zoneOffset: (n, ctx) => renderZoneOffset(ctx.dialect, n.zone, renderExpr(n.operand, ctx)),
  toDate: (n, ctx) => ctx.dialect.toDate(renderExpr(n.operand, ctx)),
  asTimestamp: (n, ctx) => ctx.dialect.asTimestamp(renderExpr(n.operand, ctx)),
  asDate: (n, ctx) => ctx.dialect.asDate(renderExpr(n.operand, ctx)),
  formatDate: (n, ctx) => ctx.dialect.formatDate(renderExpr(n.operand, ctx)),
  daysBetween: (n, ctx) => ctx.dialect.daysBetween(renderExpr(n.from, ctx), renderExpr(n.to, ctx)),
};

export function renderExpr(node: SqlExpr, ctx: RenderContext): string {
  const render = RENDERERS[node.kind] as (n: SqlExpr, c: RenderContext) => string;
  return render(node, ctx);
}
