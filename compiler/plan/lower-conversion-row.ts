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
import type { ConversionLeaf, Shift } from './plan.js';
import { shiftDay } from './time-sql.js';

function column(query: SelectQuery, alias: string): SqlExpr | undefined {
  return query.columns.find((c) => c.alias === alias)?.expr;
}

/**
 * `CASE WHEN <the row converts> THEN 1 ELSE 0 END` over the base row source's own columns, or null
 * when the conversion may come from another row. `base` and `conversion` are the two row sources
 * (both `FROM <model> AS base`); the window is `shift` on event times of `dataType`.
 */
export function sameRowConversion(
  ctx: LowerContext,
  leaf: ConversionLeaf,
  base: SelectQuery,
  conversion: SelectQuery,
  shift: Shift,
  dataType: 'timestamp' | 'date',
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
    bin('<=', at, conversionWindowEnd(shift, dataType, baseAt)),
    needsValue ? { kind: 'isNull', operand: value, negated: true } : null,
  ])!;
  return { kind: 'case', whens: [{ when: converts, then: { kind: 'integer', value: 1 } }], otherwise: { kind: 'integer', value: 0 } };
}

/**
 * `at` moved to the end of a conversion window. Month, quarter and year windows are calendar
 * months on the stored instant: Jan 31 + 1 month is Feb 28 (29) at the same time of day, as date
 * arithmetic clamps on every engine.
 */
export function conversionWindowEnd(shift: Shift, dataType: 'timestamp' | 'date', at: SqlExpr): SqlExpr {
  if (dataType === 'date') return shiftDay(at, shift, 1);
  const moved: SqlExpr = shift.months === 0 ? at : { kind: 'timestampAddMonths', count: shift.months, operand: at };
  return shift.days === 0 ? moved : { kind: 'timestampAddDays', count: shift.days, operand: moved };
}
