/**
 * `canon query <metrics...>`: compile a metric request against the project's catalog, run it on a
 * warehouse from canon.yaml and print the rows (table, csv or json). `--explain` prints the logical
 * plan and the SQL instead of running it. Shares its request flags with `canon sql`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../../compiler/catalog/types.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest, runRequest } from '../../compiler/compile-request.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { formatPretty } from '../../compiler/diagnostics/format-pretty.js';
import { explainPlan } from '../../compiler/plan/explain-plan.js';
import { REQUEST_GRAINS } from '../../compiler/plan/validate-request.js';
import type { MetricRequest, RequestGrain } from '../../compiler/request/request.js';
import { directorySource, memorySource } from '../../compiler/source/fs-source.js';
import type { SqlValue } from '../../compiler/sql/values.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

export const REQUEST_OPTIONS = {
  by: { type: 'string', multiple: true },
  grain: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  where: { type: 'string' },
  order: { type: 'string', multiple: true },
  limit: { type: 'string' },
  compare: { type: 'string' },
  project: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const REQUEST_HELP = `Request options:
  --by <dims>            Group by dimensions, comma separated (stage,account.segment); repeatable
  --grain <g>            day | week | month | quarter | year | fiscal_quarter | fiscal_year
  --from <date>          Inclusive start, ISO date in the project time zone
  --to <date>            Exclusive end, ISO date
  --where "<expr>"       Filter in the Canon expression language (never SQL)
  --order <field[:desc]> Order by a metric, dimension or metric_time; repeatable
  --limit <n>            At most n rows
  --compare <c>          previous_period | previous_year: adds __previous, __change, __change_pct
  --project <dir>        Project folder holding canon.yaml (default: current directory)
  -h, --help             Show this help`;

const HELP = `Usage: canon query <metrics...> [options]

Run a metric request on a warehouse and print the rows. Exit 0 ok, 1 on errors, 2 on bad flags.

${REQUEST_HELP}
  --format <f>           table (default) | csv | json
  --warehouse <name>     Warehouse from canon.yaml (default: default_warehouse)
  --explain              Print the logical plan and SQL; do not run`;

export type RequestFlags = { [K in keyof typeof REQUEST_OPTIONS]?: (typeof REQUEST_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof REQUEST_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string };

/** Flags -> MetricRequest, or a usage problem (exit 2). Names are checked later by the compiler. */
export function requestFromFlags(metrics: readonly string[], flags: RequestFlags): MetricRequest | { usage: string } {
  const names = metrics.flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  if (names.length === 0) return { usage: 'name at least one metric' };
  const request: { -readonly [K in keyof MetricRequest]: MetricRequest[K] } = { metrics: names };
  const by = (flags.by ?? []).flatMap((b) => b.split(',')).map((b) => b.trim()).filter(Boolean);
  if (by.length > 0) request.groupBy = by;
  if (flags.grain !== undefined) {
    if (!REQUEST_GRAINS.includes(flags.grain as RequestGrain)) return { usage: `unknown --grain '${flags.grain}'; use ${REQUEST_GRAINS.join(', ')}` };
    request.grain = flags.grain as RequestGrain;
  }
  if (flags.from !== undefined || flags.to !== undefined) {
    request.timeRange = { ...(flags.from !== undefined ? { from: flags.from } : {}), ...(flags.to !== undefined ? { to: flags.to } : {}) };
  }
  if (flags.where !== undefined) request.where = flags.where;
  if (flags.order) {
    request.orderBy = flags.order.map((o) => {
      const [field, direction] = o.split(':');
      return { field: field ?? '', descending: direction?.toLowerCase() === 'desc' };
    });
    if (flags.order.some((o) => !/^[A-Za-z_][\w.]*(:(asc|desc))?$/i.test(o))) return { usage: `--order takes field or field:desc` };
  }
  if (flags.limit !== undefined) {
    if (!/^\d+$/.test(flags.limit)) return { usage: `--limit must be a whole number, got '${flags.limit}'` };
    request.limit = Number(flags.limit);
  }
  if (flags.compare !== undefined) {
    if (flags.compare !== 'previous_period' && flags.compare !== 'previous_year') return { usage: `--compare takes previous_period or previous_year` };
    request.compareTo = flags.compare;
  }
  return request;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CliIo = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };

/** Compile the project; print its errors when it does not compile. */
export function loadCatalog(projectDir: string, io: CliIo, command: string): Catalog | undefined {
  const source = directorySource(projectDir);
  const compiled = compileProject(source);
  if (!compiled.catalog) {
    io.stderr(`${formatPretty(compiled.diagnostics.filter((d) => d.severity === 'error'), source)}\ncanon ${command}: the catalog has errors; run 'canon validate'\n`);
    return undefined;
  }
  return compiled.catalog;
}

/** Request diagnostics, compiler style; the `where` text is shown under its own name. */
export function printRequestDiagnostics(diagnostics: readonly Diagnostic[], request: MetricRequest, io: CliIo): void {
  const source = memorySource(request.where !== undefined ? { '<expression>': request.where } : {}, 'request');
  const located = diagnostics.filter((d) => d.range);
  const general = diagnostics.filter((d) => !d.range);
  const lines = general.map((d) => `${d.severity}[${d.code}]: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`);
  if (located.length > 0) lines.push(formatPretty(located, source));
  io.stderr(`${lines.join('\n')}\n`);
}

function cell(value: SqlValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  return String(value);
}

export function formatRows(columns: readonly string[], rows: readonly Readonly<Record<string, SqlValue>>[], format: 'table' | 'csv' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const esc = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return `${[columns.join(','), ...rows.map((r) => columns.map((c) => esc(cell(r[c] ?? null))).join(','))].join('\n')}\n`;
  }
  const body = rows.map((r) => columns.map((c) => cell(r[c] ?? null)));
  const widths = columns.map((c, i) => Math.max(c.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((s, i) => s.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(columns), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}

export function run(args: readonly string[]): Promise<number> {
  return queryCommand(args, processIo);
}

export async function queryCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...REQUEST_OPTIONS, format: { type: 'string' }, warehouse: { type: 'string' }, explain: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr(`canon query: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return EXIT_OK;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'csv' && format !== 'json') {
    io.stderr(`canon query: unknown --format '${format}'; use table, csv or json\n`);
    return EXIT_USAGE;
  }
  const request = requestFromFlags(positionals, values);
  if ('usage' in request) {
    io.stderr(`canon query: ${request.usage}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  const projectDir = resolve(values.project ?? '.');
  const catalog = loadCatalog(projectDir, io, 'query');
  if (!catalog) return EXIT_ERRORS;
  const warehouseName = values.warehouse ?? catalog.project.defaultWarehouse;
  const warehouse = catalog.project.warehouses[warehouseName];
  if (!warehouse) {
    io.stderr(`canon query: no warehouse '${warehouseName}' in canon.yaml (have: ${Object.keys(catalog.project.warehouses).join(', ')})\n`);
    return EXIT_USAGE;
  }
  const { getDialect } = await import('../../adapters/dialect-registry.js');
  const dialect = getDialect(warehouse.type);
  if (!dialect) {
    io.stderr(`canon query: warehouse type '${warehouse.type}' has no SQL dialect yet\n`);
    return EXIT_ERRORS;
  }
  const compiled = compileRequest(catalog, request, dialect);
  if (compiled.diagnostics.some((d) => d.severity === 'error')) {
    printRequestDiagnostics(compiled.diagnostics, request, io);
    return EXIT_ERRORS;
  }
  if (values.explain) {
    io.stdout(`${explainPlan(compiled.plan!)}\n\n${compiled.sql}\n-- bindings: ${JSON.stringify(compiled.bindings)}\n`);
    return EXIT_OK;
  }
  const { openConnection } = await import('../../adapters/connect.js');
  let connection;
  try {
    // Opening a DuckDB file creates it empty, after which `canon serve` would no longer generate the
    // sample into it: so the first query on a fresh checkout generates the sample, as serve does.
    const [{ loadEngine }, { prepareSampleWarehouse }] = await Promise.all([
      import('../../server/engine.js'),
      import('../../server/warehouse/prepare-sample.js'),
    ]);
    await prepareSampleWarehouse({
      engine: await loadEngine(),
      catalog,
      projectRoot: projectDir,
      warehouse: warehouseName,
      log: (message) => io.stderr(`canon query: ${message}\n`),
    });
    connection = await openConnection(warehouse, projectDir);
    const result = await runRequest(catalog, request, connection, dialect);
    io.stdout(formatRows(result.columns.map((c) => c.name), result.rows, format));
    return EXIT_OK;
  } catch (error) {
    io.stderr(`canon query: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERRORS;
  } finally {
    await connection?.close();
  }
}
