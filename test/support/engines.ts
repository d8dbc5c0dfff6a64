/**
 * The engine matrix every integration suite shares (STYLE: one suite, run once per engine, the
 * engines chosen by environment). `DIALECTS=duckdb,postgres,mysql,sqlite` selects engines (default
 * `duckdb,sqlite`, which need no server); PostgreSQL is found at CANON_PG_URL and MariaDB at
 * CANON_MYSQL_URL. Engines left out are skipped with a console message saying how to turn them on.
 */
import type { WarehouseConnection } from '../../adapters/connection.js';
import { openConnection } from '../../adapters/connect.js';
import type { WarehouseConfig } from '../../compiler/catalog/types.js';
import { generateSample } from '../../sample/generate-sample.js';
import { loadSample, type LoadReport } from '../../sample/load-sample.js';

export type EngineName = 'duckdb' | 'postgres' | 'mysql' | 'sqlite';

export const ALL_ENGINES: readonly EngineName[] = ['duckdb', 'postgres', 'mysql', 'sqlite'];

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

export interface TestEngine {
  readonly name: EngineName;
  /** False when DIALECTS leaves it out: suites `describe.skipIf(!engine.enabled)`. */
  readonly enabled: boolean;
  /** Why it is skipped and how to enable it. */
  readonly skipReason?: string;
  /** True for engines with a server (schemas/databases must be unique per test file). */
  readonly isServer: boolean;
}

function selectedNames(): Set<string> {
  const raw = process.env['DIALECTS'] ?? 'duckdb,sqlite';
  return new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

let announced = false;

/** All four executed engines, each marked enabled or not. Prints one skip notice per process. */
export function testEngines(): TestEngine[] {
  const selected = selectedNames();
  const engines = ALL_ENGINES.map((name): TestEngine => {
    const isServer = name === 'postgres' || name === 'mysql';
    if (selected.has(name)) return { name, enabled: true, isServer };
    const urlVar = name === 'postgres' ? 'CANON_PG_URL' : name === 'mysql' ? 'CANON_MYSQL_URL' : undefined;
    const skipReason = `${name} tests skipped: add it to DIALECTS (e.g. DIALECTS=duckdb,postgres,mysql,sqlite)` +
      (urlVar ? ` and point ${urlVar} at a server (default ${name === 'postgres' ? DEFAULT_PG_URL : DEFAULT_MYSQL_URL})` : '');
    return { name, enabled: false, isServer, skipReason };
  });
  if (!announced) {
    announced = true;
    for (const e of engines) if (!e.enabled && e.skipReason) console.warn(`[canon tests] ${e.skipReason}`);
  }
  return engines;
}

export function enabledEngines(): TestEngine[] {
  return testEngines().filter((e) => e.enabled);
}

/** The canon.yaml-style config tests open an engine with; `schema` is a PG schema / MariaDB database. */
export function engineConfig(engine: EngineName, schema?: string): WarehouseConfig {
  switch (engine) {
    case 'duckdb':
      return { type: 'duckdb', settings: { path: ':memory:' } };
    case 'sqlite':
      return { type: 'sqlite', settings: { path: ':memory:' } };
    case 'postgres':
      return { type: 'postgres', settings: { url: process.env['CANON_PG_URL'] ?? DEFAULT_PG_URL, ...(schema ? { schema } : {}) } };
    case 'mysql': {
      const url = new URL(process.env['CANON_MYSQL_URL'] ?? DEFAULT_MYSQL_URL);
      if (schema) url.pathname = `/${schema}`;
      return { type: 'mysql', settings: { url: url.toString() } };
    }
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The schema (PostgreSQL) or database (MariaDB) actually used for a suite's name: suffixed with
 * this process id, so two runs of the same suite against one shared server (two developers, or a
 * developer and CI) never drop each other's tables mid-test.
 */
export function processSchema(schema: string): string {
  return `${schema}_p${process.pid}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops `<schema>_p<pid>` namespaces left behind by test processes that no longer exist. */
async function dropStaleSchemas(engine: 'postgres' | 'mysql', admin: WarehouseConnection, schema: string): Promise<void> {
  const { rows } = await admin.query(
    'select schema_name as name from information_schema.schemata where schema_name like ?',
    [`${schema}\\_p%`],
  );
  for (const row of rows) {
    const name = String(row['name'] ?? row['NAME'] ?? row['SCHEMA_NAME'] ?? '');
    const pid = Number(/_p(\d+)$/.exec(name)?.[1]);
    if (!SCHEMA_NAME.test(name) || !Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await admin.execute(engine === 'postgres' ? `DROP SCHEMA IF EXISTS "${name}" CASCADE` : `DROP DATABASE IF EXISTS \`${name}\``);
  }
}

/**
 * A plain connection (no sample) for binding and error tests. For PostgreSQL/MariaDB the suite's
 * schema or database (made per process, see processSchema) is created first and used for
 * unqualified names.
 */
export async function openTestConnection(engine: EngineName, options: { schema?: string } = {}): Promise<WarehouseConnection> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`test schema '${schema}' must match ${SCHEMA_NAME}`);
  if (!schema || (engine !== 'postgres' && engine !== 'mysql')) return openConnection(engineConfig(engine), process.cwd());
  const actual = processSchema(schema);
  const admin = await openConnection(engineConfig(engine), process.cwd());
  try {
    await dropStaleSchemas(engine, admin, schema);
    await admin.execute(engine === 'postgres' ? `CREATE SCHEMA IF NOT EXISTS "${actual}"` : `CREATE DATABASE IF NOT EXISTS \`${actual}\``);
  } finally {
    await admin.close();
  }
  return openConnection(engineConfig(engine, actual), process.cwd());
}

export interface SampleWarehouse {
  readonly engine: EngineName;
  /** Schema/database the tables are in (PostgreSQL, MariaDB); unqualified names resolve to it. */
  readonly schema?: string;
  readonly connection: WarehouseConnection;
  readonly report: LoadReport;
}

const loaded = new Map<string, Promise<SampleWarehouse>>();

/**
 * The sample warehouse at scale 1 (seed 42) on `engine`, loaded once per process and per schema.
 * Name the schema after the suite (`canon_it_<suite>`) so parallel test files never collide; on
 * DuckDB and SQLite each process has its own in-memory database and the name is not needed.
 */
export function withSampleWarehouse(engine: EngineName, options: { schema: string }): Promise<SampleWarehouse> {
  const key = `${engine}|${options.schema}`;
  let pending = loaded.get(key);
  if (!pending) {
    pending = (async () => {
      const isServer = engine === 'postgres' || engine === 'mysql';
      const connection = await openTestConnection(engine, isServer ? { schema: options.schema } : {});
      const schema = isServer ? processSchema(options.schema) : undefined;
      const report = await loadSample(connection, generateSample({ seed: 42, scale: 1 }), engine === 'postgres' ? { schema } : {});
      return schema ? { engine, schema, connection, report } : { engine, connection, report };
    })();
    loaded.set(key, pending);
    // A failed load must not be cached: the next caller should see the real error again.
    pending.catch(() => loaded.delete(key));
  }
  return pending;
}

/**
 * Drops the per-process schemas and closes every connection withSampleWarehouse opened in this
 * process (call from afterAll; anything missed is dropped by the next run once this process is gone).
 */
export async function releaseSampleWarehouses(): Promise<void> {
  const all = [...loaded.values()];
  loaded.clear();
  for (const pending of all) {
    const warehouse = await pending.catch(() => undefined);
    if (!warehouse) continue;
    const { engine, schema, connection } = warehouse;
    if (schema) {
      const drop = engine === 'postgres' ? `DROP SCHEMA IF EXISTS "${schema}" CASCADE` : `DROP DATABASE IF EXISTS \`${schema}\``;
      await connection.execute(drop).catch(() => undefined);
    }
    await connection.close();
  }
}
