/**
 * Queries, clause by clause: SELECT list, FROM, JOIN, WHERE, GROUP BY, ORDER BY, LIMIT, UNION, WITH.
 * Everything is appended to the context's one text, left to right (render-context.ts).
 */
import type { FromItem, Join, OrderItem, Query, SelectQuery, Statement } from './ast.js';
import type { RenderContext } from './render-context.js';
import { renderPart, writeExpr } from './render-expr.js';

function writeFromItem(item: FromItem, ctx: RenderContext): void {
  switch (item.kind) {
    case 'table':
      // A catalog table name may be schema-qualified; quote each part.
      ctx.writeRaw(item.name.includes('.') ? item.name.split('.').map((p) => ctx.quote(p)).join('.') : ctx.quote(item.name));
      break;
    case 'rawSql':
      ctx.text += '(';
      ctx.writeRaw(item.sql);
      ctx.text += ')';
      break;
    case 'cteRef':
      ctx.text += ctx.quote(item.name);
      break;
    case 'subquery':
      ctx.text += '(';
      writeQuery(item.query, ctx);
      ctx.text += ')';
      break;
  }
  ctx.text += ctx.quoteAlias(item.alias);
}

const JOIN_SQL: Readonly<Record<Join['type'], string>> = {
  inner: ' INNER JOIN ',
  left: ' LEFT JOIN ',
  full: ' FULL OUTER JOIN ',
  cross: ' CROSS JOIN ',
};

function writeJoin(j: Join, ctx: RenderContext): void {
  if (j.type === 'full' && !ctx.dialect.supportsFullOuterJoin) {
    throw new Error(`dialect ${ctx.dialect.name} has no FULL OUTER JOIN; the planner must not emit one`);
  }
  ctx.text += JOIN_SQL[j.type];
  writeFromItem(j.item, ctx);
  if (j.on !== null) {
    ctx.text += ' ON ';
    writeExpr(j.on, ctx);
  }
}

function writeOrderItem(o: OrderItem, ctx: RenderContext): void {
  // NULLs sort last on every engine (their defaults differ).
  if (ctx.dialect.supportsNullsLast) {
    writeExpr(o.expr, ctx);
    ctx.text += o.descending ? ' DESC NULLS LAST' : ' NULLS LAST';
    return;
  }
  // The key is written twice: its bindings (if any) are bound twice.
  const key = renderPart(o.expr, ctx);
  ctx.text += 'CASE WHEN ';
  ctx.write(key);
  ctx.text += ' IS NULL THEN 1 ELSE 0 END, ';
  ctx.write(key);
  if (o.descending) ctx.text += ' DESC';
}

/** One SELECT (a CTE's, a UNION branch, the body, or a subquery inside EXISTS). */
export function writeSelect(q: SelectQuery, ctx: RenderContext): void {
  ctx.text += q.distinct ? 'SELECT DISTINCT ' : 'SELECT ';
  const columns = q.columns;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (i > 0) ctx.text += ', ';
    writeExpr(c.expr, ctx);
    ctx.text += ctx.quoteAlias(c.alias);
  }
  if (q.from !== null) {
    ctx.text += ' FROM ';
    writeFromItem(q.from, ctx);
  }
  const joins = q.joins;
  for (let i = 0; i < joins.length; i++) writeJoin(joins[i]!, ctx);
  if (q.where !== null) {
    ctx.text += ' WHERE ';
    writeExpr(q.where, ctx);
  }
  const groupBy = q.groupBy;
  for (let i = 0; i < groupBy.length; i++) {
    ctx.text += i === 0 ? ' GROUP BY ' : ', ';
    writeExpr(groupBy[i]!, ctx);
  }
  const orderBy = q.orderBy;
  for (let i = 0; i < orderBy.length; i++) {
    ctx.text += i === 0 ? ' ORDER BY ' : ', ';
    writeOrderItem(orderBy[i]!, ctx);
  }
  if (q.limit !== null) {
    if (!Number.isInteger(q.limit) || q.limit < 0) throw new Error(`limit must be a non-negative integer, got ${q.limit}`);
    ctx.text += ' ';
    ctx.text += ctx.dialect.limit(q.limit);
  }
}

function writeQuery(q: Query, ctx: RenderContext): void {
  if (q.kind === 'select') {
    writeSelect(q, ctx);
    return;
  }
  const separator = q.all ? ' UNION ALL ' : ctx.dialect.explicitUnionDistinct ? ' UNION DISTINCT ' : ' UNION ';
  for (let i = 0; i < q.queries.length; i++) {
    if (i > 0) ctx.text += separator;
    writeSelect(q.queries[i]!, ctx);
  }
}

export function writeStatement(statement: Statement, ctx: RenderContext): void {
  const ctes = statement.ctes;
  if (ctes.length > 0) {
    // One RECURSIVE keyword covers the whole WITH list on every engine we target.
    ctx.text += ctes.some((c) => c.recursive) ? 'WITH RECURSIVE ' : 'WITH ';
    for (let i = 0; i < ctes.length; i++) {
      const c = ctes[i]!;
      if (i > 0) ctx.text += ', ';
      ctx.text += ctx.quote(c.name);
      if (c.columns && ctx.dialect.cteColumnLists !== false) ctx.text += `(${c.columns.map((n) => ctx.quote(n)).join(', ')})`;
      ctx.text += ' AS (';
      writeQuery(c.query, ctx);
      ctx.text += ')';
    }
    ctx.text += ' ';
  }
  writeSelect(statement.body, ctx);
}
