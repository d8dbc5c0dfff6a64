/**
 * SQLite through knex + better-sqlite3. SQLite stores booleans as 0/1 and times as text (timestamps
 * in its own `YYYY-MM-DD HH:MM:SS` form, see toSqlite), so values
 * are normalised by each result column's declared type (better-sqlite3 reports it for columns read
 * straight from a table), and any text shaped like SQLite's own `YYYY-MM-DD HH:MM:SS` (what its
 * date functions return) is rewritten to the `T` form every other connection returns.
 *
 * better-sqlite3 is synchronous: a running statement cannot be interrupted, so `timeoutMs` is not
 * enforced here (documented limitation; SQLite is the test and laptop engine, not a server).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Knex } from 'knex';
import type { QueryResult, SqlValue, WarehouseConnection } from '../connection.js';
import { quoteQualified, toWarehouseError, QUIET_KNEX_LOG } from '../knex-connection.js';

export interface SqliteConnectionOptions {
  /** Database file, or `:memory:`. */
  readonly path: string;
}

const SQLITE_DATETIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/;

type Normaliser = (value: unknown) => SqlValue;

const normaliseText = (value: string): string => {
  const m = SQLITE_DATETIME.exec(value);
  return m ? `${m[1]}T${m[2]}` : value;
};

const generic: Normaliser = (value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return normaliseText(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
};

function normaliserFor(declared: string | null): Normaliser {
  const type = (declared ?? '').toUpperCase();
  if (type === 'BOOLEAN' || type === 'BOOL') return (v) => (v === null || v === undefined ? null : Boolean(Number(v)));
  if (type === 'TIMESTAMP' || type === 'DATETIME') return (v) => (typeof v === 'string' ? normaliseText(v).replace(' ', 'T').slice(0, 19) : generic(v));
  return generic;
}

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})$/;

/**
 * better-sqlite3 binds no booleans: they go in as 1/0, SQLite's own convention. ISO timestamps go
 * in as `YYYY-MM-DD HH:MM:SS`, the form SQLite's DATETIME() returns, so stored values, bound values
 * and the dialect's DATETIME(...) expressions compare as equals (`T` sorts after a space).
 */
function toSqlite(value: SqlValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.length === 19) {
    const m = ISO_TIMESTAMP.exec(value);
    if (m) return `${m[1]} ${m[2]}`;
  }
  return value;
}

export class SqliteConnection implements WarehouseConnection {
  readonly dialectName = 'sqlite';

  private constructor(private readonly knex: Knex, private readonly target: string) {}

  static async open(options: SqliteConnectionOptions): Promise<SqliteConnection> {
    const target = `sqlite at ${options.path}`;
    const { default: knexFactory } = await import('knex');
    // One connection: an in-memory database exists per connection, and SQLite writes are serial anyway.
    const knex = knexFactory({
      log: QUIET_KNEX_LOG,
      client: 'better-sqlite3',
      connection: { filename: options.path },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    });
    const connection = new SqliteConnection(knex, target);
    try {
      await connection.withDatabase((db) => db.prepare('select 1').get());
    } catch (error) {
      await knex.destroy().catch(() => undefined);
      throw toWarehouseError(Object.assign(error as Error, { code: (error as { code?: string }).code ?? 'SQLITE_CANTOPEN' }), target);
    }
    return connection;
  }

  async query(sql: string, bindings: readonly SqlValue[]): Promise<QueryResult> {
    return this.withDatabase((db) => {
      try {
        const statement = db.prepare(sql) as Statement<unknown[], unknown[]>;
        const meta = statement.columns();
        const columns = meta.map((c) => c.name);
        const normalisers = meta.map((c) => normaliserFor(c.type));
        const raw = statement.raw(true).all(...bindings.map(toSqlite));
        const rows = raw.map((values) => {
          const row: Record<string, SqlValue> = {};
          for (let i = 0; i < columns.length; i++) row[columns[i] ?? `column${i}`] = (normalisers[i] ?? generic)(values[i]);
          return row;
        });
        return { columns, rows };
      } catch (error) {
        throw toWarehouseError(error, this.target, sql);
      }
    });
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.withDatabase((db) => {
      try {
        db.prepare(sql).run(...bindings.map(toSqlite));
      } catch (error) {
        throw toWarehouseError(error, this.target, sql);
      }
    });
  }

  /** One prepared INSERT run per row inside a transaction: SQLite's fastest bulk path. */
  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    await this.withDatabase((db) => {
      try {
        const insert = db.prepare(
          `INSERT INTO ${quoteQualified(table, '"')} (${columns.map((c) => quoteQualified(c, '"')).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        db.transaction(() => {
          for (const row of rows) insert.run(...row.map(toSqlite));
        })();
      } catch (error) {
        throw toWarehouseError(error, this.target);
      }
    });
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }

  /**
   * Borrow knex's pooled better-sqlite3 handle. knex.raw would return rows without column metadata,
   * and the declared types are what tell a boolean 1 from the number 1.
   */
  private async withDatabase<T>(work: (db: Database) => T): Promise<T> {
    const client = this.knex.client as { acquireConnection(): Promise<Database>; releaseConnection(db: Database): Promise<void> };
    let db: Database;
    try {
      db = await client.acquireConnection();
    } catch (error) {
      throw toWarehouseError(error, this.target);
    }
    try {
      return work(db);
    } finally {
      await client.releaseConnection(db);
    }
  }
}
