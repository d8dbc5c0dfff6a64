import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { openConnection } from '../../adapters/connect.js';
import type { WarehouseConfig } from '../../compiler/catalog/types.js';
import { openTestConnection, testEngines } from '../support/engines.js';
import { closedPort, warehouseFailure } from './warehouse-failures.js';

describe('openConnection failures (no server needed)', () => {
  it.each(['postgres', 'mysql'] as const)('%s on a closed port is WAREHOUSE_UNAVAILABLE naming host:port', async (type) => {
    const port = await closedPort();
    const config: WarehouseConfig = { type, settings: { host: '127.0.0.1', port, user: 'canon', database: 'analytics' } };
    const error = await warehouseFailure(openConnection(config, process.cwd()));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toMatch(/\n\s+at /); // a message, not a stack
  });

  it('when the server refuses and password_env is not set, the error names the variable', async () => {
    const port = await closedPort();
    const config: WarehouseConfig = { type: 'postgres', settings: { host: '127.0.0.1', port, password_env: 'CANON_TEST_UNSET_PASSWORD' } };
    const error = await warehouseFailure(openConnection(config, process.cwd(), {}));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain('CANON_TEST_UNSET_PASSWORD');
  });

  it('a warehouse type with no connection yet is WAREHOUSE_UNAVAILABLE', async () => {
    const error = await warehouseFailure(openConnection({ type: 'snowflake', settings: {} }, process.cwd()));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain('snowflake');
  });

  it('a DuckDB file that cannot be created is WAREHOUSE_UNAVAILABLE', async () => {
    const error = await warehouseFailure(openConnection({ type: 'duckdb', settings: { path: '/dev/null/nope/sample.duckdb' } }, process.cwd()));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
  });
});

/** A statement that runs for seconds on each engine (SQLite cannot be interrupted: not listed). */
const SLOW_SQL: Readonly<Record<string, string>> = {
  duckdb: 'select count(*) as n from range(100000) a, range(100000) b where a.range + b.range = ?',
  postgres: 'select pg_sleep(?) as n',
  mysql: 'select sleep(?) as n',
};
const SLOW_BINDING: Readonly<Record<string, number>> = { duckdb: -1, postgres: 5, mysql: 5 };

for (const engine of testEngines()) {
  describe.skipIf(!engine.enabled)(`query failures on ${engine.name}`, () => {
    let connection: WarehouseConnection;
    beforeAll(async () => {
      connection = await openTestConnection(engine.name, engine.isServer ? { schema: 'canon_it_errors' } : {});
    });
    afterAll(async () => {
      await connection?.close();
    });

    it('bad SQL is WAREHOUSE_QUERY_FAILED with the engine\'s reason, and the connection still works', async () => {
      const error = await warehouseFailure(connection.query('select no_such_column from no_such_table where x = ?', [1]));
      expect(error.code).toBe('WAREHOUSE_QUERY_FAILED');
      expect(error.message).toMatch(/no_such/i);
      const { rows } = await connection.query('select 1 as ok', []);
      expect(rows).toEqual([{ ok: 1 }]);
    });

    it('bad DDL through execute is WAREHOUSE_QUERY_FAILED', async () => {
      const error = await warehouseFailure(connection.execute('create table ( broken'));
      expect(error.code).toBe('WAREHOUSE_QUERY_FAILED');
    });

    it.skipIf(!(engine.name in SLOW_SQL))('a query past timeoutMs is TIMEOUT and the connection still works', async () => {
      const error = await warehouseFailure(connection.query(SLOW_SQL[engine.name] ?? '', [SLOW_BINDING[engine.name] ?? 0], { timeoutMs: 300 }));
      expect(error.code).toBe('TIMEOUT');
      const { rows } = await connection.query('select 2 as ok', []);
      expect(rows).toEqual([{ ok: 2 }]);
    });
  });
}

describe.skipIf(!testEngines().find((e) => e.name === 'postgres')?.enabled)('postgres credentials', () => {
  it('an unknown role or database is WAREHOUSE_UNAVAILABLE', async () => {
    const url = new URL(process.env['CANON_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test');
    url.pathname = '/canon_no_such_database';
    const error = await warehouseFailure(openConnection({ type: 'postgres', settings: { url: url.toString() } }, process.cwd()));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`${url.hostname}:${url.port || 5432}`);
  });
});

describe.skipIf(!testEngines().find((e) => e.name === 'mysql')?.enabled)('mysql credentials', () => {
  it('an unknown user is WAREHOUSE_UNAVAILABLE', async () => {
    const url = new URL(process.env['CANON_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test');
    url.username = 'canon_no_such_user';
    url.password = 'wrong';
    const error = await warehouseFailure(openConnection({ type: 'mysql', settings: { url: url.toString() } }, process.cwd()));
    expect(error.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(error.message).toContain(`${url.hostname}:${url.port || 3306}`);
  });
});
