/**
 * A conversion whose base and conversion events are on the same row: both measures on one model,
 * and the entity is that model's primary (or unique) entity, so the only row that can convert a
 * base row is the row itself. Then "converted within the window" is a condition on the row's own
 * columns, as an analyst writes it (`sql_at > mql_at AND sql_at <= mql_at + 30 days`), instead of
 * a correlated EXISTS that PostgreSQL ran as one index probe per base row (~100 ms for 42k MQLs at
 * bench:execution scale 20, more than the rest of the query).
 */
import type { SelectQuery, SqlExpr } from '../sql/ast.js';
import { and, bin } from '../sql/build.js';
import type { LowerContext } from './lower-context.js';
import type { ConversionLeaf } from './plan.js';

function column(query: SelectQuery, alias: string): SqlExpr | undefined {
  return query.columns.find((c) => c.alias === alias)?.expr;
}

/**
 * `CASE WHEN <the row converts> THEN 1 ELSE 0 END` over the base row source's own columns, or null
 * when the conversion may come from another row. `base` and `conversion` are the two row sources
 * (both `FROM <model> AS base`); `windowEnd` moves an event time to the end of its window.
 */
export function sameRowConversion(
  ctx: LowerContext,
  leaf: ConversionLeaf,
  base: SelectQuery,
  conversion: SelectQuery,
  windowEnd: (at: SqlExpr) => SqlExpr,
  needsValue: boolean,
): SqlExpr | null {
  if (leaf.base.model !== leaf.conversion.model) return null;
  const entity = ctx.catalog.models[leaf.base.model]?.entities.find((e) => e.name === leaf.entity);
  if (!entity || (entity.type !== 'primary' && entity.type !== 'unique')) return null;
  // Conversion expressions must read nothing but the base alias, which the base row source shares.
  if (conversion.joins.length > 0 || conversion.distinct) return null;
  const baseAt = column(base, 'event_at');
  const at = column(conversion, 'event_at');
  const key = column(conversion, 'entity_key');
  const value = column(conversion, 'value');
  if (!baseAt || !at || !key || !value) throw new Error(`conversion leaf '${leaf.id}': row sources lack event_at, entity_key or value`);
  const converts = and([
    conversion.where,
    // EXISTS matched on `entity_key = entity_key`, which a NULL key never satisfies.
    { kind: 'isNull', operand: key, negated: true },
    bin('>', at, baseAt),
    bin('<=', at, windowEnd(baseAt)),
    needsValue ? { kind: 'isNull', operand: value, negated: true } : null,
  ])!;
  return { kind: 'case', whens: [{ when: converts, then: { kind: 'integer', value: 1 } }], otherwise: { kind: 'integer', value: 0 } };
}
