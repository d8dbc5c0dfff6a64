/**
 * What the knex-backed connections (PostgreSQL, MariaDB/MySQL, SQLite) share: one error policy and
 * one bulk-insert loop. No driver is imported here; each `<name>-connection.ts` loads its own lazily
 * and hands its knex instance in.
 */
import type { Knex } from 'knex';
import { WarehouseError, type SqlValue } from './connection.js';

/** Driver error codes meaning "the server is not there or will not let us in". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_DBACCESS_DENIED_ERROR',
  'ER_CON_COUNT_ERROR', 'SQLITE_CANTOPEN',
  // PostgreSQL SQLSTATEs: bad password, no such role/database, shutting down, cannot connect now.
  '28P01', '28000', '3D000', '57P01', '57P02', '57P03', '08001', '08004', '08006',
]);

/** Driver error codes meaning "the statement ran out of time and was cancelled". */
const TIMEOUT_CODES = new Set(['57014', 'ER_QUERY_INTERRUPTED', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The driver's own words, without the SQL text knex prefixes to them. */
export function driverMessage(error: unknown, sql?: string): string {
  // mysql2 keeps the server's text apart; knex has already glued the (interpolated) SQL onto `message`.
  const sqlMessage = typeof error === 'object' && error !== null ? (error as { sqlMessage?: unknown }).sqlMessage : undefined;
  if (typeof sqlMessage === 'string' && sqlMessage) return sqlMessage;
  let message = error instanceof Error ? error.message : String(error);
  if (sql) {
    let n = 0;
    const numbered = sql.replace(/\?/g, () => `$${++n}`); // how knex rewrites placeholders for pg
    for (const prefix of [sql, numbered]) {
      if (message.startsWith(prefix)) {
        message = message.slice(prefix.length).replace(/^\s*-\s*/, '');
        break;
      }
    }
  }
  return message.trim() || (codeOf(error) ?? 'unknown error');
}

/**
 * Maps any driver or knex failure to a WarehouseError; `target` names where we tried to go
 * (`postgres at 127.0.0.1:5432`) so an outage message says which server is down.
 */
export function toWarehouseError(error: unknown, target: string, sql?: string): WarehouseError {
  if (error instanceof WarehouseError) return error;
  const code = codeOf(error);
  const message = driverMessage(error, sql);
  if (nameOf(error) === 'KnexTimeoutError') {
    return /acquir/i.test(message)
      ? new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${target}: timed out waiting for a connection`, error)
      : new WarehouseError('TIMEOUT', `query on ${target} exceeded its time limit`, error);
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new WarehouseError('TIMEOUT', `query on ${target} exceeded its time limit`, error);
  }
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) {
    return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${target}: ${message}`, error);
  }
  // AggregateError (both IPv4 and IPv6 refused) carries the codes on its members.
  if (error instanceof AggregateError && error.errors.some((e) => UNAVAILABLE_CODES.has(codeOf(e) ?? ''))) {
    return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${target}: connection refused`, error);
  }
  return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${target}: ${message}`, error);
}

/** `schema.table` or `table`, each part quoted with `quote`. */
export function quoteQualified(table: string, quote: string): string {
  return table
    .split('.')
    .map((part) => `${quote}${part.split(quote).join(quote + quote)}${quote}`)
    .join('.');
}

/**
 * Multi-row INSERTs in chunks small enough for the driver's parameter limit (PostgreSQL: 65,535
 * binds per statement), inside one transaction so a failed load leaves nothing half-written.
 */
export async function insertInChunks(
  knex: Knex,
  quotedTable: string,
  quotedColumns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  maxBindings: number,
): Promise<void> {
  if (rows.length === 0) return;
  const width = quotedColumns.length;
  const perChunk = Math.max(1, Math.floor(maxBindings / width));
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  await knex.transaction(async (trx) => {
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const bindings: SqlValue[] = [];
      for (const row of chunk) for (const value of row) bindings.push(value);
      const sql = `INSERT INTO ${quotedTable} (${quotedColumns.join(', ')}) VALUES ${new Array<string>(chunk.length).fill(tuple).join(', ')}`;
      await trx.raw(sql, bindings);
    }
  });
}

/**
 * knex.raw treats `??` as an identifier binding and `\?` as an escaped mark; Canon's SQL uses
 * neither, so only plain `?` reaches it. Checked here so a stray `??` fails loudly, not silently.
 */
export function assertPlainPlaceholders(sql: string): void {
  if (sql.includes('??')) throw new WarehouseError('WAREHOUSE_QUERY_FAILED', 'SQL contains `??`, which knex would read as an identifier binding');
}

/**
 * knex prints pool errors (`Acquire connection error: ...` with a stack) to the console; the same
 * failure already reaches the caller as a WarehouseError, so the console copy is only noise.
 */
export const QUIET_KNEX_LOG = {
  warn: (): void => undefined,
  error: (): void => undefined,
  deprecate: (): void => undefined,
  debug: (): void => undefined,
};

/**
 * The first `select 1` of a fresh knex pool: on failure the pool is destroyed (so no sockets linger)
 * and the driver error becomes a WarehouseError naming `target`.
 */
export async function checkKnexConnection(knex: Knex, target: string): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.destroy().catch(() => undefined);
    throw toWarehouseError(error, target);
  }
}

/**
 * Runs one statement through knex.raw, cancelled server-side once `timeoutMs` passes. `read` turns
 * the driver's result (its shape differs per client) into rows; any failure, including in `read`,
 * becomes a WarehouseError naming `target`.
 */
export async function rawQuery<T>(
  knex: Knex,
  target: string,
  sql: string,
  bindings: readonly SqlValue[],
  timeoutMs: number | undefined,
  read: (result: unknown) => T,
): Promise<T> {
  assertPlainPlaceholders(sql);
  try {
    let raw = knex.raw(sql, [...bindings]);
    if (timeoutMs !== undefined) raw = raw.timeout(timeoutMs, { cancel: true });
    return read(await raw);
  } catch (error) {
    throw toWarehouseError(error, target, sql);
  }
}

/** Runs one statement through knex.raw for its effect; failures become WarehouseErrors naming `target`. */
export async function rawExecute(knex: Knex, target: string, sql: string, bindings: readonly SqlValue[]): Promise<void> {
  assertPlainPlaceholders(sql);
  try {
    await knex.raw(sql, [...bindings]);
  } catch (error) {
    throw toWarehouseError(error, target, sql);
  }
}

/** `insertInChunks` with table and columns quoted by `quote`; failures become WarehouseErrors naming `target`. */
export async function insertQuoted(
  knex: Knex,
  target: string,
  quote: string,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  maxBindings: number,
): Promise<void> {
  try {
    await insertInChunks(knex, quoteQualified(table, quote), columns.map((c) => quoteQualified(c, quote)), rows, maxBindings);
  } catch (error) {
    throw toWarehouseError(error, target);
  }
}
