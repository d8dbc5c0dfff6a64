/**
 * The DuckDB connection keeps one prepared statement per SQL text and re-binds it with each run's
 * values. DuckDB folds those values into the plan as constants (text values meet DATE-typed
 * parameters, so it re-binds), which makes it essential that a later run with other values never
 * sees the constants of an earlier one. Real engine, in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbConnection } from '../../adapters/duckdb/duckdb-connection.js';

const RANGE = 'SELECT COUNT(*) AS n, MIN(d) AS first FROM days WHERE d >= CAST(? AS DATE) AND d < CAST(? AS DATE) AND kind = ?';

describe('duckdb prepared statements re-bound with new values', () => {
  let connection: DuckDbConnection;

  beforeAll(async () => {
    connection = await DuckDbConnection.open({ path: ':memory:' });
    await connection.execute(`CREATE TABLE days AS
      SELECT CAST(DATE '2024-01-01' + CAST(i AS INTEGER) AS DATE) AS d, CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END AS kind
      FROM range(0, 366) t(i)`);
  });
  afterAll(async () => {
    await connection.close();
  });

  it('answers each run with its own values, the same SQL text reused', async () => {
    const january = await connection.query(RANGE, ['2024-01-01', '2024-02-01', 'even']);
    const march = await connection.query(RANGE, ['2024-03-01', '2024-04-01', 'odd']);
    const januaryAgain = await connection.query(RANGE, ['2024-01-01', '2024-02-01', 'even']);
    expect(january.rows).toEqual([{ n: 16, first: '2024-01-01' }]);
    expect(march.rows).toEqual([{ n: 15, first: '2024-03-02' }]);
    expect(januaryAgain.rows).toEqual(january.rows);
  });

  it('keeps a hostile value a value', async () => {
    const result = await connection.query(RANGE, ['2024-01-01', '2025-01-01', "even' OR '1'='1"]);
    expect(result.rows).toEqual([{ n: 0, first: null }]);
  });

  it('reports a value that is not a date as a query error, and runs the statement again afterwards', async () => {
    await expect(connection.query(RANGE, ['not a date', '2024-02-01', 'even'])).rejects.toThrow(/query failed on duckdb/);
    const after = await connection.query(RANGE, ['2024-01-01', '2024-02-01', 'even']);
    expect(after.rows).toEqual([{ n: 16, first: '2024-01-01' }]);
  });
});
