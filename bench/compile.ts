/**
 * `npm run bench:compile`: how long each compile phase takes — load (read + YAML), validate (JSON
 * Schema), resolve, lint — on the starter catalog (metrics/) and on a generated catalog of 5,000
 * metrics over 200 models. Medians of N runs after warm-up runs. Figures, not pass/fail: the targets
 * are printed beside them, and nothing here asserts.
 *
 * Options: --runs N (default 15 starter / 5 large), --warmup N (default 3 / 1), --metrics N,
 * --models N (size of the generated catalog).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { lintCatalog } from '../compiler/lint/lint-catalog.js';
import { parseProject, validateProject } from '../compiler/load/load-project.js';
import { resolveCatalog } from '../compiler/resolve/resolve-catalog.js';
import { directorySource, memorySource } from '../compiler/source/fs-source.js';
import type { ProjectSource } from '../compiler/source/source.js';
import { generateCatalog } from './generate-catalog.js';

const PHASES = ['load', 'validate', 'resolve', 'lint'] as const;
type Phase = (typeof PHASES)[number];

interface Measured {
  readonly label: string;
  readonly files: number;
  readonly metrics: number;
  readonly errors: number;
  readonly medians: Readonly<Record<Phase | 'total', number>>;
  readonly targetMs: number;
}

function once(source: ProjectSource): { times: Record<Phase, number>; metrics: number; errors: number } {
  const t0 = performance.now();
  const parsed = parseProject(source);
  const t1 = performance.now();
  const loaded = validateProject(parsed);
  const t2 = performance.now();
  const resolved = resolveCatalog(loaded.project);
  const t3 = performance.now();
  const lint = resolved.catalog ? lintCatalog(resolved.catalog) : [];
  const t4 = performance.now();
  const all = [...loaded.diagnostics, ...resolved.diagnostics, ...lint];
  return {
    times: { load: t1 - t0, validate: t2 - t1, resolve: t3 - t2, lint: t4 - t3 },
    metrics: Object.keys(resolved.catalog?.metrics ?? {}).length,
    errors: all.filter((d) => d.severity === 'error').length,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function measure(label: string, source: ProjectSource, runs: number, warmup: number, targetMs: number): Measured {
  for (let i = 0; i < warmup; i++) once(source);
  const samples: Record<Phase | 'total', number[]> = { load: [], validate: [], resolve: [], lint: [], total: [] };
  let last = { metrics: 0, errors: 0 };
  for (let i = 0; i < runs; i++) {
    const run = once(source);
    for (const phase of PHASES) samples[phase].push(run.times[phase]);
    samples.total.push(PHASES.reduce((sum, p) => sum + run.times[p], 0));
    last = run;
  }
  const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<Phase | 'total', number>;
  return { label, files: source.listFiles().length, metrics: last.metrics, errors: last.errors, medians, targetMs };
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

function table(rows: readonly Measured[]): string {
  const header = ['catalog', 'files', 'metrics', ...PHASES, 'total', 'target', 'total/target'];
  const body = rows.map((r) => [
    r.label,
    String(r.files),
    String(r.metrics),
    ...PHASES.map((p) => ms(r.medians[p])),
    ms(r.medians.total),
    `< ${ms(r.targetMs)}`,
    `${(r.medians.total / r.targetMs).toFixed(2)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
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

  process.stdout.write(`canon compile benchmark (node ${process.version}, medians; load = read + YAML, validate = JSON Schema)\n\n`);
  const rows = [
    measure('starter (metrics/)', starter, runs ?? 15, warmup ?? 3, 50),
    measure(`generated ${metrics.toLocaleString('en-US')} metrics / ${models} models`, large, runs ?? 5, warmup ?? 1, 2000),
  ];
  process.stdout.write(`${table(rows)}\n\n`);

  const [small, big] = rows as [Measured, Measured];
  for (const r of rows) if (r.errors > 0) process.stdout.write(`note: ${r.label} compiled with ${r.errors} errors; figures cover a partial catalog\n`);
  if (small.metrics > 0 && big.metrics > 0) {
    const perSmall = (small.medians.total / small.metrics) * 1000;
    const perBig = (big.medians.total / big.metrics) * 1000;
    process.stdout.write(
      `per metric: starter ${perSmall.toFixed(0)} µs, generated ${perBig.toFixed(0)} µs ` +
        `(generated/starter = ${(perBig / perSmall).toFixed(2)}x; about 1x means compile time grows linearly with catalog size)\n`,
    );
    for (const phase of PHASES) {
      const a = (small.medians[phase] / small.metrics) * 1000;
      const b = (big.medians[phase] / big.metrics) * 1000;
      process.stdout.write(`  ${phase.padEnd(8)} ${a.toFixed(0).padStart(6)} µs  ${b.toFixed(0).padStart(6)} µs  ${(b / a).toFixed(2)}x\n`);
    }
  }
}

main();
