/**
 * The date spine of a cumulative metric: every period start from the bounds CTE's `start_day`
 * (inclusive) to its `end_day` (exclusive), so periods without rows still carry a running total.
 * Starts are period starts (day 1 for month grains), so month arithmetic never clamps and the
 * steps compose.
 */
import type { Cte } from '../sql/ast.js';
import { as, bin, col, cte, cteRef, select } from '../sql/build.js';
import type { RequestGrain } from '../request/request.js';
import { grainShift, shiftDay } from './time-sql.js';
import { joinedName, numberedName } from './planner-names.js';

/** Periods a spine may hold per grain: 2^bits steps stay within ~130-180 years, far from date overflow. */
const SPINE_BITS: Record<RequestGrain, number> = { day: 16, week: 13, month: 11, quarter: 9, fiscal_quarter: 9, year: 7, fiscal_year: 7 };

const COLUMNS = ['period_start', 'end_day'] as const;


/**
 * Doubling (the default): step k keeps the periods so far and adds copies moved 2^k periods on,
 * pruned at the end, so about log2(n) non-recursive CTEs. A recursive CTE pays one iteration per
 * period (DuckDB took ~1 ms per iteration, so a day spine over a few years cost a second on its
 * own). Each step reads the previous one twice, which engines that materialise a CTE read more
 * than once (DuckDB, PostgreSQL, the warehouses) evaluate once.
 *
 * Recursive (`recursive`): for engines that inline a CTE at every read (MariaDB/MySQL, SQLite), where
 * doubling's two reads per step expand into 2^16 subqueries for a day spine (53 s on MariaDB for
 * a one-day range). Their row-at-a-time recursion costs microseconds per period.
 */
export function spine(name: string, boundsName: string, grain: RequestGrain, recursive: boolean): Cte[] {
  const fromBounds = select({
    columns: [as(col('b', 'start_day'), 'period_start'), as(col('b', 'end_day'), 'end_day')],
    // No end check on the first period: a spine always holds the period the range starts in.
    from: cteRef(boundsName, 'b'),
  });
  if (recursive) {
    const next = shiftDay(col('s', 'period_start'), grainShift(grain), 1);
    return [cte(name, {
      kind: 'union',
      all: true,
      queries: [
        fromBounds,
        select({ columns: [as(next, 'period_start'), as(col('s', 'end_day'), 'end_day')], from: cteRef(name, 's'), where: bin('<', next, col('s', 'end_day')) }),
      ],
    }, COLUMNS)];
  }
  const first = joinedName(name, '0');
  const out: Cte[] = [cte(first, fromBounds)];
  let previous = first;
  const bits = SPINE_BITS[grain];
  for (let k = 0; k < bits; k++) {
    const next = k === bits - 1 ? name : numberedName(joinedName(name, ''), k + 1);
    const moved = shiftDay(col('s', 'period_start'), grainShift(grain, 2 ** k), 1);
    out.push(cte(next, {
      kind: 'union',
      all: true,
      queries: [
        select({ columns: [as(col('s', 'period_start'), 'period_start'), as(col('s', 'end_day'), 'end_day')], from: cteRef(previous, 's') }),
        select({ columns: [as(moved, 'period_start'), as(col('s', 'end_day'), 'end_day')], from: cteRef(previous, 's'), where: bin('<', moved, col('s', 'end_day')) }),
      ],
    }));
    previous = next;
  }
  return out;
}
