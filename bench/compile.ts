/**
 * `npm run bench:compile`: how long each compile phase takes — load (read + YAML), validate (JSON
 * Schema), resolve, lint — on the starter catalog (metrics/) and on a generated catalog of 5,000
 * metrics over 200 models. Figures, not pass/fail: the targets are printed beside them, and nothing
 * here asserts.
 *
 * Three figures per catalog, each labelled as what it is:
 * - cold: the first compile of that catalog in this process, parse memo off. For the starter row it
 *   is the process's very first compile, so it includes JIT warm-up (what a one-shot CLI run pays).
 * - steady: median of N full compiles after warm-up, parse memo off (every file parsed every time).
 * - baseline: the same steady compiles with the loader's js-yaml fast path off (the `yaml` package
 *   alone, as before the fast path), run interleaved with the steady ones; ratios printed below.
 * - warm recompile: median of N compiles after one catalog file changed, parse memo on (what a hot
 *   reload pays: only the changed file is re-parsed; validate, resolve and lint run in full).
 * Wall-clock milliseconds, plus the process CPU time of the same runs, because on a shared machine
 * wall time includes waiting for a core. The load average is printed so readers know the conditions.
 *
 * Options: --runs N (default 15 starter / 5 large), --warmup N (default 3 / 1), --metrics N,
 * --models N (size of the generated catalog).
 */
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { lintCatalog } from '../compiler/lint/lint-catalog.js';
import { parseProject, validateProject } from '../compiler/load/load-project.js';
import { resetParseCache } from '../compiler/load/parse-cache.js';
import { resolveCatalog } from '../compiler/resolve/resolve-catalog.js';
import { directorySource, memorySource } from '../compiler/source/fs-source.js';
import type { ProjectSource } from '../compiler/source/source.js';
import { generateCatalog } from './generate-catalog.js';

const PHASES = ['load', 'validate', 'resolve', 'lint'] as const;
/** The steady compile with the loader's js-yaml fast path off: how loading worked before it. */
const BASELINE = 'baseline: steady, yaml-only loader';
type Phase = (typeof PHASES)[number];
type Figures = Record<Phase | 'total' | 'cpu', number>;

interface Row {
  readonly label: string;
  readonly mode: string;
  readonly files: number;
  readonly metrics: number;
  readonly errors: number;
  readonly figures: Readonly<Figures>;
  readonly targetMs: number;
}

interface Run {
  readonly figures: Figures;
  readonly metrics: number;
  readonly errors: number;
}

function once(source: ProjectSource): Run {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseProject(source);
  const t1 = performance.now();
  const loaded = validateProject(parsed);
  const t2 = performance.now();
  const resolved = resolveCatalog(loaded.project);
  const t3 = performance.now();
  const lint = resolved.catalog ? lintCatalog(resolved.catalog) : [];
  const t4 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const all = [...loaded.diagnostics, ...resolved.diagnostics, ...lint];
  return {
    figures: { load: t1 - t0, validate: t2 - t1, resolve: t3 - t2, lint: t4 - t3, total: t4 - t0, cpu: (cpu.user + cpu.system) / 1000 },
    metrics: Object.keys(resolved.catalog?.metrics ?? {}).length,
    errors: all.filter((d) => d.severity === 'error').length,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medians(runs: readonly Run[]): Figures {
  const keys = [...PHASES, 'total', 'cpu'] as const;
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r.figures[k]))])) as Figures;
}

/** The same files with one catalog file edited (a comment appended), as an editor save would. */
function withOneFileChanged(files: Readonly<Record<string, string>>, path: string, edit: number, label: string): ProjectSource {
  return memorySource({ ...files, [path]: `${files[path]}# edit ${edit}\n` }, label);
}

function measure(label: string, source: ProjectSource, runs: number, warmup: number, targetMs: number): Row[] {
  const paths = source.listFiles();
  const row = (mode: string, figures: Figures, last: Run): Row => ({ label, mode, files: paths.length, metrics: last.metrics, errors: last.errors, figures, targetMs });

  resetParseCache({ enabled: false });
  const cold = once(source);
  for (let i = 0; i < warmup; i++) once(source);
  // The baseline (the loader with the `yaml` package alone) runs interleaved with the real thing, so
  // both see the same machine load; warmed up once first, as its parser is code not yet run.
  resetParseCache({ enabled: false, fastPath: false });
  for (let i = 0; i < warmup; i++) once(source);
  const steady: Run[] = [];
  const baseline: Run[] = [];
  for (let i = 0; i < runs; i++) {
    resetParseCache({ enabled: false });
    steady.push(once(source));
    resetParseCache({ enabled: false, fastPath: false });
    baseline.push(once(source));
  }

  // Hot reload: everything parsed once, then each compile sees one more edit of the same file.
  resetParseCache({ enabled: true });
  const files: Record<string, string> = {};
  for (const path of paths) files[path] = source.readFile(path) ?? '';
  const edited = [...paths].sort().find((p) => p.startsWith('metrics/') && p.endsWith('.yaml') && /^metrics:/m.test(files[p]!)) ?? paths[0]!;
  once(source);
  const warm: Run[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const run = once(withOneFileChanged(files, edited, i, source.label));
    if (i >= warmup) warm.push(run);
  }
  resetParseCache({ enabled: true });

  return [
    row('cold (1st compile)', cold.figures, cold),
    row(`steady (median of ${runs})`, medians(steady), steady[steady.length - 1]!),
    row(`${BASELINE} (median of ${runs})`, medians(baseline), baseline[baseline.length - 1]!),
    row(`warm recompile, 1 file changed (median of ${runs})`, medians(warm), warm[warm.length - 1]!),
  ];
}

/** The files read once into memory, so disk speed and caching do not blur the load figure. */
function snapshot(source: ProjectSource): ProjectSource {
  const files: Record<string, string> = {};
  for (const path of source.listFiles()) files[path] = source.readFile(path) ?? '';
  return memorySource(files, source.label);
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function table(rows: readonly Row[]): string {
  const header = ['catalog', 'figure', 'files', 'metrics', ...PHASES, 'total', 'cpu', 'target', 'total/target'];
  const body = rows.map((r) => [
    r.label,
    r.mode,
    String(r.files),
    String(r.metrics),
    ...PHASES.map((p) => ms(r.figures[p])),
    ms(r.figures.total),
    ms(r.figures.cpu),
    `< ${ms(r.targetMs)}`,
    `${(r.figures.total / r.targetMs).toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Steady against the yaml-only baseline, per catalog: the same compiles, interleaved. */
function ratios(rows: readonly Row[]): string {
  const lines: string[] = [];
  for (const steady of rows.filter((r) => r.mode.startsWith('steady'))) {
    const base = rows.find((r) => r.label === steady.label && r.mode.startsWith(BASELINE));
    if (!base) continue;
    const pair = (key: 'load' | 'total' | 'cpu') =>
      `${key} ${ms(steady.figures[key])} vs ${ms(base.figures[key])} (${(steady.figures[key] / base.figures[key]).toFixed(2)}x)`;
    lines.push(`${steady.label}: steady vs yaml-only baseline: ${pair('load')}, ${pair('total')}, ${pair('cpu')}`);
  }
  return lines.join('\n');
}

function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} on ${cpus().length} cores`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      metrics: { type: 'string' },
      models: { type: 'string' },
    },
  });
  const runs = values.runs ? Number(values.runs) : undefined;
  const warmup = values.warmup ? Number(values.warmup) : undefined;
  const metrics = Number(values.metrics ?? 5000);
  const models = Number(values.models ?? 200);

  const root = join(import.meta.dirname, '..');
  const starter = snapshot(directorySource(root));
  const large = memorySource(generateCatalog({ models, metrics }), 'generated');

  process.stdout.write(`canon compile benchmark (node ${process.version}; load = read + YAML, validate = JSON Schema)\n`);
  process.stdout.write(`before: ${loadLine()}\n`);
  process.stdout.write('wall-clock per phase; cpu = process CPU time of the same compile (includes GC threads)\n\n');
  const rows = [
    ...measure('starter (metrics/)', starter, runs ?? 15, warmup ?? 3, 50),
    ...measure(`generated ${metrics.toLocaleString('en-US')} metrics / ${models} models`, large, runs ?? 5, warmup ?? 1, 2000),
  ];
  process.stdout.write(`${table(rows)}\n\n`);
  process.stdout.write(`${ratios(rows)}\n\n`);
  process.stdout.write(`after: ${loadLine()}\n`);
  process.stdout.write('targets apply to the steady figures on an idle machine; a load average above the core count inflates every wall-clock figure\n');
  for (const r of rows) if (r.errors > 0) process.stdout.write(`note: ${r.label} (${r.mode}) compiled with ${r.errors} errors; figures cover a partial catalog\n`);
}

main();
