import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../compiler/catalog/types.js';
import { compileProject } from '../../compiler/compile-project.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatGithub } from '../../compiler/diagnostics/format-github.js';
import { formatJson } from '../../compiler/diagnostics/format-json.js';
import { formatCounts, formatPretty, plural } from '../../compiler/diagnostics/format-pretty.js';
import { catalogFolder, directorySource, PROJECT_FILE } from '../../compiler/source/fs-source.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

const HELP = `Usage: canon validate [path] [options]

Check the catalog: YAML syntax, schema, references, types and units, governance lint.
Exits 0 when clean, 1 on errors (or on warnings with --strict), 2 on a usage error.

Arguments:
  path                 Project folder holding canon.yaml (default: current directory)

Options:
  --format <f>         pretty (default) | json | github (workflow annotations)
  --strict             Warnings fail too (exit 1)
  -h, --help           Show this help`;

const FORMATS = ['pretty', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** Where output goes; the real process by default, captured in tests. */
export interface ValidateIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour in pretty output. Default: stdout is a TTY and NO_COLOR is unset. */
  readonly color: boolean;
  /** Milliseconds since some origin; injected so tests can make the summary deterministic. */
  readonly now: () => number;
}

export function run(args: readonly string[]): Promise<number> {
  const io: ValidateIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
    now: () => performance.now(),
  };
  return Promise.resolve(validateCommand(args, io));
}

export function validateCommand(args: readonly string[], io: ValidateIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        format: { type: 'string' },
        strict: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`canon validate: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return EXIT_OK;
  }
  const format = (values.format ?? 'pretty') as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`canon validate: unknown --format '${values.format}'; use ${FORMATS.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (positionals.length > 1) {
    io.stderr(`canon validate: expected one project folder, got ${positionals.length}: ${positionals.join(' ')}\n`);
    return EXIT_USAGE;
  }
  const root = projectRoot(positionals[0] ?? '.');
  if (typeof root !== 'string') {
    io.stderr(`canon validate: ${root.problem}\n`);
    return EXIT_USAGE;
  }

  const started = io.now();
  const source = directorySource(root);
  const result = compileProject(source);
  const elapsed = io.now() - started;
  const diagnostics = result.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const failed = errors > 0 || (values.strict === true && warnings > 0);

  if (format === 'json') {
    io.stdout(formatJson(diagnostics));
  } else if (format === 'github') {
    io.stdout(formatGithub(diagnostics));
    io.stdout(summaryText(result.catalog, diagnostics, elapsed, failed, values.strict === true));
  } else {
    const text = formatPretty(diagnostics, source, { color: io.color });
    io.stdout(text ? `${text}\n` : '');
    io.stdout(summaryText(result.catalog, diagnostics, elapsed, failed, values.strict === true));
  }
  return failed ? EXIT_ERRORS : EXIT_OK;
}

/** A project folder, or canon.yaml itself; a usage problem when it is neither. */
function projectRoot(path: string): string | { problem: string } {
  const absolute = resolve(path);
  if (!existsSync(absolute)) return { problem: `no such folder '${path}'` };
  if (statSync(absolute).isFile()) {
    return basename(absolute) === PROJECT_FILE ? dirname(absolute) : { problem: `'${path}' is a file; give the project folder that holds ${PROJECT_FILE}` };
  }
  const hasProject = existsSync(join(absolute, PROJECT_FILE));
  const catalog = catalogFolder(undefined);
  if (!hasProject && !existsSync(join(absolute, catalog))) {
    return { problem: `'${path}' is not a Canon project: it has neither ${PROJECT_FILE} nor a ${catalog}/ folder` };
  }
  return absolute;
}

/** What the catalog holds, for the closing summary. */
export interface CatalogCounts {
  /** Semantic models in the catalog. */
  readonly semanticModels: number;
  /** Measures across all models. */
  readonly measures: number;
  /** Metrics of every type. */
  readonly metrics: number;
  /** Metrics per type, in the order simple, ratio, derived, cumulative, conversion; absent types left out. */
  readonly metricsByType: Readonly<Record<string, number>>;
  /** Owners (teams and people). */
  readonly owners: number;
  /** Focus areas. */
  readonly focusAreas: number;
}

export function countCatalog(catalog: Catalog): CatalogCounts {
  const metricsByType: Record<string, number> = {};
  for (const metric of Object.values(catalog.metrics)) metricsByType[metric.type] = (metricsByType[metric.type] ?? 0) + 1;
  const sortedTypes = Object.fromEntries(Object.entries(metricsByType).sort(([a], [b]) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b)));
  return {
    semanticModels: Object.keys(catalog.models).length,
    measures: Object.values(catalog.models).reduce((sum, model) => sum + model.measures.length, 0),
    metrics: Object.keys(catalog.metrics).length,
    metricsByType: sortedTypes,
    owners: Object.keys(catalog.owners).length,
    focusAreas: Object.keys(catalog.focusAreas).length,
  };
}

const TYPE_ORDER = ['simple', 'ratio', 'derived', 'cumulative', 'conversion'];

function summaryText(catalog: Catalog | undefined, diagnostics: readonly Diagnostic[], elapsedMs: number, failed: boolean, strict: boolean): string {
  const time = `${Math.round(elapsedMs)} ms`;
  if (failed || !catalog) {
    const why = strict && !diagnostics.some((d) => d.severity === 'error') ? ' (warnings fail with --strict)' : '';
    return `canon validate: ${formatCounts(diagnostics)}${why} in ${time}\n`;
  }
  const counts = countCatalog(catalog);
  const byType = Object.entries(counts.metricsByType).map(([type, n]) => `${n} ${type}`).join(', ');
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return [
    `canon validate: catalog is valid`,
    `  ${plural(counts.semanticModels, 'semantic model')}, ${plural(counts.measures, 'measure')}`,
    `  ${plural(counts.metrics, 'metric')}${byType ? ` (${byType})` : ''}`,
    `  ${plural(counts.owners, 'owner')}, ${plural(counts.focusAreas, 'focus area')}`,
    `  ${plural(warnings, 'warning')}, checked in ${time}`,
    '',
  ].join('\n');
}
