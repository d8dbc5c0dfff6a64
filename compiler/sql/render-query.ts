/** Queries, clause by clause: SELECT list, FROM, JOIN, WHERE, GROUP BY, ORDER BY, LIMIT, UNION, WITH. */
import type { FromItem, Join, OrderItem, Query, SelectQuery, Statement } from './ast.js';
import type { RenderContext } from './render-context.js';
import { renderExpr } from './render-expr.js';

function renderFromItem(item: FromItem, ctx: RenderContext): string {
  const alias = ctx.quote(item.alias);
  switch (item.kind) {
    case 'table':
      // A catalog table name may be schema-qualified; quote each part.
      return `${item.name.split('.').map((p) => ctx.quote(p)).join('.')} AS ${alias}`;
    case 'rawSql':
      return `(${item.sql}) AS ${alias}`;
    case 'cteRef':
      return `${ctx.quote(item.name)} AS ${alias}`;
    case 'subquery':
      return `(${renderQuery(item.query, ctx)}) AS ${alias}`;
  }
}

const JOIN_SQL: Readonly<Record<Join['type'], string>> = {
  inner: 'INNER JOIN',
  left: 'LEFT JOIN',
  full: 'FULL OUTER JOIN',
  cross: 'CROSS JOIN',
};

function renderJoin(j: Join, ctx: RenderContext): string {
  if (j.type === 'full' && !ctx.dialect.supportsFullOuterJoin) {
    throw new Error(`dialect ${ctx.dialect.name} has no FULL OUTER JOIN; the planner must not emit one`);
  }
  const on = j.on === null ? '' : ` ON ${renderExpr(j.on, ctx)}`;
  return `${JOIN_SQL[j.type]} ${renderFromItem(j.item, ctx)}${on}`;
}

function renderOrderItem(o: OrderItem, ctx: RenderContext): string {
  // NULLs sort last on every engine (their defaults differ): order by "is null" first.
  const e = renderExpr(o.expr, ctx);
  return `CASE WHEN ${e} IS NULL THEN 1 ELSE 0 END, ${e}${o.descending ? ' DESC' : ''}`;
}

// Text is built with `+` rather than arrays and join(): V8 keeps concatenations as ropes, so the
// statement (several KB, mostly the cached time-zone CASE) is copied once, when markers are
// replaced, instead of once per clause, CTE and nesting level.

export function renderSelect(q: SelectQuery, ctx: RenderContext): string {
  let sql = q.distinct ? 'SELECT DISTINCT ' : 'SELECT ';
  for (let i = 0; i < q.columns.length; i++) {
    const c = q.columns[i]!;
    sql += (i === 0 ? '' : ', ') + renderExpr(c.expr, ctx) + ' AS ' + ctx.quote(c.alias);
  }
  if (q.from !== null) sql += ' FROM ' + renderFromItem(q.from, ctx);
  for (const j of q.joins) sql += ' ' + renderJoin(j, ctx);
  if (q.where !== null) sql += ' WHERE ' + renderExpr(q.where, ctx);
  for (let i = 0; i < q.groupBy.length; i++) sql += (i === 0 ? ' GROUP BY ' : ', ') + renderExpr(q.groupBy[i]!, ctx);
  for (let i = 0; i < q.orderBy.length; i++) sql += (i === 0 ? ' ORDER BY ' : ', ') + renderOrderItem(q.orderBy[i]!, ctx);
  if (q.limit !== null) {
    if (!Number.isInteger(q.limit) || q.limit < 0) throw new Error(`limit must be a non-negative integer, got ${q.limit}`);
    sql += ' ' + ctx.dialect.limit(q.limit);
  }
  return sql;
}

export function renderQuery(q: Query, ctx: RenderContext): string {
  if (q.kind === 'select') return renderSelect(q, ctx);
  const separator = q.all ? ' UNION ALL ' : ctx.dialect.explicitUnionDistinct ? ' UNION DISTINCT ' : ' UNION ';
  let sql = '';
  for (let i = 0; i < q.queries.length; i++) sql += (i === 0 ? '' : separator) + renderSelect(q.queries[i]!, ctx);
  return sql;
}

export function renderStatementText(statement: Statement, ctx: RenderContext): string {
  if (statement.ctes.length === 0) return renderSelect(statement.body, ctx);
  // One RECURSIVE keyword covers the whole WITH list on every engine we target.
  let sql = statement.ctes.some((c) => c.recursive) ? 'WITH RECURSIVE ' : 'WITH ';
  for (let i = 0; i < statement.ctes.length; i++) {
    const c = statement.ctes[i]!;
    const columns = c.columns && ctx.dialect.cteColumnLists !== false ? `(${c.columns.map((n) => ctx.quote(n)).join(', ')})` : '';
    sql += (i === 0 ? '' : ', ') + ctx.quote(c.name) + columns + ' AS (' + renderQuery(c.query, ctx) + ')';
  }
  return sql + ' ' + renderSelect(statement.body, ctx);
}
