/**
 * `npx tsx bench/execution-duckdb-planning.ts`: where bench:execution's DuckDB time goes, per KPI,
 * on one @duckdb/node-api connection to the bench file (`.canon/bench/sample-<scale>.duckdb`, made
 * by `npm run bench:execution`), read-only. For each KPI the same request as bench:execution, run
 * several ways, alternating run by run, median of `--runs`:
 *
 * - `generated, bound` (what Canon does): one prepared statement, re-bound each run with the
 *   request's values as the adapter passes them (text for dates). DuckDB's parameters are typed
 *   DATE by `CAST(? AS DATE)`, a text value does not match, so DuckDB re-binds the statement with
 *   the values as constants on every run: the range reaches the scan, and the statement is planned
 *   once per run.
 * - `generated, typed`: the same with DATE values, so no re-bind: the plan is reused and the
 *   parameters stay parameters.
 * - `generated, literals, planned once`: the generated SQL with its values written in the text
 *   (diagnostic only; Canon never does this), prepared once: the cost of the SQL's shape alone.
 * - `generated, literals, planned per run`: the same, planned on every run.
 * - `hand, bound` (bench:execution's baseline: the range bound as text, as Canon's is),
 *   `hand, literals, planned once` (bench:execution's second baseline: the adapter keeps its
 *   prepared statement, and having no parameters it is never planned again) and
 *   `hand, literals, planned per run`.
 *
 * Options: --scale N (default 20), --runs N (default 25), --kpis a,b.
 */
import { DuckDBInstance, dateValue, type DuckDBPreparedStatement, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import { FROM, KPIS, TO, rangeBindings, withLiteralRange } from './execution-kpis.js';

const { values: options } = parseArgs({
  options: { scale: { type: 'string', default: '20' }, runs: { type: 'string', default: '25' }, kpis: { type: 'string' } },
});
const RUNS = Number(options.runs);
const file = join(process.cwd(), '.canon', 'bench', `sample-${options.scale}.duckdb`);
if (!existsSync(file)) throw new Error(`${file} is missing: run npm run bench:execution -- --scale ${options.scale} first`);
const selected = options.kpis === undefined ? KPIS : KPIS.filter((k) => options.kpis!.split(',').includes(k.metric));
const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');

const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();

/** A value as SQL text, for the diagnostic literal variants only. */
function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}

function typed(statement: DuckDBPreparedStatement, values: readonly unknown[]): DuckDBValue[] {
  return values.map((value, i) => {
    if (typeof value === 'string' && statement.parameterType(i + 1).toString() === 'DATE') {
      return dateValue(Math.round(Date.parse(`${value}T00:00:00Z`) / 86_400_000));
    }
    return value as DuckDBValue;
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const LABELS = [
  'generated, bound',
  'generated, typed',
  'generated, literals, planned once',
  'generated, literals, planned per run',
  'hand, bound',
  'hand, literals, planned once',
  'hand, literals, planned per run',
] as const;

console.log(`execution-duckdb-planning — scale ${options.scale}, median of ${RUNS} runs, ms; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`| KPI | ${LABELS.join(' | ')} | bound / hand bound | bound / hand literals once | bound / hand literals per run | shape: literals once / hand literals once |`);
console.log(`|---|${LABELS.map(() => '---').join('|')}|---|---|---|---|`);
for (const kpi of selected) {
  const compiled = compileRequest(catalog, { metrics: [kpi.metric], grain: 'quarter', timeRange: { from: FROM, to: TO } }, getDialect('duckdb')!);
  const values = [...compiled.bindings] as DuckDBValue[];
  let n = 0;
  const literalSql = compiled.sql.replace(/\?/g, () => literal(compiled.bindings[n++]));
  const bound = await connection.prepare(compiled.sql);
  const typedStatement = await connection.prepare(compiled.sql);
  const typedValues = typed(typedStatement, compiled.bindings);
  const literalOnce = await connection.prepare(literalSql);
  const handLiteral = withLiteralRange(kpi.hand);
  const handBound = await connection.prepare(kpi.hand);
  const handValues = rangeBindings(kpi.hand);
  const handOnce = await connection.prepare(handLiteral);
  const variants: (() => Promise<unknown>)[] = [
    () => { bound.clearBindings(); bound.bind(values); return bound.runAndReadAll(); },
    () => { typedStatement.clearBindings(); typedStatement.bind(typedValues); return typedStatement.runAndReadAll(); },
    () => literalOnce.runAndReadAll(),
    () => connection.runAndReadAll(literalSql),
    () => { handBound.clearBindings(); handBound.bind(handValues); return handBound.runAndReadAll(); },
    () => handOnce.runAndReadAll(),
    () => connection.runAndReadAll(handLiteral),
  ];
  for (const run of variants) await run();
  const times: number[][] = variants.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, run] of variants.entries()) {
      const started = performance.now();
      await run();
      times[k]!.push(performance.now() - started);
    }
  }
  const m = times.map(median);
  const [g, , lo, , hb, ho, hp] = m as [number, number, number, number, number, number, number];
  console.log(`| ${kpi.metric} | ${m.map((x) => x.toFixed(2)).join(' | ')} | ${(g / hb).toFixed(2)}x | ${(g / ho).toFixed(2)}x | ${(g / hp).toFixed(2)}x | ${(lo / ho).toFixed(2)}x |`);
  for (const statement of [bound, typedStatement, literalOnce, handBound, handOnce]) statement.destroySync();
}
connection.disconnectSync();
instance.closeSync();
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
