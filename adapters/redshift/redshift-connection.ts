/**
 * Amazon Redshift speaks the PostgreSQL wire protocol, so this is the PostgreSQL connection (knex +
 * pg, `?` bindings, per-connection type parsers) with Redshift's default port and its own name in
 * messages. `statementTimeoutMs` works as on PostgreSQL (Redshift has the same session setting).
 */
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';
import type { PostgresConnectionOptions } from '../postgres/postgres-connection.js';

export interface RedshiftConnectionOptions extends Omit<PostgresConnectionOptions, 'port'> {
  /** Default 5439 (Redshift's port). */
  readonly port?: number;
}

/** Messages name Redshift, not the PostgreSQL client underneath. */
function renamed(error: unknown): unknown {
  if (!(error instanceof WarehouseError)) return error;
  return new WarehouseError(error.code, error.message.replace(/\bpostgres at\b/, 'redshift at'), error.cause);
}

export class RedshiftConnection implements WarehouseConnection {
  readonly dialectName = 'redshift';

  private constructor(private readonly inner: WarehouseConnection) {}

  static async open(options: RedshiftConnectionOptions): Promise<RedshiftConnection> {
    const { PostgresConnection } = await import('../postgres/postgres-connection.js');
    try {
      return new RedshiftConnection(await PostgresConnection.open({ ...options, port: options.port ?? 5439 }));
    } catch (error) {
      throw renamed(error);
    }
  }

  async query(sql: string, bindings: readonly SqlValue[], options?: { timeoutMs?: number }): Promise<QueryResult> {
    try {
      return await this.inner.query(sql, bindings, options);
    } catch (error) {
      throw renamed(error);
    }
  }

  async execute(sql: string, bindings?: readonly SqlValue[]): Promise<void> {
    try {
      await this.inner.execute(sql, bindings);
    } catch (error) {
      throw renamed(error);
    }
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    try {
      await this.inner.insertRows(table, columns, rows);
    } catch (error) {
      throw renamed(error);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
