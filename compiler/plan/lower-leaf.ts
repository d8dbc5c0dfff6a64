/**
 * One leaf of the plan as CTEs ending in a CTE named after the leaf, with columns `d0`.., optional
 * `metric_time` (DATE, period start) and the leaf's value columns.
 */
import type { Measure } from '../catalog/types.js';
import type { Cte, SelectColumn, SqlExpr } from '../sql/ast.js';
import { and, as, bin, col, cte, cteRef, join, list, mapList, pushAll, select, withColumns } from '../sql/build.js';
import { shared } from '../sql/shared.js';
import type { LowerContext } from './lower-context.js';
import { buildMergedRows, buildRows, findMeasure, mergedValueColumn, type RowsOptions } from './lower-rows.js';
import type { AggregateLeaf, ConversionLeaf, CumulativeLeaf, DateRange, Leaf } from './plan.js';
import { conversionWindowEnd, sameRowConversion } from './lower-conversion-row.js';
import { snapshotSource } from './lower-snapshot.js';
import { spine } from './lower-spine.js';
import { PerCatalog } from './catalog-memo.js';
import { grainShift, periodOfColumn, periodStart, shiftDay } from './time-sql.js';
import type { RequestGrain } from '../request/request.js';
import { joinedName } from './planner-names.js';

export function aggregateOf(measure: Measure, value: SqlExpr): SqlExpr {
  switch (measure.agg) {
    case 'sum':
    case 'sum_boolean':
      return { kind: 'aggregate', fn: 'sum', arg: value };
    case 'count':
      return { kind: 'aggregate', fn: 'count', arg: value };
    case 'count_distinct':
      return { kind: 'aggregate', fn: 'count_distinct', arg: value };
    case 'average':
      return { kind: 'aggregate', fn: 'average', arg: value };
    case 'min':
      return { kind: 'aggregate', fn: 'min', arg: value };
    case 'max':
      return { kind: 'aggregate', fn: 'max', arg: value };
    case 'median':
      return { kind: 'aggregate', fn: 'median', arg: value };
    case 'percentile':
      return measure.percentile === undefined
        ? { kind: 'aggregate', fn: 'percentile', arg: value }
        : { kind: 'aggregate', fn: 'percentile', arg: value, percentile: measure.percentile };
  }
}

// `agg("r"."value")` per measure and value column: the aggregate of a leaf's row source column is
// a function of the measure alone, so one shared node per measure and column, rendered once per
// dialect (the column names are the planner's: `value`, `value_2`, ...).
const leafAggregates = new PerCatalog<SqlExpr>(100);

const sharedAggregate = (measure: Measure, column: string): SqlExpr => shared(aggregateOf(measure, col('r', column)));

function aggregateOfRows(measure: Measure, column: string): SqlExpr {
  return leafAggregates.get(measure, column, sharedAggregate);
}

/** Additive aggregates read 0 (not NULL) over an empty window. */
function zeroWhenEmpty(measure: Measure, agg: SqlExpr): SqlExpr {
  return measure.agg === 'sum' || measure.agg === 'sum_boolean' || measure.agg === 'count' || measure.agg === 'count_distinct'
    ? { kind: 'call', fn: 'coalesce', args: [agg, { kind: 'integer', value: 0 }] }
    : agg;
}

/** `"table"."d0" AS "d0"`, ... for the key columns, then `more`: one packed array (build.ts mapList). */
function keyColumns(ctx: LowerContext, table: string, more: readonly SelectColumn[]): SelectColumn[] {
  const out = list<SelectColumn>();
  for (const c of ctx.dimensionColumns) out.push(as(col(table, c), c));
  return pushAll(out, more);
}

/** Columns of the keys; object elements even when empty (build.ts list). */
function dims(ctx: LowerContext, table?: string): SqlExpr[] {
  const out = list<SqlExpr>();
  for (const c of ctx.dimensionColumns) out.push(col(table, c));
  return out;
}

/** The period of a planner day column (`r.metric_day`): a shared node, its text kept per dialect. */
function period(ctx: LowerContext, table: string, column: string): SqlExpr {
  return periodOfColumn(ctx.catalog, table, column, ctx.plan.time!.grain);
}

/** Final CTE of a leaf: shifted forward when the leaf has a shift. */
function finish(ctx: LowerContext, leaf: Leaf, ctes: Cte[], last: string, valueColumns: readonly string[]): Cte[] {
  if (leaf.shift === null || !ctx.plan.time) {
    const final = ctes[ctes.length - 1]!;
    ctes[ctes.length - 1] = cte(leaf.id, final.query, final.columns);
    void last;
    return ctes;
  }
  const columns: SelectColumn[] = [];
  for (const c of ctx.dimensionColumns) columns.push(as(col(undefined, c), c));
  columns.push(as(shiftDay(col(undefined, 'metric_time'), leaf.shift, 1), 'metric_time'));
  for (const c of valueColumns) columns.push(as(col(undefined, c), c));
  const shifted = select({ columns, from: cteRef(last, last) });
  ctes.push(cte(leaf.id, shifted));
  return ctes;
}


export function lowerAggregate(ctx: LowerContext, leaf: AggregateLeaf): Cte[] {
  return lowerAggregates(ctx, [leaf])!;
}

/** Aggregates that skip NULL inputs, so `agg(CASE WHEN f THEN v END)` equals `agg(v)` over the rows where f holds. */
const MERGEABLE: ReadonlySet<Measure['agg']> = new Set(['sum', 'sum_boolean', 'count', 'count_distinct', 'average', 'min', 'max']);

/**
 * Several plain aggregate leaves with the same model, keys, time dimension, shift and range as one
 * CTE named after the first leaf: one scan, one GROUP BY, one value column per leaf
 * (mergedValueColumn). Its keys are the union of the leaves' keys, which the combine takes anyway;
 * a key one leaf had no rows for reads NULL (0 for counts), as its missing row read before. Null
 * when the leaves cannot share a row source.
 */
export function lowerMergedAggregate(ctx: LowerContext, leaves: readonly AggregateLeaf[]): Cte[] | null {
  if (leaves.some((l) => l.snapshot !== null || !MERGEABLE.has(findMeasure(ctx, l.input.measure).agg))) return null;
  return lowerAggregates(ctx, leaves);
}

function lowerAggregates(ctx: LowerContext, leaves: readonly AggregateLeaf[]): Cte[] | null {
  const leaf = leaves[0]!;
  const hasTime = ctx.plan.time !== null;
  const needDay = hasTime || leaf.range.from !== undefined || leaf.range.to !== undefined || leaf.snapshot !== null;
  const options: RowsOptions = {
    range: leaf.range,
    withDay: needDay,
    snapshotDimension: leaf.snapshot ? leaf.snapshot.dimension : undefined,
    entity: undefined,
    keepRange: leaf.range,
  };
  const rows = leaves.length === 1 ? buildRows(ctx, leaf.input, options) : buildMergedRows(ctx, mapList(leaves, (l) => l.input), options);
  if (rows === null) return null;
  const valueColumns = mapList(leaves, (_, i) => mergedValueColumn(i));
  const rowsName = joinedName(leaf.id, 'rows');
  const ctes: Cte[] = [cte(rowsName, rows.query)];
  const day = col('r', 'metric_day');
  // The row source already kept only days in the range (which excludes NULL days); repeating the
  // filter here only skews PostgreSQL's row estimates.
  const ranged = leaf.range.from !== undefined || leaf.range.to !== undefined;
  const where = needDay && !ranged ? ({ kind: 'isNull', operand: day, negated: true } as SqlExpr) : null;
  // Semi-additive: only rows at the last (or first) snapshot of each period count.
  const snapshot = leaf.snapshot ? snapshotSource(ctx, leaf, options, where) : null;
  if (snapshot) pushAll(ctes, snapshot.ctes);
  const metricTime = hasTime ? (snapshot?.metricTime ?? period(ctx, 'r', 'metric_day')) : null;
  // Pushed, not spread: the spread arrays' element kinds varied with the request and deoptimised.
  const columns: SelectColumn[] = [];
  for (const c of ctx.dimensionColumns) columns.push(as(col('r', c), c));
  if (metricTime) columns.push(as(metricTime, 'metric_time'));
  for (let i = 0; i < leaves.length; i++) {
    columns.push(as(aggregateOfRows(findMeasure(ctx, leaves[i]!.input.measure), valueColumns[i]!), valueColumns[i]!));
  }
  const groupBy = dims(ctx, 'r');
  if (metricTime) groupBy.push(metricTime);
  const agg = select({
    columns,
    from: cteRef(rowsName, 'r'),
    joins: snapshot ? [join('inner', cteRef(snapshot.name, 's'), snapshot.on)] : [],
    where,
    groupBy,
  });
  const aggName = joinedName(leaf.id, 'agg');
  ctes.push(cte(aggName, agg));
  return finish(ctx, leaf, ctes, aggName, valueColumns);
}

/** Aggregates whose per-day partial results add up to the whole (count becomes a sum of counts). */
const ADDITIVE: ReadonlySet<Measure['agg']> = new Set(['sum', 'sum_boolean', 'count']);

/**
 * Lower bound on `day` of the window ending at `end` (exclusive) for the period starting at
 * `start`, or null for a running total. A module function, not a closure per leaf: under tsx every
 * named closure is wrapped in a defineProperty call.
 */
function windowLower(ctx: LowerContext, leaf: CumulativeLeaf, day: SqlExpr, start: SqlExpr, end: SqlExpr): SqlExpr | null {
  if (leaf.window) return bin('>=', day, shiftDay(end, grainShift(leaf.window.grain, leaf.window.count), -1));
  if (leaf.grainToDate) {
    const anchor = ctx.plan.time ? start : ({ kind: 'dateAdd', unit: 'day', count: -1, operand: end } as SqlExpr);
    return bin('>=', day, periodStart(anchor, leaf.grainToDate, ctx.catalog.project));
  }
  return null;
}

export function lowerCumulative(ctx: LowerContext, leaf: CumulativeLeaf): Cte[] {
  const time = ctx.plan.time;
  // History before `from` feeds running totals, so only `to` cuts rows here.
  const rows = buildRows(ctx, leaf.input, {
    range: leaf.range,
    withDay: true,
    snapshotDimension: undefined,
    entity: undefined,
    keepRange: { from: undefined, to: leaf.range.to },
  });
  const rowsName = joinedName(leaf.id, 'rows');
  const boundsName = joinedName(leaf.id, 'bounds');
  const ctes: Cte[] = [cte(rowsName, rows.query)];
  const day = col('r', 'metric_day');
  const to = leaf.range.to ? ({ kind: 'dateParam', value: leaf.range.to, end: 'to' } as SqlExpr) : null;
  const from = leaf.range.from ? ({ kind: 'dateParam', value: leaf.range.from, end: 'from' } as SqlExpr) : null;
  const maxDay: SqlExpr = { kind: 'dateAdd', unit: 'day', count: 1, operand: { kind: 'aggregate', fn: 'max', arg: day } };
  const minDay: SqlExpr = { kind: 'aggregate', fn: 'min', arg: day };
  ctes.push(cte(boundsName, select({
    columns: [
      ...(time ? [as(periodStart(from ?? minDay, time.grain, time), 'start_day')] : []),
      as(to ?? maxDay, 'end_day'),
    ],
    // Exactly one row: constants when the range is closed, else aggregates over the rows.
    ...(to && (from || !time)
      ? { from: null }
      : { from: cteRef(rowsName, 'r'), where: and([{ kind: 'isNull', operand: day, negated: true }, to ? bin('<', day, to) : null]) }),
  })));

  const value = zeroWhenEmpty(rows.measure, aggregateOf(rows.measure, col('r', 'value')));

  if (!time) {
    const end = col('b', 'end_day');
    const agg = select({
      columns: keyColumns(ctx, 'r', [as(value, 'value')]),
      from: cteRef(boundsName, 'b'),
      joins: [join('left', cteRef(rowsName, 'r'), and([bin('<', day, end), windowLower(ctx, leaf, day, end, end)]))],
      groupBy: dims(ctx, 'r'),
    });
    const aggName = joinedName(leaf.id, 'agg');
    ctes.push(cte(aggName, agg));
    return finish(ctx, leaf, ctes, aggName, ['value']);
  }

  // A date spine of periods, so empty periods still carry the running value.
  const spineName = joinedName(leaf.id, 'spine');
  pushAll(ctes, spine(spineName, boundsName, time.grain, ctx.recursiveSpine));
  const step = grainShift(time.grain);

  const start = col('s', 'period_start');
  const periodEnd = shiftDay(start, step, 1);
  const joins = [];
  if (ctx.dimensionColumns.length > 0) {
    const keysName = joinedName(leaf.id, 'keys');
    ctes.push(cte(keysName, select({ distinct: true, columns: keyColumns(ctx, 'r', []), from: cteRef(rowsName, 'r') })));
    joins.push(join('cross', cteRef(keysName, 'k'), null));
  }
  const dimMatch = mapList(ctx.dimensionColumns, (c): SqlExpr => ({ kind: 'nullSafeEquals', left: col('r', c), right: col('k', c) }));
  // Additive measures are summed per day first: the window join then meets one row per key and
  // day instead of every fact row (the join is periods x days, not periods x rows).
  const daily = ADDITIVE.has(rows.measure.agg);
  let source = rowsName;
  let windowValue = value;
  if (daily) {
    source = joinedName(leaf.id, 'daily');
    ctes.push(cte(source, select({
      columns: keyColumns(ctx, 'r', [as(day, 'metric_day'), as(aggregateOf(rows.measure, col('r', 'value')), 'value')]),
      from: cteRef(rowsName, 'r'),
      where: and([{ kind: 'isNull', operand: day, negated: true }, to ? bin('<', day, to) : null]),
      groupBy: [...dims(ctx, 'r'), day],
    })));
    windowValue = { kind: 'call', fn: 'coalesce', args: [{ kind: 'aggregate', fn: 'sum', arg: col('r', 'value') }, { kind: 'integer', value: 0 }] };
  }
  joins.push(join('left', cteRef(source, 'r'), and([...dimMatch, bin('<', day, periodEnd), to && !daily ? bin('<', day, to) : null, windowLower(ctx, leaf, day, start, periodEnd)])));
  const agg = select({
    columns: keyColumns(ctx, 'k', [as(start, 'metric_time'), as(windowValue, 'value')]),
    from: cteRef(spineName, 's'),
    joins,
    where: { kind: 'isNull', operand: start, negated: true },
    groupBy: [...dims(ctx, 'k'), start],
  });
  const aggName = joinedName(leaf.id, 'agg');
  ctes.push(cte(aggName, agg));
  return finish(ctx, leaf, ctes, aggName, ['value']);
}

const NO_RANGE: DateRange = { from: undefined, to: undefined };

export function lowerConversion(ctx: LowerContext, leaf: ConversionLeaf): Cte[] {
  const hasTime = ctx.plan.time !== null;
  const base = buildRows(ctx, leaf.base, { range: leaf.range, withDay: true, snapshotDimension: undefined, entity: leaf.entity, keepRange: leaf.range });
  const conv = buildRows(ctx, leaf.conversion, { range: NO_RANGE, withDay: false, snapshotDimension: undefined, entity: leaf.entity, keepRange: undefined });
  const baseName = joinedName(leaf.id, 'base');
  const convName = joinedName(leaf.id, 'conversions');
  const flagsName = joinedName(leaf.id, 'flags');
  const shift = grainShift(leaf.window.grain, leaf.window.count);
  const needsValue = conv.measure.expr !== null;
  const inRow = sameRowConversion(ctx, leaf, base.query, conv.query, shift, base.timeDataType, needsValue);
  const ctes: Cte[] = inRow
    ? [cte(baseName, withColumns(base.query, [...base.query.columns, as(inRow, 'converted')]))]
    : [cte(baseName, base.query), cte(convName, conv.query)];
  const at = col('b', 'event_at');
  const converted = select({
    columns: [as({ kind: 'integer', value: 1 }, 'one')],
    from: cteRef(convName, 'c'),
    where: and([
      bin('=', col('c', 'entity_key'), col('b', 'entity_key')),
      bin('>', col('c', 'event_at'), at),
      bin('<=', col('c', 'event_at'), conversionWindowEnd(shift, base.timeDataType, at)),
      needsValue ? { kind: 'isNull', operand: col('c', 'value'), negated: true } : null,
    ]),
  });
  const day = col('b', 'metric_day');
  ctes.push(cte(flagsName, select({
    columns: keyColumns(ctx, 'b', [
      as(day, 'metric_day'),
      as(inRow
        ? col('b', 'converted')
        : { kind: 'case', whens: [{ when: { kind: 'exists', query: converted }, then: { kind: 'integer', value: 1 } }], otherwise: { kind: 'integer', value: 0 } }, 'converted'),
    ]),
    from: cteRef(baseName, 'b'),
    // The base row source already kept only days in the range (keepRange).
    where: and([
      { kind: 'isNull', operand: at, negated: true },
      base.measure.expr === null ? null : { kind: 'isNull', operand: col('b', 'value'), negated: true },
    ]),
  })));
  const agg = select({
    columns: keyColumns(ctx, 'f', [
      ...(hasTime ? [as(period(ctx, 'f', 'metric_day'), 'metric_time')] : []),
      as({ kind: 'aggregate', fn: 'count_star', arg: null }, 'base'),
      as({ kind: 'call', fn: 'coalesce', args: [{ kind: 'aggregate', fn: 'sum', arg: col('f', 'converted') }, { kind: 'integer', value: 0 }] }, 'conversions'),
    ]),
    from: cteRef(flagsName, 'f'),
    groupBy: hasTime ? [...dims(ctx, 'f'), period(ctx, 'f', 'metric_day')] : dims(ctx, 'f'),
  });
  const aggName = joinedName(leaf.id, 'agg');
  ctes.push(cte(aggName, agg));
  return finish(ctx, leaf, ctes, aggName, ['base', 'conversions']);
}
