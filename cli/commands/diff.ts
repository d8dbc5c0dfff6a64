import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, type SqlLanguage } from 'sql-formatter';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
// connect.ts loads each driver only when its warehouse type is opened.
import { embeddedDatabaseFile, openConnection } from '../../adapters/connect.js';
import type { Catalog, WarehouseConfig } from '../../compiler/catalog/types.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest, runRequest } from '../../compiler/compile-request.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatGithub } from '../../compiler/diagnostics/format-github.js';
import { diffCatalogs } from '../../compiler/diff/diff-catalogs.js';
import { renderDiffMarkdown } from '../../compiler/diff/render-diff.js';
import type { DiffReport, MetricReview } from '../../compiler/diff/report.js';
import { type ReviewTarget, reviewTargets } from '../../compiler/diff/review-targets.js';
import { valueImpact } from '../../compiler/diff/value-impact.js';
import { checkVersionDiscipline } from '../../compiler/diff/version-discipline.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import type { Dialect } from '../../compiler/sql/dialect.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { gitLocation, gitSource, runGit } from '../../compiler/source/git-source.js';
import type { ProjectSource } from '../../compiler/source/source.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

const HELP = `Usage: canon diff [base] [head] [options]

Review what a change to the catalog does: definitions field by field (breaking or not), version
discipline, SQL before and after, the metrics built on each changed one, and old vs new values on
the default warehouse. Prints Markdown fit for a pull-request comment.
Exits 0 when the change is acceptable, 1 when it has errors (e.g. a breaking change without a
version bump), 2 on a usage error.

Arguments:
  base                 Git revision to compare from (default: merge-base of HEAD with main, else HEAD)
  head                 Git revision to compare to (default: the working tree)

Options:
  --format <f>         markdown (default) | json | github (workflow annotations for the errors)
  --output <file>      Also write the Markdown report to this file (for a PR comment step)
  --no-values          Do not run anything on the warehouse (SQL is still shown)
  --months <n>         How many recent months of values to compare (default 6)
  --warehouse <name>   Warehouse from canon.yaml (default: default_warehouse)
  --project <path>     Project folder holding canon.yaml (default: current directory)
  -h, --help           Show this help`;

export interface DiffIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export function run(args: readonly string[]): Promise<number> {
  return diffCommand(args, {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  });
}

const FORMATS = ['markdown', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface Options {
  readonly format: Format;
  readonly output?: string;
  readonly values: boolean;
  readonly months: number;
  readonly warehouse?: string;
  readonly projectDir: string;
  readonly base?: string;
  readonly head?: string;
}

export async function diffCommand(args: readonly string[], io: DiffIo): Promise<number> {
  const options = parseOptions(args, io);
  if (typeof options === 'number') return options;
  const location = gitLocation(options.projectDir);
  if (!location) {
    io.stderr('canon diff: the project is not inside a git repository, so there is nothing to compare with\n');
    return EXIT_ERRORS;
  }
  const defaulted = options.base === undefined ? defaultBase(location.repoDir) : undefined;
  const baseRev = options.base ?? defaulted!.rev;
  let baseSource: ProjectSource;
  let headSource: ProjectSource;
  try {
    baseSource = gitSource(location.repoDir, baseRev, { projectPath: location.projectPath });
    headSource = options.head
      ? gitSource(location.repoDir, options.head, { projectPath: location.projectPath })
      : directorySource(options.projectDir);
  } catch (error) {
    io.stderr(`canon diff: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const report = await buildReport(baseSource, headSource, {
    ...options,
    baseLabel: `${defaulted?.label ?? baseRev} (${shortSha(location.repoDir, baseRev)})`,
    headLabel: options.head ? `${options.head} (${shortSha(location.repoDir, options.head)})` : 'working tree',
    env: io.env,
  });
  const markdown = renderDiffMarkdown(report);
  if (options.output) writeFileSync(options.output, markdown);
  const printed: Readonly<Record<Format, () => string>> = {
    markdown: () => markdown,
    json: () => JSON.stringify(report, null, 2) + '\n',
    github: () => formatGithub(report.diagnostics),
  };
  io.stdout(printed[options.format]());
  return report.diagnostics.some((d) => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
}

function parseOptions(args: readonly string[], io: DiffIo): Options | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        format: { type: 'string', default: 'markdown' },
        output: { type: 'string' },
        'no-values': { type: 'boolean' },
        months: { type: 'string', default: '6' },
        warehouse: { type: 'string' },
        project: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`canon diff: ${(error as Error).message}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP + '\n');
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(`canon diff: --format must be one of ${FORMATS.join(', ')}, not '${values.format}'\n`);
    return EXIT_USAGE;
  }
  const months = Number(values.months);
  if (!Number.isInteger(months) || months < 1 || months > 120) {
    io.stderr(`canon diff: --months must be a whole number from 1 to 120, not '${values.months}'\n`);
    return EXIT_USAGE;
  }
  if (positionals.length > 2) {
    io.stderr(`canon diff: expected at most two revisions (base, head), got ${positionals.length}\n`);
    return EXIT_USAGE;
  }
  return {
    format,
    ...(values.output ? { output: resolve(io.cwd, values.output) } : {}),
    values: !values['no-values'],
    months,
    projectDir: resolve(io.cwd, values.project ?? '.'),
    ...(values.warehouse ? { warehouse: values.warehouse } : {}),
    ...(positionals[0] ? { base: positionals[0] } : {}),
    ...(positionals[1] ? { head: positionals[1] } : {}),
  };
}

/** Where the branch left main: what a pull request is reviewed against. Falls back to HEAD. */
function defaultBase(repoDir: string): { rev: string; label: string } {
  for (const main of ['main', 'origin/main', 'master', 'origin/master']) {
    try {
      return { rev: runGit(repoDir, ['merge-base', 'HEAD', main]).trim(), label: `merge-base with ${main}` };
    } catch {
      // try the next name
    }
  }
  return { rev: 'HEAD', label: 'HEAD' };
}

function shortSha(repoDir: string, rev: string): string {
  try {
    return runGit(repoDir, ['rev-parse', '--short', rev]).trim();
  } catch {
    return rev;
  }
}

interface ReportOptions extends Options {
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Compile both sides, diff, check, then add SQL and (unless --no-values) values per metric. */
export async function buildReport(baseSource: ProjectSource, headSource: ProjectSource, options: ReportOptions): Promise<DiffReport> {
  const head = compileProject(headSource);
  // A base with no project at all (the pull request that creates the catalog): everything is added.
  const base =
    baseSource.listFiles().length === 0 && head.catalog
      ? { catalog: { ...head.catalog, models: {}, metrics: {}, owners: {}, focusAreas: {}, measureIndex: {} }, diagnostics: [] }
      : compileProject(baseSource);
  const labels = { base: options.baseLabel, head: options.headLabel };
  if (!head.catalog || !base.catalog) {
    const diagnostics: Diagnostic[] = [...head.diagnostics.filter((d) => d.severity === 'error')];
    if (!base.catalog) {
      diagnostics.push({
        code: 'base-does-not-compile',
        severity: 'warning',
        message: `The base catalog (${options.baseLabel}) does not compile, so there is nothing to compare with.`,
        hint: 'Fix the base branch first, or pass another base revision: canon diff <base>.',
      });
    }
    return { ...labels, diagnostics, metrics: [] };
  }
  const diff = diffCatalogs(base.catalog, head.catalog);
  const diagnostics = checkVersionDiscipline(diff, base.catalog, head.catalog);
  const targets = reviewTargets(diff, base.catalog, head.catalog);
  const project = head.catalog.project;
  const warehouseName = options.warehouse ?? project.defaultWarehouse;
  const warehouse = project.warehouses[warehouseName];
  const dialect = warehouse ? getDialect(warehouse.type) : undefined;
  const sqlNote = !warehouse
    ? `No warehouse \`${warehouseName}\` in canon.yaml: SQL and values are not shown.`
    : !dialect
      ? `No SQL dialect for ${warehouse.type}: SQL and values are not shown.`
      : undefined;
  const reviews = targets.map((t) => reviewWithSql(t, base.catalog!, head.catalog!, dialect));
  let valuesNote = sqlNote;
  if (!sqlNote && targets.length > 0) {
    if (!options.values) valuesNote = 'Values were not computed (--no-values).';
    else valuesNote = await addValues(reviews, targets, base.catalog, head.catalog, dialect!, warehouseName, options);
  }
  return {
    ...labels,
    diff,
    diagnostics,
    metrics: reviews.map((r) => r.review),
    ...(warehouse ? { warehouse: `${warehouseName} (${warehouse.type})` } : {}),
    ...(valuesNote ? { valuesNote } : {}),
  };
}

/** The request each metric is shown and measured with: the metric alone, by month. */
function monthly(name: string): MetricRequest {
  return { metrics: [name], grain: 'month' };
}

interface Review {
  review: MetricReview;
  /** Old and new names, when that side exists and compiles to SQL. */
  before?: string;
  after?: string;
}

function reviewWithSql(target: ReviewTarget, base: Catalog, head: Catalog, dialect: Dialect | undefined): Review {
  const oldName = target.change?.previousName ?? target.name;
  const notes: string[] = [];
  const sql = (catalog: Catalog, name: string, side: string): string | undefined => {
    if (!dialect || !(name in catalog.metrics)) return undefined;
    const compiled = compileRequest(catalog, monthly(name), dialect);
    const error = compiled.diagnostics.find((d) => d.severity === 'error');
    if (error) {
      notes.push(`The ${side} SQL could not be compiled: ${error.message}`);
      return undefined;
    }
    return readableSql(compiled.sql, compiled.bindings, dialect.name);
  };
  const sqlBefore = sql(base, oldName, 'old');
  const sqlAfter = sql(head, target.name, 'new');
  // The metric column is named after the metric, so a pure rename changes that name only.
  const sameSql = sqlBefore !== undefined && sqlAfter !== undefined && sqlBefore.split(oldName).join(target.name) === sqlAfter;
  return {
    review: {
      name: target.name,
      ...(target.change ? { change: target.change } : {}),
      viaModels: target.viaModels,
      viaMetrics: target.viaMetrics,
      dependents: target.dependents,
      ...(sqlBefore !== undefined ? { sqlBefore } : {}),
      ...(sqlAfter !== undefined ? { sqlAfter } : {}),
      ...(sameSql ? { sqlUnchanged: true } : {}),
      notes,
    },
    // Values are run only where the SQL differs: equal SQL gives equal numbers.
    ...(sqlBefore !== undefined && !sameSql ? { before: oldName } : {}),
    ...(sqlAfter !== undefined && !sameSql ? { after: target.name } : {}),
  };
}

/** SQL laid out one clause per line, so the line diff shows what moved; bindings listed after. */
function readableSql(sql: string, bindings: readonly unknown[], dialectName: string): string {
  let text = sql;
  try {
    text = format(sql, { language: FORMATTER_LANGUAGE[dialectName] ?? 'sql', paramTypes: { positional: true } });
  } catch {
    // An unusual construct the formatter does not know: show the SQL as compiled.
  }
  return bindings.length > 0 ? `${text}\n-- bindings: ${JSON.stringify(bindings)}` : text;
}

const FORMATTER_LANGUAGE: Readonly<Record<string, SqlLanguage>> = {
  duckdb: 'duckdb',
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  redshift: 'redshift',
  trino: 'trino',
  databricks: 'spark',
};

/**
 * Run old and new definitions on the warehouse and pair them by month. Returns a note when the
 * warehouse could not be reached; per-metric failures become notes on that metric.
 */
async function addValues(
  reviews: Review[],
  targets: readonly ReviewTarget[],
  base: Catalog,
  head: Catalog,
  dialect: Dialect,
  warehouseName: string,
  options: ReportOptions,
): Promise<string | undefined> {
  const config = head.project.warehouses[warehouseName]!;
  const file = embeddedDatabaseFile(config, options.projectDir);
  // Opening an embedded warehouse that is not there would create an empty one as a side effect.
  if (file && !existsSync(file)) {
    return `Values were not computed: warehouse \`${warehouseName}\` has no database at ${file} yet (run \`canon sample\` or point canon.yaml at one).`;
  }
  let connection: WarehouseConnection;
  try {
    connection = await openConnection(config, options.projectDir, options.env);
  } catch (error) {
    return `Values were not computed: warehouse \`${warehouseName}\` is unavailable (${(error as Error).message}).`;
  }
  try {
    for (const [i, review] of reviews.entries()) {
      if (!targets[i]) continue;
      const run = async (catalog: Catalog, name: string | undefined) => {
        if (!name) return undefined;
        try {
          const result = await runRequest(catalog, monthly(name), connection, dialect);
          return result.rows;
        } catch (error) {
          review.review = { ...review.review, notes: [...review.review.notes, `Running ${name} failed: ${(error as Error).message}`] };
          return undefined;
        }
      };
      const before = await run(base, review.before);
      const after = await run(head, review.after);
      if (!before && !after) continue;
      const values = valueImpact(before, after, { time: 'metric_time', before: review.before, after: review.after }, options.months);
      review.review = { ...review.review, values };
    }
  } finally {
    await connection.close();
  }
  return undefined;
}
