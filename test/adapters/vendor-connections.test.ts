/**
 * The vendor warehouse connections (Snowflake, BigQuery, Redshift, Databricks, Trino).
 * With a vendor's CANON_<VENDOR>_* variables set, a real query runs there: bindings of every type
 * round-trip and a few dialect hooks (month clamping, Monday weeks, ISO formatting) answer as the
 * golden SQL assumes. Without them the vendor is skipped with a notice naming the variables.
 * Always (no network beyond 127.0.0.1): bad configuration and closed loopback ports give a clear
 * WarehouseError, never a raw driver error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConfig } from '../../compiler/catalog/types.js';
import { openConnection } from '../../adapters/connect.js';
import { WarehouseError, type WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
import { trinoLiteral, trinoStatement } from '../../adapters/trino/trino-connection.js';
import { DEFAULT_PG_URL, testEngines } from '../support/engines.js';
import { closedPort, warehouseFailure } from './warehouse-failures.js';

interface Vendor {
  readonly type: 'snowflake' | 'bigquery' | 'redshift' | 'databricks' | 'trino';
  /** Variables that must all be set to run against the real service. */
  readonly required: readonly string[];
  /** canon.yaml-style settings built from the environment. */
  readonly settings: (env: NodeJS.ProcessEnv) => WarehouseConfig['settings'];
}

const optional = (env: NodeJS.ProcessEnv, pairs: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(pairs).flatMap(([key, name]) => (env[name] ? [[key, env[name]!]] : [])));

const VENDORS: readonly Vendor[] = [
  {
    type: 'snowflake',
    required: ['CANON_SNOWFLAKE_ACCOUNT', 'CANON_SNOWFLAKE_USER', 'CANON_SNOWFLAKE_PASSWORD'],
    settings: (env) => ({
      account: env['CANON_SNOWFLAKE_ACCOUNT']!, user: env['CANON_SNOWFLAKE_USER']!, password_env: 'CANON_SNOWFLAKE_PASSWORD',
      ...optional(env, { warehouse: 'CANON_SNOWFLAKE_WAREHOUSE', database: 'CANON_SNOWFLAKE_DATABASE', schema: 'CANON_SNOWFLAKE_SCHEMA', role: 'CANON_SNOWFLAKE_ROLE' }),
    }),
  },
  {
    type: 'bigquery',
    // Credentials: GOOGLE_APPLICATION_CREDENTIALS or CANON_BIGQUERY_KEY_FILE (a service-account key).
    required: ['CANON_BIGQUERY_PROJECT'],
    settings: (env) => ({
      project: env['CANON_BIGQUERY_PROJECT']!,
      ...optional(env, { key_file: 'CANON_BIGQUERY_KEY_FILE', location: 'CANON_BIGQUERY_LOCATION', dataset: 'CANON_BIGQUERY_DATASET' }),
    }),
  },
  {
    type: 'redshift',
    required: ['CANON_REDSHIFT_HOST', 'CANON_REDSHIFT_USER', 'CANON_REDSHIFT_PASSWORD', 'CANON_REDSHIFT_DATABASE'],
    settings: (env) => ({
      host: env['CANON_REDSHIFT_HOST']!, user: env['CANON_REDSHIFT_USER']!, password_env: 'CANON_REDSHIFT_PASSWORD',
      database: env['CANON_REDSHIFT_DATABASE']!, ...optional(env, { port: 'CANON_REDSHIFT_PORT' }),
    }),
  },
  {
    type: 'databricks',
    required: ['CANON_DATABRICKS_HOST', 'CANON_DATABRICKS_HTTP_PATH', 'CANON_DATABRICKS_TOKEN'],
    settings: (env) => ({
      host: env['CANON_DATABRICKS_HOST']!, http_path: env['CANON_DATABRICKS_HTTP_PATH']!, token_env: 'CANON_DATABRICKS_TOKEN',
      ...optional(env, { catalog: 'CANON_DATABRICKS_CATALOG', schema: 'CANON_DATABRICKS_SCHEMA' }),
    }),
  },
  {
    type: 'trino',
    required: ['CANON_TRINO_SERVER', 'CANON_TRINO_USER'],
    settings: (env) => ({
      server: env['CANON_TRINO_SERVER']!, user: env['CANON_TRINO_USER']!, password_env: 'CANON_TRINO_PASSWORD',
      ...optional(env, { catalog: 'CANON_TRINO_CATALOG', schema: 'CANON_TRINO_SCHEMA' }),
    }),
  },
];

for (const vendor of VENDORS) {
  const missing = vendor.required.filter((name) => !process.env[name]);
  if (missing.length > 0) console.info(`[canon tests] ${vendor.type} connection skipped: set ${vendor.required.join(', ')} (missing ${missing.join(', ')})`);

  describe.skipIf(missing.length > 0)(`${vendor.type} (real service)`, () => {
    let connection: WarehouseConnection;
    const dialect = getDialect(vendor.type)!;
    beforeAll(async () => {
      connection = await openConnection({ type: vendor.type, settings: vendor.settings(process.env) }, process.cwd());
    }, 120_000);
    afterAll(async () => connection?.close());

    it('runs a query with bindings of every type', async () => {
      const result = await connection.query(`SELECT ? AS ${dialect.quoteIdentifier('s')}, ? AS ${dialect.quoteIdentifier('n')}, ? AS ${dialect.quoteIdentifier('x')}, ? AS ${dialect.quoteIdentifier('b')}`, [
        "it's; --", 42, 1.5, true,
      ]);
      expect(result.rows).toEqual([{ s: "it's; --", n: 42, x: 1.5, b: true }]);
    }, 120_000);

    it('answers the dialect hooks as the golden SQL assumes', async () => {
      const day = dialect.dateParam('?');
      const q = (name: string): string => dialect.quoteIdentifier(name);
      const sql = `SELECT ${dialect.formatDate(dialect.dateAdd('month', 1, day))} AS ${q('clamped')}, ` +
        `${dialect.formatDate(dialect.dateTrunc('week', day))} AS ${q('monday')}, ` +
        `${dialect.formatDate(dialect.dateTrunc('quarter', day))} AS ${q('quarter')}`;
      const result = await connection.query(sql, ['2024-01-31', '2024-01-31', '2024-01-31']);
      // 2024-01-31 is a Wednesday: its week starts Monday 2024-01-29.
      expect(result.rows).toEqual([{ clamped: '2024-02-29', monday: '2024-01-29', quarter: '2024-01-01' }]);
    }, 120_000);
  });
}

describe('vendor connections: bad configuration (no network)', () => {
  const open = (type: WarehouseConfig['type'], settings: WarehouseConfig['settings'], env: NodeJS.ProcessEnv = {}): Promise<WarehouseConnection> =>
    openConnection({ type, settings }, process.cwd(), env);

  it('names the missing setting', async () => {
    expect((await warehouseFailure(open('snowflake', { user: 'u' }))).message).toMatch(/snowflake needs `account`/);
    expect((await warehouseFailure(open('bigquery', {}))).message).toMatch(/bigquery needs `project`/);
    expect((await warehouseFailure(open('databricks', { host: 'h', token_env: 'NOPE' }))).message).toMatch(/databricks needs `http_path`/);
    expect((await warehouseFailure(open('trino', { user: 'u' }))).message).toMatch(/trino needs a server URL/);
    expect((await warehouseFailure(open('trino', { server: 'not a url', user: 'u' }))).message).toMatch(/is not a URL/);
  });

  it('says which variable the Databricks token was to come from', async () => {
    const error = await warehouseFailure(open('databricks', { host: 'h', http_path: '/p', token_env: 'CANON_TEST_NO_SUCH_TOKEN' }));
    expect(error.message).toMatch(/CANON_TEST_NO_SUCH_TOKEN, which is not set/);
  });
});

describe('vendor connections: closed loopback port -> WAREHOUSE_UNAVAILABLE', () => {
  it('trino', async () => {
    const port = await closedPort();
    const error = await warehouseFailure(openConnection({ type: 'trino', settings: { server: `http://127.0.0.1:${port}`, user: 'canon' } }, process.cwd(), {}));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`trino at 127.0.0.1:${port}`);
  }, 60_000);

  it('databricks', async () => {
    const port = await closedPort();
    const error = await warehouseFailure(openConnection(
      { type: 'databricks', settings: { host: '127.0.0.1', port, http_path: '/sql/1.0/warehouses/x', token_env: 'T' } }, process.cwd(), { T: 'token' },
    ));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`databricks at 127.0.0.1:${port}`);
  }, 60_000);

  it('snowflake (access_url on loopback, so the account host is never contacted)', async () => {
    const port = await closedPort();
    const { SnowflakeConnection } = await import('../../adapters/snowflake/snowflake-connection.js');
    const error = await warehouseFailure(SnowflakeConnection.open({
      account: 'canon-test', username: 'canon', password: 'x', accessUrl: `http://127.0.0.1:${port}`, loginTimeoutMs: 5000, loginRetries: 0,
    }));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toMatch(/cannot reach snowflake account canon-test: .*ECONNREFUSED/);
  }, 60_000);

  it('redshift', async () => {
    const port = await closedPort();
    const error = await warehouseFailure(openConnection(
      { type: 'redshift', settings: { host: '127.0.0.1', port, user: 'u', database: 'd', password_env: 'CANON_TEST_NO_SUCH_PASSWORD' } }, process.cwd(), {},
    ));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`redshift at 127.0.0.1:${port}`);
  }, 60_000);
});

const postgres = testEngines().find((e) => e.name === 'postgres')!;

describe.skipIf(!postgres.enabled)('redshift connection over the PostgreSQL wire protocol (local PostgreSQL)', () => {
  it('runs bindings through the same client and reports itself as redshift', async () => {
    const connection = await openConnection({ type: 'redshift', settings: { url: process.env['CANON_PG_URL'] ?? DEFAULT_PG_URL } }, process.cwd(), {});
    try {
      expect(connection.dialectName).toBe('redshift');
      const result = await connection.query('SELECT CAST(? AS TEXT) AS s, CAST(? AS INTEGER) AS n', ["o'clock", 7]);
      expect(result.rows).toEqual([{ s: "o'clock", n: 7 }]);
      const error = await warehouseFailure(connection.query('SELECT * FROM canon_no_such_table', []));
      expect(error.code).toBe('WAREHOUSE_QUERY_FAILED');
      expect(error.message).toMatch(/^query failed on redshift at/);
    } finally {
      await connection.close();
    }
  });
});

describe('trino bindings (EXECUTE IMMEDIATE ... USING)', () => {
  it('keeps the SQL one quoted string and each value one literal', () => {
    expect(trinoStatement('SELECT 1', [])).toBe('SELECT 1');
    expect(trinoStatement("SELECT ? AS \"a'b\", ?", ["x' OR '1'='1", 2])).toBe(
      `EXECUTE IMMEDIATE 'SELECT ? AS "a''b", ?' USING 'x'' OR ''1''=''1', 2`,
    );
    expect([null, true, false, -3, 2.5].map(trinoLiteral)).toEqual(['NULL', 'TRUE', 'FALSE', '-3', "DOUBLE '2.5'"]);
    expect(() => trinoLiteral(Number.NaN)).toThrow(WarehouseError);
  });
});
