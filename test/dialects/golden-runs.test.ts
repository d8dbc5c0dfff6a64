/**
 * The embedded engines run their golden SQL as written: DuckDB (which node-sql-parser cannot
 * parse) and SQLite execute every golden file, with its bindings, against the sample warehouse's
 * tables created empty in memory. An empty result is fine; what is checked is that the engine
 * accepts the statement and its types. (The integration suite checks the answers on loaded data.)
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue, WarehouseConnection } from '../../adapters/connection.js';
import { openConnection } from '../../adapters/connect.js';
import { createTableSql, ddlDialect } from '../../sample/table-ddl.js';
import { SAMPLE_TABLES } from '../../sample/tables.js';
import { GOLDEN_CASE_NAMES } from './golden-cases.js';
import { goldenPaths } from './golden-files.js';

for (const engine of ['duckdb', 'sqlite'] as const) {
  describe(`${engine} runs its golden SQL`, () => {
    let connection: WarehouseConnection;
    beforeAll(async () => {
      connection = await openConnection({ type: engine, settings: { path: ':memory:' } }, process.cwd());
      for (const table of SAMPLE_TABLES) await connection.execute(createTableSql(ddlDialect(engine), table));
    });
    afterAll(async () => connection?.close());

    for (const name of GOLDEN_CASE_NAMES) {
      it(name, async () => {
        const paths = goldenPaths(engine, name);
        const sql = readFileSync(paths.sql, 'utf8');
        const bindings = JSON.parse(readFileSync(paths.bindings, 'utf8')) as SqlValue[];
        // Rejects with WarehouseError (and the engine's message) if the engine refuses the SQL.
        await expect(connection.query(sql, bindings)).resolves.toHaveProperty('rows');
      });
    }
  });
}
