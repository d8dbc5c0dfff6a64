/**
 * `npm run bench:plan`: planning + SQL rendering time per distinct request (compileRequest: plan,
 * lower, render), on the starter catalog. Every request is different — metric set, group-by, grain,
 * filter literal, time range — so nothing can be served from a memo. Figures, not pass/fail: the
 * target (< 100 µs per request; Cube's compiler is quoted at ~800 µs) is printed beside them.
 *
 * The baseline is the compiler before the planner's speed-up (commit 4d19f0c), loaded from git into
 * the same process and timed on the same requests in alternating rounds, so both see the same load.
 *
 * Two phases, each of distinct requests never seen before in the process:
 * - **after start**: `--requests` timed right after `--warmup` requests, while V8 is still
 *   optimising the compiler (its background compiler threads are charged to these requests' CPU);
 * - **steady state**: after `--steady-warmup` further requests, another `--requests` timed: what a
 *   server that has been up for a few seconds of traffic spends per request. The target is judged
 *   here, as per-request costs are (a JIT warm-up is paid once per process, not per request).
 *
 * Options: --requests N (default 4000), --warmup N (default 500), --steady-warmup N (default
 * 4000), --rounds N (default 8), --dialect name (default: rotate duckdb, postgres, mysql, sqlite),
 * --baseline REV (default 4d19f0c), --no-baseline.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import type { MetricRequest } from '../compiler/request/request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import type { CompilerVersion } from './plan-baseline.js';
import { loadBaselineCompiler } from './plan-baseline.js';
import { phaseSplit } from './plan-phases.js';
import { benchRequests, laterRequests } from './plan-requests.js';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '500' },
    'steady-warmup': { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '8' },
    dialect: { type: 'string' },
    baseline: { type: 'string', default: '4d19f0c' },
    'no-baseline': { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(options.requests);
const WARMUP = Number(options.warmup);
const STEADY_WARMUP = Number(options['steady-warmup']);
const ROUNDS = Math.max(1, Number(options.rounds));
const TARGET_US = 100;
const dialectNames = options.dialect ? [options.dialect] : ['duckdb', 'postgres', 'mysql', 'sqlite'];

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');
const now: CompilerVersion = {
  label: 'now',
  catalog,
  compileRequest,
  dialect: (name) => {
    const d = getDialect(name);
    if (!d) throw new Error(`unknown dialect ${name}`);
    return d;
  },
};
const loaded = options['no-baseline'] ? 'turned off (--no-baseline)' : await loadBaselineCompiler(options.baseline, process.cwd());
const baseline = typeof loaded === 'string' ? null : loaded;

/** Per-request timings of one compiler version, split by whether it planned or refused. */
interface Timings {
  readonly planned: number[];
  readonly plannedCpu: number[];
  readonly refused: number[];
  readonly refusedCpu: number[];
}
const timings = (): Timings => ({ planned: [], plannedCpu: [], refused: [], refusedCpu: [] });

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const { warm, timed: requests } = benchRequests(catalog, REQUESTS, WARMUP);
const steadyWarm = laterRequests(catalog, 1_000_000, STEADY_WARMUP);
const steadyRequests = laterRequests(catalog, 2_000_000, REQUESTS);
const keys = new Set([...warm, ...requests, ...steadyWarm, ...steadyRequests].map((r) => JSON.stringify(r)));
const versions = baseline ? [now, baseline] : [now];
const dialectsOf = new Map(versions.map((v) => [v, dialectNames.map((n) => v.dialect(n))]));

function warmUp(list: readonly MetricRequest[]): void {
  for (const v of versions) {
    const dialects = dialectsOf.get(v)!;
    for (const [i, r] of list.entries()) v.compileRequest(v.catalog, r, dialects[i % dialects.length]!);
  }
}

interface Phase {
  readonly label: string;
  readonly results: Map<CompilerVersion, Timings>;
  /** Today's compiler: its planned requests (for the phase split below), SQL size and CPU. */
  readonly planned: MetricRequest[];
  sqlChars: number;
  cpuMs: number;
}

function timeSlice(phase: Phase, list: readonly MetricRequest[], v: CompilerVersion, from: number, to: number): void {
  const dialects = dialectsOf.get(v)!;
  const out = phase.results.get(v)!;
  const cpuStart = process.cpuUsage();
  for (let i = from; i < to; i++) {
    const r = list[i]!;
    // CPU time as well as wall time: on a shared machine wall time includes waiting for a core.
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const compiled = v.compileRequest(v.catalog, r, dialects[i % dialects.length]!);
    const us = Number(process.hrtime.bigint() - t) / 1000;
    const used = process.cpuUsage(c);
    if (compiled.sql === '') {
      out.refused.push(us);
      out.refusedCpu.push(used.user + used.system);
    } else {
      out.planned.push(us);
      out.plannedCpu.push(used.user + used.system);
      if (v === now) {
        phase.planned.push(r);
        phase.sqlChars += compiled.sql.length;
      }
    }
  }
  if (v === now) {
    const cpu = process.cpuUsage(cpuStart);
    phase.cpuMs += (cpu.user + cpu.system) / 1000;
  }
}

/**
 * Alternating rounds: each slice of requests is compiled by both versions, the order flipping each
 * round so neither always runs right after the other's garbage.
 */
function timePhase(label: string, list: readonly MetricRequest[]): Phase {
  const phase: Phase = { label, results: new Map(versions.map((v) => [v, timings()])), planned: [], sqlChars: 0, cpuMs: 0 };
  const size = Math.ceil(list.length / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? versions : [...versions].reverse();
    for (const v of order) timeSlice(phase, list, v, round * size, Math.min(list.length, (round + 1) * size));
  }
  for (const t of phase.results.values()) for (const xs of Object.values(t) as number[][]) xs.sort((a, b) => a - b);
  return phase;
}

warmUp(warm);
const afterStart = timePhase(`after start (${WARMUP} warm-up)`, requests);
warmUp(steadyWarm);
const steady = timePhase(`steady state (${WARMUP + REQUESTS + STEADY_WARMUP} before)`, steadyRequests);

console.log(`bench:plan — 2 x ${REQUESTS} timed requests, ${keys.size} distinct of ${warm.length + requests.length + steadyWarm.length + steadyRequests.length} in all (warm-up included), over ${Object.keys(catalog.metrics).length} starter metrics; dialects ${dialectNames.join(', ')}`);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores; CPU ${afterStart.cpuMs.toFixed(0)} ms and ${steady.cpuMs.toFixed(0)} ms for today's two timed loops`);
console.log(baseline
  ? `baseline: the compiler at ${baseline.label} (before the planner's speed-up), same requests, alternating rounds in this process`
  : `baseline: not run — ${String(loaded)}`);
console.log('');
console.log('| phase | requests | compiler | count | median µs | median CPU µs | p90 µs | p99 µs | max µs | now / baseline (median CPU) | target |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const row = (phase: string, label: string, who: string, xs: readonly number[], cpuXs: readonly number[], ratio: string, target: string): string =>
  xs.length === 0
    ? `| ${phase} | ${label} | ${who} | 0 | - | - | - | - | - | - | |`
    : `| ${phase} | ${label} | ${who} | ${xs.length} | ${percentile(xs, 0.5).toFixed(1)} | ${percentile(cpuXs, 0.5).toFixed(0)} | ${percentile(xs, 0.9).toFixed(1)} | ${percentile(xs, 0.99).toFixed(1)} | ${xs[xs.length - 1]!.toFixed(1)} | ${ratio} | ${target} |`;
for (const phase of [afterStart, steady]) {
  const mine = phase.results.get(now)!;
  const theirs = baseline ? phase.results.get(baseline)! : null;
  for (const [label, wall, cpu] of [['planned + rendered', 'planned', 'plannedCpu'], ['refused (diagnostics)', 'refused', 'refusedCpu']] as const) {
    const ratio = theirs && theirs[cpu].length > 0 && mine[cpu].length > 0 ? `${(percentile(mine[cpu], 0.5) / percentile(theirs[cpu], 0.5)).toFixed(2)}x` : '-';
    const target = phase === steady ? `median < ${TARGET_US} µs (Cube ~800 µs)` : 'shown for the JIT warm-up';
    console.log(row(phase.label, label, 'now', mine[wall], mine[cpu], ratio, target));
    if (theirs && baseline) console.log(row(phase.label, label, `baseline ${baseline.label}`, theirs[wall], theirs[cpu], '1x', ''));
  }
}
console.log('');
const plannedRequests = steady.planned;
console.log(`mean SQL size ${plannedRequests.length ? Math.round(steady.sqlChars / plannedRequests.length) : 0} chars`);

// Where today's time goes: the steady phase's planned requests again, phase by phase (same
// requests, so this pass is warm; it splits the cost, it is not the headline figure).
console.log(`phases (mean µs, second pass): ${phaseSplit(catalog, plannedRequests, dialectsOf.get(now)!)}`);
