/**
 * Semi-additive leaves: the snapshot day (last or first) each period keeps, as a small CTE the
 * leaf's rows are INNER JOINed to. Shaped as an analyst writes it, which EXPLAIN ANALYZE showed to
 * be the cheapest on DuckDB and PostgreSQL alike (bench:execution, arr at scale 20):
 *
 * - The days come from **their own copy of the row source**, not from the leaf's rows CTE: a CTE
 *   read twice is materialised (PostgreSQL, DuckDB), which copied every row in range before either
 *   reader saw it. Two plain scans were ~1.5x faster than one scan materialised.
 * - The period is computed on the **distinct snapshot days** (a few dozen), not per row; when the
 *   snapshot dimension is the time dimension the joined day fixes the period, so the leaf groups by
 *   the snapshot's `metric_time` and never computes a period per fact row.
 * - A window function (`max(day) over (partition by period)`) was tried and measured slower on
 *   both engines: it partitions or sorts every row and still computes the period per row.
 */
import type { Cte, SqlExpr } from '../sql/ast.js';
import { and, as, bin, col, cte, cteRef, list, mapList, select } from '../sql/build.js';
import type { LowerContext } from './lower-context.js';
import { buildRows, type RowsOptions } from './lower-rows.js';
import type { AggregateLeaf, ReachedDimension } from './plan.js';
import { periodOfColumn } from './time-sql.js';
import { joinedName } from './planner-names.js';

export interface SnapshotSource {
  /** CTEs to add before the leaf's aggregate, in dependency order. */
  readonly ctes: readonly Cte[];
  /** The CTE holding the kept snapshot day per period (`snapshot_day`, with time `metric_time`). */
  readonly name: string;
  /** Join condition between the leaf's rows (alias `r`) and that CTE (alias `s`). */
  readonly on: SqlExpr;
  /** The period of a joined row, read from the snapshot side (null without a time grain). */
  readonly metricTime: SqlExpr | null;
}


/**
 * The snapshot day kept per period for `leaf`, whose rows are built with `options`; `where` is the
 * leaf's own filter on its rows (alias `r`), e.g. dropping rows without a day.
 */
export function snapshotSource(ctx: LowerContext, leaf: AggregateLeaf, options: RowsOptions, where: SqlExpr | null): SnapshotSource {
  const snapshot = leaf.snapshot;
  if (snapshot === null) throw new Error(`leaf '${leaf.id}' is not semi-additive`);
  const pick = snapshot.choice === 'max' ? 'max' : 'min';
  const time = ctx.plan.time;
  const rowsName = joinedName(leaf.id, 'snapshot_rows');
  const name = joinedName(leaf.id, 'snapshot');
  // The leaf's rows without its group-by dimensions: the same rows (filters keep their joins, and a
  // one-to-many dimension join only repeated rows), so the same days, minus joins only a dimension
  // needed, which no engine here drops by itself.
  const rows = buildRows(ctx, { ...leaf.input, dimensions: list<ReachedDimension>() }, options).query;
  const ctes: Cte[] = [cte(rowsName, rows)];
  const sameDay = bin('=', col('r', 'snapshot_day'), col('s', 'snapshot_day'));

  if (time === null) {
    ctes.push(cte(name, select({ columns: [as({ kind: 'aggregate', fn: pick, arg: col('r', 'snapshot_day') }, 'snapshot_day')], from: cteRef(rowsName, 'r'), where })));
    return { ctes, name, on: sameDay, metricTime: null };
  }

  // When the snapshot dimension is the time dimension, a day is its own period key; otherwise the
  // period comes from the row's time dimension and the pair (day, snapshot day) is what is distinct.
  const byItself = snapshot.dimension === leaf.input.timeDimension;
  const daysName = joinedName(leaf.id, 'snapshot_days');
  const dayColumns = byItself ? ['snapshot_day'] : ['metric_day', 'snapshot_day'];
  ctes.push(cte(daysName, select({
    columns: mapList(dayColumns, (c) => as(col('r', c), c)),
    from: cteRef(rowsName, 'r'),
    where,
    groupBy: mapList(dayColumns, (c) => col('r', c)),
  })));
  // Shared nodes per table (periodOfColumn), looked up once each; no closure (tsx names closures).
  const dayColumn = byItself ? 'snapshot_day' : 'metric_day';
  const periodOfD = periodOfColumn(ctx.catalog, 'd', dayColumn, time.grain);
  ctes.push(cte(name, select({
    columns: [as(periodOfD, 'metric_time'), as({ kind: 'aggregate', fn: pick, arg: col('d', 'snapshot_day') }, 'snapshot_day')],
    from: cteRef(daysName, 'd'),
    groupBy: [periodOfD],
  })));
  const on = and([sameDay, byItself ? null : bin('=', periodOfColumn(ctx.catalog, 'r', dayColumn, time.grain), col('s', 'metric_time'))])!;
  return { ctes, name, on, metricTime: col('s', 'metric_time') };
}
