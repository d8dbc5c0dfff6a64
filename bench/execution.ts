/**
 * `npm run bench:execution`: does Canon's generated SQL run as fast as SQL a person would write?
 * Ten headline KPIs by calendar quarter over two years, each run as compiled by Canon and as a
 * hand-written, idiomatic query for the same numbers, on DuckDB (a bench file under .canon/bench/)
 * and PostgreSQL (schema `canon_bench`), loaded from the sample generator at `--scale` (default 20;
 * ~50 is a few million rows). Before timing, the bench checks that both queries return the same
 * rows; a KPI whose rows differ is reported as a mismatch and not timed. Figures, not pass/fail:
 * median of `--runs` runs (default 5, after one warm-up), ratio generated / hand-written, target
 * <= 1.1x. Loading is timed and printed separately, and skipped when the same scale is loaded.
 *
 * Options: --scale N, --runs N, --engines duckdb,postgres, --reload.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { openConnection } from '../adapters/connect.js';
import type { WarehouseConnection } from '../adapters/connection.js';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import type { MetricRequest } from '../compiler/request/request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import type { SqlValue } from '../compiler/sql/values.js';
import { generateSample } from '../sample/generate-sample.js';
import { loadSample } from '../sample/load-sample.js';

const { values: options } = parseArgs({
  options: {
    scale: { type: 'string', default: '20' },
    runs: { type: 'string', default: '5' },
    engines: { type: 'string', default: 'duckdb,postgres' },
    reload: { type: 'boolean', default: false },
  },
});
const SCALE = Number(options.scale);
const RUNS = Number(options.runs);
const ENGINES = options.engines.split(',') as ('duckdb' | 'postgres')[];
const BENCH_DIR = join(process.cwd(), '.canon', 'bench');
const PG_URL = process.env['CANON_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = 'canon_bench';
const FROM = '2024-01-01';
const TO = '2026-01-01';

type Row = Readonly<Record<string, SqlValue>>;

/**
 * Hand-written SQL shared by DuckDB and PostgreSQL (both read `AT TIME ZONE`, `DATE_TRUNC`,
 * `FILTER`, `NULLIF`). Timestamps are stored as UTC; days are cut in the project zone; the range
 * is on the local day. Columns: `metric_time` (quarter start, text) and `value`.
 */
const ZONE = 'America/Los_Angeles';
const day = (column: string): string => `CAST((${column} AT TIME ZONE 'UTC') AT TIME ZONE '${ZONE}' AS DATE)`;
const quarter = (dayExpr: string): string => `CAST(DATE_TRUNC('quarter', ${dayExpr}) AS DATE)`;
const inRange = (dayExpr: string): string => `${dayExpr} >= DATE '${FROM}' AND ${dayExpr} < DATE '${TO}'`;
const text = (dateExpr: string): string => `CAST(${dateExpr} AS VARCHAR)`;
const dbl = (x: string): string => `CAST(${x} AS DOUBLE PRECISION)`;

interface Kpi {
  readonly metric: string;
  readonly hand: string;
}

/** ARR and customers at the last month-end snapshot of each quarter. */
const LAST_SNAPSHOT = `
  last_snapshot AS (
    SELECT ${quarter('snapshot_date')} AS q, MAX(snapshot_date) AS snapshot_date
    FROM arr_snapshots WHERE ${inRange('snapshot_date')} GROUP BY 1)`;

const KPIS: readonly Kpi[] = [
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

// --- loading -------------------------------------------------------------------------------

interface Loaded {
  readonly connection: WarehouseConnection;
  readonly loadMs: number | null;
  readonly rows: number | null;
}

function markerPath(engine: string): string {
  return join(BENCH_DIR, `loaded-${engine}.json`);
}

async function open(engine: 'duckdb' | 'postgres'): Promise<WarehouseConnection> {
  if (engine === 'duckdb') return openConnection({ type: 'duckdb', settings: { path: join(BENCH_DIR, `sample-${SCALE}.duckdb`) } }, process.cwd());
  const admin = await openConnection({ type: 'postgres', settings: { url: PG_URL } }, process.cwd());
  try {
    await admin.execute(`CREATE SCHEMA IF NOT EXISTS "${PG_SCHEMA}"`);
  } finally {
    await admin.close();
  }
  return openConnection({ type: 'postgres', settings: { url: PG_URL, schema: PG_SCHEMA } }, process.cwd());
}

async function loadIfNeeded(engine: 'duckdb' | 'postgres'): Promise<Loaded> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const marker = markerPath(engine);
  const previous = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { scale: number }) : undefined;
  const connection = await open(engine);
  if (!options.reload && previous?.scale === SCALE) return { connection, loadMs: null, rows: null };
  const started = performance.now();
  const report = await loadSample(connection, generateSample({ scale: SCALE }));
  if (engine === 'postgres') {
    for (const table of Object.keys(report.rowCounts)) await connection.execute(`ANALYZE "${PG_SCHEMA}"."${table}"`);
  }
  const loadMs = performance.now() - started;
  writeFileSync(marker, JSON.stringify({ scale: SCALE, rows: report.totalRows }));
  return { connection, loadMs, rows: report.totalRows };
}

// --- comparing and timing ------------------------------------------------------------------

function toNumber(v: SqlValue): number | null {
  if (v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Rows as `metric_time -> value`, text dates normalised to `YYYY-MM-DD`. */
function keyed(rows: readonly Row[], valueColumn: string): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const r of rows) out.set(String(r['metric_time']).slice(0, 10), toNumber(r[valueColumn] ?? null));
  return out;
}

function sameRows(a: Map<string, number | null>, b: Map<string, number | null>): string | null {
  if (a.size !== b.size) return `${a.size} rows vs ${b.size}`;
  for (const [k, x] of a) {
    if (!b.has(k)) return `period ${k} missing from the hand-written rows`;
    const y = b.get(k)!;
    if (x === null || y === null) {
      if (x !== y) return `${k}: ${x} vs ${y}`;
    } else if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x), Math.abs(y))) return `${k}: ${x} vs ${y}`;
  }
  return null;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]!;
}

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');

console.log(`bench:execution — scale ${SCALE}, ${KPIS.length} KPIs by quarter, ${FROM}..${TO}, median of ${RUNS} runs; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const table: string[] = ['| KPI | engine | generated ms | hand-written ms | ratio | note |', '|---|---|---|---|---|---|'];
for (const engine of ENGINES) {
  const loaded = await loadIfNeeded(engine);
  console.log(loaded.loadMs === null
    ? `${engine}: scale ${SCALE} already loaded (reused; --reload to reload)`
    : `${engine}: loaded ${loaded.rows} rows in ${(loaded.loadMs / 1000).toFixed(1)} s`);
  const dialect = getDialect(engine)!;
  try {
    for (const kpi of KPIS) {
      const request: MetricRequest = { metrics: [kpi.metric], grain: 'quarter', timeRange: { from: FROM, to: TO } };
      const compiled = compileRequest(catalog, request, dialect);
      if (compiled.sql === '') {
        table.push(`| ${kpi.metric} | ${engine} | - | - | - | refused: ${compiled.diagnostics.map((d) => d.code).join(', ')} |`);
        continue;
      }
      const generated = () => loaded.connection.query(compiled.sql, compiled.bindings);
      const hand = () => loaded.connection.query(kpi.hand, []);
      let mismatch: string | null;
      try {
        mismatch = sameRows(keyed((await generated()).rows, kpi.metric), keyed((await hand()).rows, 'value'));
      } catch (error) {
        mismatch = `failed: ${(error as Error).message.split('\n')[0]}`;
      }
      if (mismatch !== null) {
        table.push(`| ${kpi.metric} | ${engine} | - | - | - | MISMATCH, not timed: ${mismatch.replace(/\|/g, '/')} |`);
        continue;
      }
      const g = await median(generated);
      const h = await median(hand);
      const ratio = g / h;
      table.push(`| ${kpi.metric} | ${engine} | ${g.toFixed(1)} | ${h.toFixed(1)} | ${ratio.toFixed(2)}x | ${ratio <= 1.1 ? 'within 1.1x' : 'over target'} |`);
    }
  } finally {
    await loaded.connection.close();
  }
}
console.log('');
console.log(table.join('\n'));
