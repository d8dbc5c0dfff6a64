/**
 * `canon sample`: generate the deterministic sample RevOps warehouse (docs/sample-warehouse.md) into
 * a warehouse from canon.yaml, or into the local DuckDB file when there is no canon.yaml. Reads
 * canon.yaml directly (not through compileProject) so a broken catalog never blocks getting data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { WarehouseError } from '../../adapters/connection.js';
import { DEFAULT_DUCKDB_PATH, openConnection, sampleLoadTarget } from '../../adapters/connect.js';
import type { WarehouseConfig, WarehouseType } from '../../compiler/catalog/types.js';
import { generateSample } from '../../sample/generate-sample.js';
import { loadSample } from '../../sample/load-sample.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

const HELP = `Usage: canon sample [options]

Generate the sample RevOps warehouse (17 tables, 2024-01-01 .. 2026-06-30) into a database.
The same seed and scale always produce the same rows.

Options:
  --project <dir>     Project root holding canon.yaml (default: current directory)
  --warehouse <name>  Warehouse from canon.yaml (default: default_warehouse; without canon.yaml,
                      the local DuckDB file ${DEFAULT_DUCKDB_PATH})
  --scale <n>         Size factor: 1 is ~2,000 accounts and ~50k rows (default: 1)
  --seed <n>          Random seed (default: 42)
  -h, --help          Show this help`;

const WAREHOUSE_TYPES: readonly WarehouseType[] = [
  'duckdb', 'postgres', 'mysql', 'sqlite', 'snowflake', 'bigquery', 'redshift', 'databricks', 'trino',
];

class UsageError extends Error {}

/** The named warehouse from canon.yaml, or the local DuckDB default when there is no file. */
function readWarehouse(projectRoot: string, name: string | undefined): { name: string; config: WarehouseConfig } {
  const file = join(projectRoot, 'canon.yaml');
  if (!existsSync(file)) {
    if (name !== undefined) throw new UsageError(`--warehouse ${name}: there is no canon.yaml in ${projectRoot}`);
    return { name: 'local', config: { type: 'duckdb', settings: { path: DEFAULT_DUCKDB_PATH } } };
  }
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`canon.yaml is not valid YAML: ${(error as Error).message} (run 'canon validate' for details)`);
  }
  const project = (doc ?? {}) as { default_warehouse?: unknown; warehouses?: unknown };
  const warehouses = (project.warehouses ?? {}) as Record<string, unknown>;
  const chosen = name ?? (typeof project.default_warehouse === 'string' ? project.default_warehouse : undefined);
  if (chosen === undefined) {
    return { name: 'local', config: { type: 'duckdb', settings: { path: DEFAULT_DUCKDB_PATH } } };
  }
  const entry = warehouses[chosen];
  if (typeof entry !== 'object' || entry === null) {
    const known = Object.keys(warehouses).sort().join(', ') || 'none';
    throw new UsageError(`canon.yaml has no warehouse '${chosen}' (warehouses: ${known})`);
  }
  const { type, ...rest } = entry as Record<string, unknown>;
  if (typeof type !== 'string' || !(WAREHOUSE_TYPES as readonly string[]).includes(type)) {
    throw new UsageError(`warehouse '${chosen}' has type '${String(type)}'; expected one of ${WAREHOUSE_TYPES.join(', ')}`);
  }
  const settings: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') settings[key] = value;
  }
  return { name: chosen, config: { type: type as WarehouseType, settings } };
}

function positiveNumber(raw: string | undefined, flag: string, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer ? !Number.isInteger(n) || n < 0 : n <= 0)) {
    throw new UsageError(`${flag} must be a ${integer ? 'non-negative integer' : 'positive number'}, got '${raw}'`);
  }
  return n;
}

export async function run(args: readonly string[]): Promise<number> {
  let projectRoot: string;
  let warehouse: { name: string; config: WarehouseConfig };
  let scale: number;
  let seed: number;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        project: { type: 'string' },
        warehouse: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    projectRoot = resolve(values.project ?? '.');
    scale = positiveNumber(values.scale, '--scale', 1, false);
    seed = positiveNumber(values.seed, '--seed', 42, true);
    warehouse = readWarehouse(projectRoot, values.warehouse);
  } catch (error) {
    process.stderr.write(`canon sample: ${(error as Error).message}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }

  const target = sampleLoadTarget(warehouse.config);
  const where = `${warehouse.name} (${warehouse.config.type}${target.schema ? `, ${target.schema}` : ''})`;
  process.stdout.write(`Generating the sample warehouse (seed ${seed}, scale ${scale}) into ${where}...\n`);
  const started = performance.now();
  try {
    const connection = await openConnection(target.connect, projectRoot);
    try {
      // Big scales take minutes: show a live row count when someone is watching the terminal.
      const onProgress = process.stderr.isTTY
        ? (rows: number): void => void process.stderr.write(`\r  ${rows.toLocaleString('en-US')} rows...`)
        : undefined;
      const report = await loadSample(connection, generateSample({ seed, scale }), {
        ...(target.schema ? { schema: target.schema } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      if (onProgress) process.stderr.write('\r\x1b[K');
      const width = Math.max(...Object.keys(report.rowCounts).map((t) => t.length));
      for (const [table, count] of Object.entries(report.rowCounts)) {
        process.stdout.write(`  ${table.padEnd(width)}  ${count.toLocaleString('en-US').padStart(12)}\n`);
      }
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`Loaded ${report.totalRows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s.\n`);
    } finally {
      await connection.close();
    }
  } catch (error) {
    if (error instanceof WarehouseError) {
      process.stderr.write(`canon sample: ${error.code}: ${error.message}\n`);
      return EXIT_ERRORS;
    }
    throw error;
  }
  return EXIT_OK;
}
