/**
 * The ten headline KPIs of `npm run bench:execution` with their hand-written SQL: the baseline the
 * generated SQL is timed against. Written once in SQL that DuckDB and PostgreSQL both read
 * (`AT TIME ZONE`, `DATE_TRUNC`, `FILTER`, `NULLIF`), as a competent analyst would write it.
 * Timestamps are stored as UTC; days are cut in the project zone; the range is on the local day.
 * Columns: `metric_time` (quarter start, text) and `value`, in period order as Canon returns them.
 *
 * The range's two dates are parameters (`CAST(? AS DATE)`, bound as text), exactly as Canon binds
 * them: an application runs a KPI query with the period as values, and running both queries the
 * same way leaves the SQL as the only difference. `withLiteralRange` writes the dates into the
 * text instead, for the second baseline bench:execution prints (see bench/README.md: on DuckDB a
 * statement without parameters is planned once by the adapter's statement cache, one with
 * parameters is planned on each run, so that comparison measures binding, not SQL).
 */
export const FROM = '2024-01-01';
export const TO = '2026-01-01';
const ZONE = 'America/Los_Angeles';
const day = (column: string): string => `CAST((${column} AT TIME ZONE 'UTC') AT TIME ZONE '${ZONE}' AS DATE)`;
const quarter = (dayExpr: string): string => `CAST(DATE_TRUNC('quarter', ${dayExpr}) AS DATE)`;
const RANGE_START = 'CAST(? AS DATE)';
const inRange = (dayExpr: string): string => `${dayExpr} >= ${RANGE_START} AND ${dayExpr} < ${RANGE_START}`;
const text = (dateExpr: string): string => `CAST(${dateExpr} AS VARCHAR)`;
const dbl = (x: string): string => `CAST(${x} AS DOUBLE PRECISION)`;

export interface Kpi {
  readonly metric: string;
  /** The hand-written SQL, its range as `?` parameters in (from, to) pairs: see `rangeBindings`. */
  readonly hand: string;
}

/** The values for a hand-written query's parameters: every range in it is a (from, to) pair. */
export function rangeBindings(hand: string): string[] {
  const count = hand.split('?').length - 1;
  return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? FROM : TO));
}

/** The hand-written query with its range written in the text as date literals (no parameters). */
export function withLiteralRange(hand: string): string {
  let i = 0;
  return hand.replaceAll(RANGE_START, () => `DATE '${i++ % 2 === 0 ? FROM : TO}'`);
}

/** ARR and customers at the last month-end snapshot of each quarter. */
const LAST_SNAPSHOT = `
  last_snapshot AS (
    SELECT ${quarter('snapshot_date')} AS q, MAX(snapshot_date) AS snapshot_date
    FROM arr_snapshots WHERE ${inRange('snapshot_date')} GROUP BY 1)`;

/**
 * Canon returns a time series in period order (its default order when a request names none), so
 * the hand-written answer to the same question orders its rows too: without it the baseline would
 * skip a sort the generated query must do (on DuckDB a fixed ~0.3-0.5 ms, a tenth of the smallest
 * KPI's time).
 */
const inPeriodOrder = (kpi: Kpi): Kpi => ({ metric: kpi.metric, hand: `${kpi.hand}\n      ORDER BY metric_time` });

const UNORDERED: readonly Kpi[] = [
  {
    metric: 'bookings',
    hand: `SELECT ${text('q')} AS metric_time, value FROM (
      SELECT ${quarter(day('closed_at'))} AS q, SUM(amount) AS value FROM opportunities
      WHERE is_won AND ${inRange(day('closed_at'))} GROUP BY 1) t`,
  },
  {
    metric: 'win_rate',
    hand: `SELECT ${text('q')} AS metric_time, ${dbl('won')} / NULLIF(closed, 0) AS value FROM (
      SELECT ${quarter(day('closed_at'))} AS q, COUNT(*) FILTER (WHERE is_won) AS won, COUNT(*) AS closed
      FROM opportunities WHERE is_closed AND ${inRange(day('closed_at'))} GROUP BY 1) t`,
  },
  {
    metric: 'average_deal_size',
    hand: `SELECT ${text('q')} AS metric_time, value FROM (
      SELECT ${quarter(day('closed_at'))} AS q, AVG(${dbl('amount')}) AS value FROM opportunities
      WHERE is_won AND ${inRange(day('closed_at'))} GROUP BY 1) t`,
  },
  {
    metric: 'sales_cycle_length',
    hand: `SELECT ${text('q')} AS metric_time, value FROM (
      SELECT ${quarter(day('closed_at'))} AS q, AVG(${dbl('CAST(closed_at AS DATE) - CAST(created_at AS DATE)')}) AS value
      FROM opportunities WHERE is_won AND ${inRange(day('closed_at'))} GROUP BY 1) t`,
  },
  {
    metric: 'arr',
    hand: `WITH ${LAST_SNAPSHOT}
      SELECT ${text('l.q')} AS metric_time, SUM(a.arr) AS value
      FROM last_snapshot l JOIN arr_snapshots a ON a.snapshot_date = l.snapshot_date GROUP BY l.q`,
  },
  {
    metric: 'pipeline_coverage',
    hand: `WITH qualified AS (
        SELECT ${quarter('snapshot_date')} AS q, snapshot_date, amount FROM pipeline_snapshots
        WHERE stage IN ('discovery', 'proposal', 'negotiation') AND ${inRange('snapshot_date')}),
      opening AS (
        SELECT q, SUM(amount) AS amount FROM (
          SELECT q, snapshot_date, amount, MIN(snapshot_date) OVER (PARTITION BY q) AS first_snapshot FROM qualified) f
        WHERE snapshot_date = first_snapshot GROUP BY q),
      quota AS (
        SELECT ${quarter('quarter_start')} AS q, SUM(quota_amount) AS amount FROM quotas WHERE ${inRange('quarter_start')} GROUP BY 1)
      SELECT ${text('COALESCE(o.q, t.q)')} AS metric_time, ${dbl('o.amount')} / NULLIF(t.amount, 0) AS value
      FROM opening o FULL JOIN quota t ON o.q = t.q`,
  },
  {
    metric: 'customer_acquisition_cost',
    hand: `WITH spent AS (
        SELECT ${quarter('spend_month')} AS q, SUM(amount) AS amount FROM spend WHERE ${inRange('spend_month')} GROUP BY 1),
      won AS (
        SELECT ${quarter('movement_date')} AS q, COUNT(DISTINCT account_id) AS customers FROM arr_movements
        WHERE movement_type = 'new' AND ${inRange('movement_date')} GROUP BY 1)
      SELECT ${text('COALESCE(s.q, w.q)')} AS metric_time, ${dbl('s.amount')} / NULLIF(w.customers, 0) AS value
      FROM spent s FULL JOIN won w ON s.q = w.q`,
  },
  {
    metric: 'mql_to_sql_conversion',
    // A lead's SQL is on the lead's own row: one scan, no self-join.
    hand: `SELECT ${text('q')} AS metric_time, value FROM (
      SELECT ${quarter(day('mql_at'))} AS q,
        ${dbl(`COUNT(*) FILTER (WHERE sql_at > mql_at AND sql_at <= mql_at + INTERVAL '30 days')`)} / COUNT(*) AS value
      FROM leads WHERE mql_at IS NOT NULL AND ${inRange(day('mql_at'))} GROUP BY 1) t`,
  },
  {
    metric: 'customer_churn_rate',
    hand: `WITH ${LAST_SNAPSHOT},
      customers AS (
        SELECT l.q, COUNT(DISTINCT a.account_id) AS n FROM last_snapshot l
        JOIN arr_snapshots a ON a.snapshot_date = l.snapshot_date AND a.is_customer GROUP BY l.q),
      moves AS (
        SELECT ${quarter('movement_date')} AS q,
          COUNT(DISTINCT account_id) FILTER (WHERE movement_type IN ('new', 'reactivation')) AS added,
          COUNT(DISTINCT account_id) FILTER (WHERE movement_type = 'churn') AS churned
        FROM arr_movements WHERE movement_type IN ('new', 'reactivation', 'churn') AND ${inRange('movement_date')} GROUP BY 1)
      SELECT ${text('COALESCE(c.q, m.q)')} AS metric_time,
        ${dbl('COALESCE(m.churned, 0)')} / NULLIF(COALESCE(c.n, 0) - COALESCE(m.added, 0) + COALESCE(m.churned, 0), 0) AS value
      FROM customers c FULL JOIN moves m ON c.q = m.q`,
  },
  {
    metric: 'net_revenue_retention',
    hand: `WITH ${LAST_SNAPSHOT},
      balance AS (
        SELECT l.q, SUM(a.arr) AS arr FROM last_snapshot l JOIN arr_snapshots a ON a.snapshot_date = l.snapshot_date GROUP BY l.q),
      moves AS (
        SELECT ${quarter('movement_date')} AS q, SUM(arr_change) AS net_new,
          SUM(arr_change) FILTER (WHERE movement_type = 'expansion') AS expansion,
          SUM(arr_change) FILTER (WHERE movement_type = 'contraction') AS contraction,
          SUM(arr_change) FILTER (WHERE movement_type = 'churn') AS churned
        FROM arr_movements WHERE ${inRange('movement_date')} GROUP BY 1),
      starting AS (
        SELECT COALESCE(b.q, m.q) AS q, b.arr - COALESCE(m.net_new, 0) AS arr, m.expansion, m.contraction, m.churned
        FROM balance b FULL JOIN moves m ON b.q = m.q)
      SELECT ${text('q')} AS metric_time,
        ${dbl('arr + COALESCE(expansion, 0) + COALESCE(contraction, 0) + COALESCE(churned, 0)')} / NULLIF(arr, 0) AS value
      FROM starting`,
  },
];

export const KPIS: readonly Kpi[] = UNORDERED.map(inPeriodOrder);
