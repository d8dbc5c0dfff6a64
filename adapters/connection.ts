/**
 * How Canon talks to a running warehouse. One small interface per adapter; knex implements it for
 * PostgreSQL, MySQL/MariaDB and SQLite, @duckdb/node-api for DuckDB. Placeholders in `sql` are
 * always `?` (positional) — each connection translates if its driver wants another style.
 */
export type SqlValue = string | number | boolean | null;

export interface QueryResult {
  /** Column names in select order. */
  readonly columns: readonly string[];
  /** Rows as plain objects; numbers as JS numbers (bigint/decimal normalised), times as ISO strings. */
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
}

export interface WarehouseConnection {
  /** Adapter name, e.g. `duckdb`. */
  readonly dialectName: string;
  /** Run one read statement with positional `?` bindings. Rejects with WarehouseError on failure. */
  query(sql: string, bindings: readonly SqlValue[], options?: { timeoutMs?: number }): Promise<QueryResult>;
  /** Run DDL/DML (used by the sample loader and tests). */
  execute(sql: string, bindings?: readonly SqlValue[]): Promise<void>;
  /** Bulk insert rows into an existing table. */
  insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
  close(): Promise<void>;
}

/** A failure reaching or running on the warehouse; `code` is what the API reports. */
export class WarehouseError extends Error {
  constructor(
    readonly code: 'WAREHOUSE_UNAVAILABLE' | 'WAREHOUSE_QUERY_FAILED' | 'TIMEOUT',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'WarehouseError';
  }
}
