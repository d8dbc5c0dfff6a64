/**
 * `npx tsx bench/plan-steady.ts`: bench:plan's requests (same generator, same dialect rotation),
 * compiled by today's compiler only, in several passes after a warm-up, to tell JIT warm-up and
 * memo filling (pass 0) from the steady state (later passes re-run the same requests, so they show
 * the per-request work once every per-catalog table is full). Prints the median and mean CPU µs per
 * planned request for each pass, and the mean µs of each phase (plan, lower, render) of the last.
 *
 * Options: --requests N (default 4000), --warmup N (default 500), --passes N (default 3),
 * --planned-only (drop the requests the planner refuses before timing: for profiling the planned path).
 */
import { parseArgs } from 'node:util';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import { phaseSplit } from './plan-phases.js';
import { benchRequests } from './plan-requests.js';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '500' },
    passes: { type: 'string', default: '3' },
    'planned-only': { type: 'boolean', default: false },
  },
});

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');
const dialects = ['duckdb', 'postgres', 'mysql', 'sqlite'].map((n) => getDialect(n)!);
const generated = benchRequests(catalog, Number(options.requests), Number(options.warmup));
const warm = generated.warm;
const timed = options['planned-only']
  ? generated.timed.filter((r, i) => compileRequest(catalog, r, dialects[i % dialects.length]!).sql !== '')
  : generated.timed;

for (const [i, r] of warm.entries()) compileRequest(catalog, r, dialects[i % dialects.length]!);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
if (process.env['PLAN_STEADY_MARKS']) console.log(`mark warm end ${process.hrtime.bigint() / 1000n}`);
for (let pass = 0; pass < Number(options.passes); pass++) {
  const cpu: number[] = [];
  for (let i = 0; i < timed.length; i++) {
    const c = process.cpuUsage();
    const out = compileRequest(catalog, timed[i]!, dialects[i % dialects.length]!);
    const used = process.cpuUsage(c);
    if (out.sql !== '') cpu.push(used.user + used.system);
  }
  // Pass boundaries on the monotonic clock V8's profiles use (CLOCK_MONOTONIC µs): with
  // PLAN_STEADY_MARKS set, a --cpu-prof profile can be cut into passes.
  if (process.env['PLAN_STEADY_MARKS']) console.log(`mark pass ${pass} end ${process.hrtime.bigint() / 1000n}`);
  const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
  console.log(`pass ${pass}: ${cpu.length} planned, median CPU ${median(cpu)} µs, mean ${mean.toFixed(0)} µs`);
}

console.log(`phases (mean µs): ${phaseSplit(catalog, timed, dialects)}`);
