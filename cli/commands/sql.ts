/**
 * `canon sql <metrics...> --dialect <name>`: print the SQL a request compiles to in any dialect,
 * formatted, with its bindings listed. Needs no database.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileRequest } from '../../compiler/compile-request.js';
import { dialectNames, getDialect } from '../../adapters/dialect-registry.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';
import { loadCatalog, printRequestDiagnostics, REQUEST_HELP, REQUEST_OPTIONS, requestFromFlags, type CliIo } from './query.js';

const HELP = `Usage: canon sql <metrics...> [options]

Print the SQL for a metric request (no database needed), formatted, followed by its bindings.

${REQUEST_HELP}
  --dialect <name>       ${dialectNames().join(' | ')} (default: the default warehouse's type)`;

const FORMATTER_LANGUAGE: Readonly<Record<string, string>> = {
  duckdb: 'duckdb', postgres: 'postgresql', mysql: 'mariadb', sqlite: 'sqlite',
  snowflake: 'snowflake', bigquery: 'bigquery', redshift: 'redshift', databricks: 'spark', trino: 'trino',
};

export function run(args: readonly string[]): Promise<number> {
  return sqlCommand(args, { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) });
}

export async function sqlCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...REQUEST_OPTIONS, dialect: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`canon sql: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return EXIT_OK;
  }
  const request = requestFromFlags(positionals, values);
  if ('usage' in request) {
    io.stderr(`canon sql: ${request.usage}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.dialect !== undefined && !getDialect(values.dialect)) {
    io.stderr(`canon sql: unknown --dialect '${values.dialect}'; use ${dialectNames().join(', ')}\n`);
    return EXIT_USAGE;
  }
  const catalog = loadCatalog(resolve(values.project ?? '.'), io, 'sql');
  if (!catalog) return EXIT_ERRORS;
  const name = values.dialect ?? catalog.project.warehouses[catalog.project.defaultWarehouse]?.type ?? 'duckdb';
  const dialect = getDialect(name);
  if (!dialect) {
    io.stderr(`canon sql: warehouse type '${name}' has no SQL dialect yet; pass --dialect\n`);
    return EXIT_USAGE;
  }
  const compiled = compileRequest(catalog, request, dialect);
  if (compiled.diagnostics.some((d) => d.severity === 'error')) {
    printRequestDiagnostics(compiled.diagnostics, request, io);
    return EXIT_ERRORS;
  }
  const { format } = await import('sql-formatter');
  let text: string;
  try {
    text = format(compiled.sql, { language: FORMATTER_LANGUAGE[name] as 'duckdb', keywordCase: 'upper' } as Parameters<typeof format>[1]);
  } catch {
    // The formatter is cosmetic: fall back to the compact SQL rather than fail.
    text = compiled.sql;
  }
  const bindings = compiled.bindings.map((b, i) => `--   ${i + 1}: ${JSON.stringify(b)}`).join('\n');
  io.stdout(`${text};\n-- bindings (${compiled.bindings.length}):\n${bindings}\n`);
  return EXIT_OK;
}
