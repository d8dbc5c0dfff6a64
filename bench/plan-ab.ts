/**
 * `npx tsx bench/plan-ab.ts --base DIR --new DIR`: compileRequest of two versions of the compiler in
 * one process, alternating rounds over bench:plan's requests, compared on median CPU time per
 * planned request. On a shared machine back-to-back bench:plan runs move by ±30%; alternating
 * rounds in one process sees the same load for both.
 *
 * Each DIR is the tsc output of a checkout, e.g.
 *   git worktree/stash the old version; npx tsc --noEmit false --outDir /tmp/old
 *   ln -s "$PWD/node_modules" /tmp/old/node_modules; cp package.json /tmp/old/
 * (same for the new version), run from the project root (the starter catalog is read from cwd).
 * Both trees need bench/plan-requests.js (commit 3853846 or later); the requests come from --base.
 *
 * Options: --requests N (default 4000), --warmup N (default 4000), --rounds N (default 8).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Catalog } from '../compiler/catalog/types.js';
import type { compileRequest as CompileRequest } from '../compiler/compile-request.js';
import type { MetricRequest } from '../compiler/request/request.js';
import type { Dialect } from '../compiler/sql/dialect.js';
import type { benchRequests as BenchRequests } from './plan-requests.js';

const { values: options } = parseArgs({
  options: {
    base: { type: 'string' },
    new: { type: 'string' },
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '8' },
  },
});
if (!options.base || !options.new) throw new Error('usage: tsx bench/plan-ab.ts --base DIR --new DIR');

interface Version {
  readonly catalog: Catalog;
  readonly dialects: readonly Dialect[];
  readonly compileRequest: typeof CompileRequest;
  readonly benchRequests: typeof BenchRequests;
}

async function load(root: string): Promise<Version> {
  const at = (path: string): string => pathToFileURL(resolve(root, path)).href;
  const registry = (await import(at('adapters/dialect-registry.js'))) as { getDialect(name: string): Dialect | undefined };
  const project = (await import(at('compiler/compile-project.js'))) as typeof import('../compiler/compile-project.js');
  const source = (await import(at('compiler/source/fs-source.js'))) as typeof import('../compiler/source/fs-source.js');
  const request = (await import(at('compiler/compile-request.js'))) as typeof import('../compiler/compile-request.js');
  const generator = (await import(at('bench/plan-requests.js'))) as typeof import('./plan-requests.js');
  const catalog = project.compileProject(source.directorySource(process.cwd())).catalog;
  if (!catalog) throw new Error(`the starter catalog does not compile with ${root}`);
  const dialects = ['duckdb', 'postgres', 'mysql', 'sqlite'].map((n) => registry.getDialect(n)!);
  return { catalog, dialects, compileRequest: request.compileRequest, benchRequests: generator.benchRequests };
}

const versions = { base: await load(options.base), new: await load(options.new) };
const REQUESTS = Number(options.requests);
const ROUNDS = Number(options.rounds);
const { warm, timed } = versions.base.benchRequests(versions.base.catalog, REQUESTS, Number(options.warmup));

function run(v: Version, requests: readonly MetricRequest[], offset: number, cpu: number[] | null): void {
  for (let i = 0; i < requests.length; i++) {
    const dialect = v.dialects[(offset + i) % v.dialects.length]!;
    const c = process.cpuUsage();
    const out = v.compileRequest(v.catalog, requests[i]!, dialect);
    const used = process.cpuUsage(c);
    if (cpu && out.sql !== '') cpu.push(used.user + used.system);
  }
}

for (const v of Object.values(versions)) run(v, warm, 0, null);
const cpu = { base: [] as number[], new: [] as number[] };
const size = Math.ceil(REQUESTS / ROUNDS);
for (let round = 0; round < ROUNDS; round++) {
  const slice = timed.slice(round * size, (round + 1) * size);
  // Alternate which version goes first, so neither always runs right after the other's garbage.
  const order = round % 2 === 0 ? (['base', 'new'] as const) : (['new', 'base'] as const);
  for (const name of order) run(versions[name], slice, round * size, cpu[name]);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const [b, n] = [median(cpu.base), median(cpu.new)];
console.log(`planned requests ${cpu.base.length}; median CPU µs per request: base ${b}, new ${n}, new / base ${(n / b).toFixed(3)}`);
