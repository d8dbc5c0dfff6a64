/**
 * What the stateless HTTP connections (BigQuery, Trino) share. Their clients open no socket until
 * the first query, so opening is checked by running one. No driver is imported here.
 */
import { WarehouseError, type WarehouseConnection } from './connection.js';

/**
 * Runs `SELECT 1` on a just-built connection. Any failure of that probe means the warehouse cannot
 * be used (wrong project, no access), so WAREHOUSE_QUERY_FAILED is reported as WAREHOUSE_UNAVAILABLE.
 */
export async function checkByFirstQuery(connection: WarehouseConnection): Promise<void> {
  await connection.query('SELECT 1', []).catch((error: unknown) => {
    throw error instanceof WarehouseError && error.code === 'WAREHOUSE_QUERY_FAILED'
      ? new WarehouseError('WAREHOUSE_UNAVAILABLE', error.message.replace('query failed on', 'cannot use'), error.cause)
      : error;
  });
}
