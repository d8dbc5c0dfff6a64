/**
 * Queries, clause by clause: SELECT list, FROM, JOIN, WHERE, GROUP BY, ORDER BY, LIMIT, UNION, WITH.
 *
 * Clauses are written as pieces into one array joined once at the end, rather than concatenated
 * level by level: a statement is several KB, and a string built by nested concatenation is a tree
 * of thousands of nodes that has to be walked again when the binding markers are replaced.
 */
import type { FromItem, Join, OrderItem, Query, SelectQuery, Statement } from './ast.js';
import type { RenderContext } from './render-context.js';
import { renderExpr } from './render-expr.js';

function writeFromItem(item: FromItem, ctx: RenderContext, out: string[]): void {
  switch (item.kind) {
    case 'table':
      // A catalog table name may be schema-qualified; quote each part.
      out.push(item.name.includes('.') ? item.name.split('.').map((p) => ctx.quote(p)).join('.') : ctx.quote(item.name));
      break;
    case 'rawSql':
      out.push('(', item.sql, ')');
      break;
    case 'cteRef':
      out.push(ctx.quote(item.name));
      break;
    case 'subquery':
      out.push('(');
      writeQuery(item.query, ctx, out);
      out.push(')');
      break;
  }
  out.push(' AS ', ctx.quote(item.alias));
}

const JOIN_SQL: Readonly<Record<Join['type'], string>> = {
  inner: ' INNER JOIN ',
  left: ' LEFT JOIN ',
  full: ' FULL OUTER JOIN ',
  cross: ' CROSS JOIN ',
};

function writeJoin(j: Join, ctx: RenderContext, out: string[]): void {
  if (j.type === 'full' && !ctx.dialect.supportsFullOuterJoin) {
    throw new Error(`dialect ${ctx.dialect.name} has no FULL OUTER JOIN; the planner must not emit one`);
  }
  out.push(JOIN_SQL[j.type]);
  writeFromItem(j.item, ctx, out);
  if (j.on !== null) out.push(' ON ', renderExpr(j.on, ctx));
}

function writeOrderItem(o: OrderItem, ctx: RenderContext, out: string[]): void {
  // NULLs sort last on every engine (their defaults differ).
  const e = renderExpr(o.expr, ctx);
  if (ctx.dialect.supportsNullsLast) out.push(e, o.descending ? ' DESC NULLS LAST' : ' NULLS LAST');
  else out.push('CASE WHEN ', e, ' IS NULL THEN 1 ELSE 0 END, ', e, o.descending ? ' DESC' : '');
}

function writeSelect(q: SelectQuery, ctx: RenderContext, out: string[]): void {
  out.push(q.distinct ? 'SELECT DISTINCT ' : 'SELECT ');
  for (let i = 0; i < q.columns.length; i++) {
    const c = q.columns[i]!;
    out.push(i === 0 ? '' : ', ', renderExpr(c.expr, ctx), ' AS ', ctx.quote(c.alias));
  }
  if (q.from !== null) {
    out.push(' FROM ');
    writeFromItem(q.from, ctx, out);
  }
  for (const j of q.joins) writeJoin(j, ctx, out);
  if (q.where !== null) out.push(' WHERE ', renderExpr(q.where, ctx));
  for (let i = 0; i < q.groupBy.length; i++) out.push(i === 0 ? ' GROUP BY ' : ', ', renderExpr(q.groupBy[i]!, ctx));
  for (let i = 0; i < q.orderBy.length; i++) {
    out.push(i === 0 ? ' ORDER BY ' : ', ');
    writeOrderItem(q.orderBy[i]!, ctx, out);
  }
  if (q.limit !== null) {
    if (!Number.isInteger(q.limit) || q.limit < 0) throw new Error(`limit must be a non-negative integer, got ${q.limit}`);
    out.push(' ', ctx.dialect.limit(q.limit));
  }
}

function writeQuery(q: Query, ctx: RenderContext, out: string[]): void {
  if (q.kind === 'select') {
    writeSelect(q, ctx, out);
    return;
  }
  const separator = q.all ? ' UNION ALL ' : ctx.dialect.explicitUnionDistinct ? ' UNION DISTINCT ' : ' UNION ';
  for (let i = 0; i < q.queries.length; i++) {
    if (i > 0) out.push(separator);
    writeSelect(q.queries[i]!, ctx, out);
  }
}

/** One SELECT as text (subqueries inside expressions, e.g. EXISTS). */
export function renderSelect(q: SelectQuery, ctx: RenderContext): string {
  const out: string[] = [];
  writeSelect(q, ctx, out);
  return out.join('');
}

export function renderQuery(q: Query, ctx: RenderContext): string {
  const out: string[] = [];
  writeQuery(q, ctx, out);
  return out.join('');
}

export function renderStatementText(statement: Statement, ctx: RenderContext): string {
  const out: string[] = [];
  if (statement.ctes.length > 0) {
    // One RECURSIVE keyword covers the whole WITH list on every engine we target.
    out.push(statement.ctes.some((c) => c.recursive) ? 'WITH RECURSIVE ' : 'WITH ');
    for (let i = 0; i < statement.ctes.length; i++) {
      const c = statement.ctes[i]!;
      out.push(i === 0 ? '' : ', ', ctx.quote(c.name));
      if (c.columns && ctx.dialect.cteColumnLists !== false) out.push('(', c.columns.map((n) => ctx.quote(n)).join(', '), ')');
      out.push(' AS (');
      writeQuery(c.query, ctx, out);
      out.push(')');
    }
    out.push(' ');
  }
  writeSelect(statement.body, ctx, out);
  return out.join('');
}
