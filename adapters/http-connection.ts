/**
 * What the connections that talk to a vendor's HTTP API (BigQuery, Trino, Databricks) share. No
 * driver is imported here.
 */
import { WarehouseError, type WarehouseConnection } from './connection.js';

/** Node socket error codes meaning "the service is not there": reported as WAREHOUSE_UNAVAILABLE. */
export const NETWORK_UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN',
]);

/**
 * Runs `SELECT 1` on a just-built connection: the stateless clients (BigQuery, Trino) open no
 * socket until the first query, so this is how opening is checked. Any failure of that probe means
 * the warehouse cannot be used (wrong project, no access), so WAREHOUSE_QUERY_FAILED is reported
 * as WAREHOUSE_UNAVAILABLE.
 */
export async function checkByFirstQuery(connection: WarehouseConnection): Promise<void> {
  await connection.query('SELECT 1', []).catch((error: unknown) => {
    throw error instanceof WarehouseError && error.code === 'WAREHOUSE_QUERY_FAILED'
      ? new WarehouseError('WAREHOUSE_UNAVAILABLE', error.message.replace('query failed on', 'cannot use'), error.cause)
      : error;
  });
}
