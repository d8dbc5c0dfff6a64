/**
 * `npx tsx bench/plan-after-gap.ts`: what compiling a request costs right after the thread did
 * something else for a few milliseconds, as it does in the server (a request arrives after the
 * previous one's warehouse query), against the same requests compiled back to back. The requests
 * are bench:server's one-at-a-time workload (8 dashboard shapes, a new range each), compiled for
 * DuckDB after a 20,000-request warm-up. Three compiles follow each gap; the first is the one a
 * server request pays. Gaps: none (back to back), a JS loop doing arithmetic in registers (no
 * memory, no system calls), and a sleep. Figures, not pass/fail; medians of `--rounds`.
 *
 * On this 2-core VM (2026-12-07) the first compile after a 6 ms gap took 4-5x its back-to-back
 * time whichever way the gap was spent, which is why bench:server's in-place figures are several
 * times the warm-loop ones (bench/README.md).
 *
 * Options: --rounds N (default 300), --gaps 2,6 (ms).
 */
import { parseArgs } from 'node:util';
import { getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import { workloadRequest } from './server-load.js';

const { values: options } = parseArgs({ options: { rounds: { type: 'string', default: '300' }, gaps: { type: 'string', default: '2,6' } } });
const ROUNDS = Number(options.rounds);
const GAPS = options.gaps.split(',').map(Number);

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');
const duckdb = getDialect('duckdb')!;
let next = 0;

/** µs to compile the next one-at-a-time request (each has its own range, as in bench:server). */
function compileNext(): number {
  const started = performance.now();
  compileRequest(catalog!, { ...workloadRequest(next++, 'one-at-a-time'), limit: 10_001 }, duckdb);
  return (performance.now() - started) * 1000;
}

/** Arithmetic in registers for about `ms`: no allocation, no memory traffic, no system call. */
function spin(ms: number): number {
  let x = 0;
  const n = ms * 300_000;
  for (let j = 0; j < n; j++) x = (x * 31 + j) | 0;
  return x;
}

const median = (xs: number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1]!.toFixed(0);

for (let i = 0; i < 20_000; i++) compileNext();
for (let i = 0; i < 50; i++) spin(1);

const gaps: { label: string; wait: () => Promise<unknown> }[] = [{ label: 'none (back to back)', wait: () => Promise.resolve() }];
for (const ms of GAPS) {
  gaps.push({ label: `${ms} ms of JS arithmetic`, wait: () => Promise.resolve(spin(ms)) });
  gaps.push({ label: `${ms} ms asleep`, wait: () => new Promise((resolve) => setTimeout(resolve, ms)) });
}

console.log(`plan-after-gap — ${ROUNDS} rounds per gap, bench:server's one-at-a-time requests on DuckDB, median µs`);
console.log('| gap before | 1st compile | 2nd | 3rd |');
console.log('|---|---|---|---|');
for (const gap of gaps) {
  const times: number[][] = [[], [], []];
  for (let round = 0; round < ROUNDS; round++) {
    await gap.wait();
    for (const t of times) t.push(compileNext());
  }
  console.log(`| ${gap.label} | ${times.map(median).join(' | ')} |`);
}
