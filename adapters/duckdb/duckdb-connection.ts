/**
 * DuckDB through @duckdb/node-api (knex has no DuckDB client). DuckDB reads `?` placeholders
 * natively in prepared statements, so bindings pass straight through; results are normalised to
 * the shapes every connection returns (numbers, booleans, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`).
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBResultReader, DuckDBType } from '@duckdb/node-api';
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';

export interface DuckDbConnectionOptions {
  /** Database file, or `:memory:`. A file's folder must exist (openConnection creates it). */
  readonly path: string;
  /** Schema used for unqualified names (`SET schema`). Default: DuckDB's `main`. */
  readonly schema?: string;
}

/** DuckDB type ids we normalise (from @duckdb/node-api's DuckDBTypeId). */
const TYPE = {
  BOOLEAN: 1, BIGINT: 5, UBIGINT: 9, TIMESTAMP: 12, DATE: 13, HUGEINT: 16, DECIMAL: 19,
  TIMESTAMP_S: 20, TIMESTAMP_MS: 21, TIMESTAMP_NS: 22, UHUGEINT: 32, TIMESTAMP_TZ: 31,
} as const;

type Normaliser = (value: unknown) => SqlValue;

const toNumber: Normaliser = (v) => (typeof v === 'bigint' ? Number(v) : (v as number));
const toIsoDate: Normaliser = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const toIsoTimestamp: Normaliser = (v) => (v instanceof Date ? v.toISOString().slice(0, 19) : String(v));
const asIs: Normaliser = (v) => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 19);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
};

function normaliserFor(type: DuckDBType): Normaliser {
  switch (type.typeId as number) {
    case TYPE.BIGINT: case TYPE.UBIGINT: case TYPE.HUGEINT: case TYPE.UHUGEINT: case TYPE.DECIMAL:
      return toNumber;
    case TYPE.DATE:
      return toIsoDate;
    case TYPE.TIMESTAMP: case TYPE.TIMESTAMP_S: case TYPE.TIMESTAMP_MS: case TYPE.TIMESTAMP_NS: case TYPE.TIMESTAMP_TZ:
      return toIsoTimestamp;
    case TYPE.BOOLEAN:
      return (v) => (v === null ? null : Boolean(v));
    default:
      return asIs;
  }
}

/**
 * Prepared statements kept per DuckDB connection, by SQL text. DuckDB plans a statement with `?`
 * parameters when it is prepared and again when values are bound; preparing once and re-binding
 * saves the first of the two, which on a query of a few milliseconds is a quarter of its time
 * (measured by bench:execution on customer_acquisition_cost). Dashboards send the same SQL with new
 * values, so the same texts come back. Bounded: the oldest statement is dropped past this count.
 *
 * The second planning is DuckDB re-binding the statement with the bound values as constants
 * (bindings stay bindings; nothing enters the SQL text): the dialect types date parameters with
 * `CAST(? AS DATE)`, the values arrive as text, and DuckDB re-binds a statement whose values do not
 * match its parameter types. Folded constants let it push a range into the table scan (zone maps),
 * which a plain `?` does not. Binding DATE values instead would reuse the plan without that
 * pushdown; bench/execution-duckdb-planning.ts found it no better at scale 20 (customer_acquisition_cost
 * 5.17 vs 4.72 ms over 61 runs, load ~8; two shorter runs split), and it loses pruning as tables grow.
 */
const PREPARED_PER_CONNECTION = 64;

class PreparedStatements {
  private readonly bySql = new Map<string, DuckDBPreparedStatement>();

  /** The statement for `sql`, or undefined when it cannot be prepared as one statement. */
  async get(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement | undefined> {
    const known = this.bySql.get(sql);
    if (known) {
      // Re-inserted so the map's order stays least-recently used first.
      this.bySql.delete(sql);
      this.bySql.set(sql, known);
      return known;
    }
    let prepared: DuckDBPreparedStatement;
    try {
      prepared = await connection.prepare(sql);
    } catch {
      return undefined; // several statements, or an error: the plain path reports it as before
    }
    this.bySql.set(sql, prepared);
    if (this.bySql.size > PREPARED_PER_CONNECTION) {
      const [oldestSql, oldest] = this.bySql.entries().next().value as [string, DuckDBPreparedStatement];
      this.bySql.delete(oldestSql);
      oldest.destroySync();
    }
    return prepared;
  }

  /** Forgets a statement that failed: the next run prepares it afresh. */
  drop(sql: string): void {
    const prepared = this.bySql.get(sql);
    if (!prepared) return;
    this.bySql.delete(sql);
    prepared.destroySync();
  }
}

function isInterrupt(error: unknown): boolean {
  return error instanceof Error && /interrupt/i.test(error.message);
}

export class DuckDbConnection implements WarehouseConnection {
  readonly dialectName = 'duckdb';
  /** Idle connections to reuse: DuckDB connections are cheap but not free, and carry `SET schema`. */
  private readonly idle: DuckDBConnection[] = [];
  private readonly prepared = new WeakMap<DuckDBConnection, PreparedStatements>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly options: DuckDbConnectionOptions,
    private readonly ownsInstance: boolean,
  ) {}

  /** Opens (or reuses, within this process) the database and checks it answers. */
  static async open(options: DuckDbConnectionOptions): Promise<DuckDbConnection> {
    const target = `duckdb at ${options.path}`;
    try {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const inMemory = options.path === ':memory:' || options.path === '';
      // A file may be opened only once per process; the cache shares one instance between opens.
      const instance = inMemory ? await DuckDBInstance.create(':memory:') : await DuckDBInstance.fromCache(options.path);
      const connection = new DuckDbConnection(instance, options, inMemory);
      await connection.query('select 1 as ok', []);
      return connection;
    } catch (error) {
      if (error instanceof WarehouseError) throw error;
      throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot open ${target}: ${(error as Error).message}`, error);
    }
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    return this.withConnection(async (connection) => {
      let timedOut = false;
      const timer = options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            connection.interrupt();
          }, options.timeoutMs)
        : undefined;
      try {
        const reader = await this.run(connection, sql, bindings);
        const columns = reader.columnNames();
        const normalisers = reader.columnTypes().map(normaliserFor);
        const rows = reader.getRowsJS().map((values) => {
          const row: Record<string, SqlValue> = {};
          for (let i = 0; i < columns.length; i++) {
            const value = values[i];
            row[columns[i] ?? `column${i}`] = value === null || value === undefined ? null : (normalisers[i] ?? asIs)(value);
          }
          return row;
        });
        return { columns, rows };
      } catch (error) {
        if (timedOut || (options.timeoutMs !== undefined && isInterrupt(error))) {
          throw new WarehouseError('TIMEOUT', `query on duckdb exceeded its ${options.timeoutMs} ms limit`, error);
        }
        throw new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on duckdb: ${(error as Error).message}`, error);
      } finally {
        if (timer) clearTimeout(timer);
      }
    });
  }

  /** Runs one query through the connection's prepared statement for `sql` where there is one. */
  private async run(connection: DuckDBConnection, sql: string, bindings: readonly SqlValue[]): Promise<DuckDBResultReader> {
    let statements = this.prepared.get(connection);
    if (!statements) {
      statements = new PreparedStatements();
      this.prepared.set(connection, statements);
    }
    const prepared = await statements.get(connection, sql);
    if (!prepared) return connection.runAndReadAll(sql, [...bindings]);
    try {
      prepared.clearBindings();
      if (bindings.length > 0) prepared.bind([...bindings]);
      return await prepared.runAndReadAll();
    } catch (error) {
      statements.drop(sql);
      throw error;
    }
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.withConnection(async (connection) => {
      try {
        await connection.run(sql, [...bindings]);
      } catch (error) {
        throw new WarehouseError('WAREHOUSE_QUERY_FAILED', `statement failed on duckdb: ${(error as Error).message}`, error);
      }
    });
  }

  /** Uses DuckDB's appender (the fast bulk path); values are cast to the column types by DuckDB. */
  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const [schema, name] = table.includes('.') ? table.split('.', 2) : [this.options.schema ?? null, table];
    await this.withConnection(async (connection) => {
      try {
        const appender = await connection.createAppender(name ?? table, schema ?? null);
        if (appender.columnCount !== columns.length) {
          appender.closeSync();
          throw new Error(`${table} has ${appender.columnCount} columns, ${columns.length} given (the appender needs them all, in order)`);
        }
        for (const row of rows) {
          for (const value of row) {
            if (value === null) appender.appendNull();
            else if (typeof value === 'string') appender.appendVarchar(value);
            else if (typeof value === 'boolean') appender.appendBoolean(value);
            else if (Number.isInteger(value) && Math.abs(value) <= 2_147_483_647) appender.appendInteger(value);
            else if (Number.isInteger(value)) appender.appendBigInt(BigInt(value));
            else appender.appendDouble(value);
          }
          appender.endRow();
        }
        appender.flushSync();
        appender.closeSync();
      } catch (error) {
        throw new WarehouseError('WAREHOUSE_QUERY_FAILED', `insert into ${table} failed on duckdb: ${(error as Error).message}`, error);
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.disconnectSync();
    // Cached file instances stay open for the process (another open of the same file reuses them).
    if (this.ownsInstance) this.instance.closeSync();
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', 'the duckdb connection is closed');
    let connection = this.idle.pop();
    if (!connection) {
      connection = await this.instance.connect();
      if (this.options.schema) {
        await connection.run(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema.replaceAll('"', '""')}"`);
        await connection.run(`SET schema = '${this.options.schema.replaceAll("'", "''")}'`);
      }
    }
    try {
      return await work(connection);
    } finally {
      if (this.closed) connection.disconnectSync();
      else this.idle.push(connection);
    }
  }
}
