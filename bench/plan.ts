/**
 * `npm run bench:plan`: planning + SQL rendering time per distinct request (compileRequest: plan,
 * lower, render), on the starter catalog. Every request is different — metric set, group-by, grain,
 * filter literal, time range — so nothing can be served from a memo. Figures, not pass/fail: the
 * target (< 100 µs per request; Cube's compiler is quoted at ~800 µs) is printed beside them.
 *
 * Options: --requests N (default 4000), --warmup N (default 500), --dialect name (default: rotate
 * duckdb, postgres, mysql, sqlite).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import { lowerPlan } from '../compiler/plan/lower-plan.js';
import { planRequest } from '../compiler/plan/plan-request.js';
import { renderStatement } from '../compiler/sql/render.js';
import type { MetricRequest } from '../compiler/request/request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import type { Dialect } from '../compiler/sql/dialect.js';
import { benchRequests } from './plan-requests.js';

const { values: options } = parseArgs({
  options: { requests: { type: 'string', default: '4000' }, warmup: { type: 'string', default: '500' }, dialect: { type: 'string' } },
});
const REQUESTS = Number(options.requests);
const WARMUP = Number(options.warmup);
const TARGET_US = 100;
/**
 * Medians before the planner's speed-up (commit 4d19f0c, same requests, a quiet machine), printed
 * beside today's figures as ratios.
 */
const BASELINE_US = { planned: 350, refused: 175 } as const;

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');
const metricNames = Object.keys(catalog.metrics).sort();
const dialects: Dialect[] = (options.dialect ? [options.dialect] : ['duckdb', 'postgres', 'mysql', 'sqlite']).map((n) => {
  const d = getDialect(n);
  if (!d) throw new Error(`unknown dialect ${n}`);
  return d;
});

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const { warm, timed: requests } = benchRequests(catalog, REQUESTS, WARMUP);
const keys = new Set(requests.map((r) => JSON.stringify(r)));

for (const [i, r] of warm.entries()) compileRequest(catalog, r, dialects[i % dialects.length]!);

const planned: number[] = [];
const plannedCpu: number[] = [];
const plannedRequests: MetricRequest[] = [];
const refused: number[] = [];
const refusedCpu: number[] = [];
let sqlChars = 0;
const cpuStart = process.cpuUsage();
for (const [i, r] of requests.entries()) {
  const dialect = dialects[i % dialects.length]!;
  // CPU time as well as wall time: on a shared machine wall time includes waiting for a core.
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  const out = compileRequest(catalog, r, dialect);
  const us = Number(process.hrtime.bigint() - t) / 1000;
  const used = process.cpuUsage(c);
  const cpuUs = used.user + used.system;
  if (out.sql === '') {
    refused.push(us);
    refusedCpu.push(cpuUs);
  } else {
    planned.push(us);
    plannedCpu.push(cpuUs);
    plannedRequests.push(r);
    sqlChars += out.sql.length;
  }
}
const cpu = process.cpuUsage(cpuStart);

for (const xs of [planned, plannedCpu, refused, refusedCpu]) xs.sort((a, b) => a - b);
console.log(`bench:plan — ${REQUESTS} distinct requests (${keys.size} distinct keys) over ${metricNames.length} starter metrics; dialects ${dialects.map((d) => d.name).join(', ')}`);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms for the timed loop`);
console.log('');
console.log('| requests | count | median µs | median CPU µs | p90 µs | p99 µs | max µs | before (median µs) | now / before | target |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const line = (label: string, xs: readonly number[], cpuXs: readonly number[], before: number): string =>
  xs.length === 0
    ? `| ${label} | 0 | - | - | - | - | - | ${before} | - | |`
    : `| ${label} | ${xs.length} | ${percentile(xs, 0.5).toFixed(1)} | ${percentile(cpuXs, 0.5).toFixed(0)} | ${percentile(xs, 0.9).toFixed(1)} | ${percentile(xs, 0.99).toFixed(1)} | ${xs[xs.length - 1]!.toFixed(1)} | ${before} | ${(percentile(xs, 0.5) / before).toFixed(2)}x | median < ${TARGET_US} µs (Cube ~800 µs) |`;
console.log(line('planned + rendered', planned, plannedCpu, BASELINE_US.planned));
console.log(line('refused (diagnostics)', refused, refusedCpu, BASELINE_US.refused));
console.log('(before: commit 4d19f0c on a quiet machine; compare on a quiet machine, or CPU medians run back to back)');
console.log('');
console.log(`mean SQL size ${planned.length ? Math.round(sqlChars / planned.length) : 0} chars`);

// Where the time goes: the planned requests again, phase by phase (same requests, so this pass is
// warm; it splits the cost, it is not the headline figure).
let plan = 0;
let lower = 0;
let render = 0;
for (const [i, r] of plannedRequests.entries()) {
  const dialect = dialects[i % dialects.length]!;
  const a = performance.now();
  const p = planRequest(catalog, r, { supportsPercentile: dialect.supportsPercentile });
  const b = performance.now();
  const statement = lowerPlan(catalog, p.plan!);
  const c = performance.now();
  renderStatement(statement, dialect);
  const d = performance.now();
  plan += b - a;
  lower += c - b;
  render += d - c;
}
const per = (ms: number): string => (plannedRequests.length ? ((ms * 1000) / plannedRequests.length).toFixed(0) : '-');
console.log(`phases (mean µs, second pass): plan ${per(plan)}, lower ${per(lower)}, render ${per(render)}`);
