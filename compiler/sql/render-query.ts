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

export function renderSelect(q: SelectQuery, ctx: RenderContext): string {
  const parts: string[] = [];
  const columns = q.columns.map((c) => `${renderExpr(c.expr, ctx)} AS ${ctx.quote(c.alias)}`).join(', ');
  parts.push(`SELECT ${q.distinct ? 'DISTINCT ' : ''}${columns}`);
  if (q.from !== null) parts.push(`FROM ${renderFromItem(q.from, ctx)}`);
  for (const j of q.joins) parts.push(renderJoin(j, ctx));
  if (q.where !== null) parts.push(`WHERE ${renderExpr(q.where, ctx)}`);
  if (q.groupBy.length > 0) parts.push(`GROUP BY ${q.groupBy.map((g) => renderExpr(g, ctx)).join(', ')}`);
  if (q.orderBy.length > 0) parts.push(`ORDER BY ${q.orderBy.map((o) => renderOrderItem(o, ctx)).join(', ')}`);
  if (q.limit !== null) {
    if (!Number.isInteger(q.limit) || q.limit < 0) throw new Error(`limit must be a non-negative integer, got ${q.limit}`);
    parts.push(ctx.dialect.limit(q.limit));
  }
  return parts.join(' ');
}

export function renderQuery(q: Query, ctx: RenderContext): string {
  if (q.kind === 'select') return renderSelect(q, ctx);
  return q.queries.map((s) => renderSelect(s, ctx)).join(q.all ? ' UNION ALL ' : ctx.dialect.explicitUnionDistinct ? ' UNION DISTINCT ' : ' UNION ');
}

export function renderStatementText(statement: Statement, ctx: RenderContext): string {
  const body = renderSelect(statement.body, ctx);
  if (statement.ctes.length === 0) return body;
  // One RECURSIVE keyword covers the whole WITH list on every engine we target.
  const recursive = statement.ctes.some((c) => c.recursive) ? 'RECURSIVE ' : '';
  const ctes = statement.ctes.map((c) => {
    const columns = c.columns && ctx.dialect.cteColumnLists !== false ? `(${c.columns.map((n) => ctx.quote(n)).join(', ')})` : '';
    return `${ctx.quote(c.name)}${columns} AS (${renderQuery(c.query, ctx)})`;
  });
  return `WITH ${recursive}${ctes.join(', ')} ${body}`;
}
