/**
 * PostgreSQL through knex + pg. Type parsers are set per connection (not on pg's global registry,
 * which other code in the process may rely on): bigint and numeric become numbers, dates stay
 * `YYYY-MM-DD`, timestamps become `YYYY-MM-DDTHH:MM:SS`.
 */
import type { Knex } from 'knex';
import type { QueryResult, SqlValue, WarehouseConnection } from '../connection.js';
import { checkKnexConnection, insertQuoted, rawExecute, rawQuery, QUIET_KNEX_LOG } from '../knex-connection.js';

export interface PostgresConnectionOptions {
  /** A `postgres://` URL; when given, host/port/user/password/database come from it. */
  readonly url?: string;
  readonly host?: string;
  /** Default 5432. */
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  /** Schema for unqualified names (search_path). Default: the server's (`public`). */
  readonly schema?: string;
  /** Server-side statement_timeout applied to every statement, in ms. Default: none. */
  readonly statementTimeoutMs?: number;
  /** Pool size. Default 4. */
  readonly poolMax?: number;
}

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const;

type TextParser = (value: string) => unknown;

function describe(options: PostgresConnectionOptions): string {
  if (options.url) {
    try {
      const u = new URL(options.url);
      return `postgres at ${u.hostname}:${u.port || 5432}${u.pathname !== '/' ? ` (database ${u.pathname.slice(1)})` : ''}`;
    } catch {
      return 'postgres (unparseable url)';
    }
  }
  return `postgres at ${options.host ?? '127.0.0.1'}:${options.port ?? 5432}${options.database ? ` (database ${options.database})` : ''}`;
}

export class PostgresConnection implements WarehouseConnection {
  readonly dialectName = 'postgres';

  private constructor(private readonly knex: Knex, private readonly target: string) {}

  static async open(options: PostgresConnectionOptions): Promise<PostgresConnection> {
    const target = describe(options);
    const [{ default: knexFactory }, { default: pg }] = await Promise.all([import('knex'), import('pg')]);
    const builtin = (oid: number): TextParser => pg.types.getTypeParser(oid, 'text') as TextParser;
    const parsers: Readonly<Record<number, TextParser>> = {
      [OID.INT8]: Number,
      [OID.NUMERIC]: Number,
      [OID.DATE]: (v) => v,
      [OID.TIMESTAMP]: (v) => v.slice(0, 19).replace(' ', 'T'),
      [OID.TIMESTAMPTZ]: (v) => new Date(v).toISOString().slice(0, 19),
    };
    const types = {
      getTypeParser: (oid: number, format?: string) =>
        format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : parsers[oid] ?? builtin(oid),
    };
    const base = options.url
      ? { connectionString: options.url }
      : { host: options.host ?? '127.0.0.1', port: options.port ?? 5432, user: options.user, password: options.password, database: options.database };
    const knex = knexFactory({
      log: QUIET_KNEX_LOG,
      client: 'pg',
      connection: {
        ...base,
        types,
        connectionTimeoutMillis: 5000,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      } as Knex.PgConnectionConfig,
      ...(options.schema ? { searchPath: [options.schema] } : {}),
      pool: { min: 0, max: options.poolMax ?? 4 },
      acquireConnectionTimeout: 10_000,
    });
    await checkKnexConnection(knex, target);
    return new PostgresConnection(knex, target);
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    return rawQuery(this.knex, this.target, sql, bindings, options.timeoutMs, (raw) => {
      const result = raw as { rows: Record<string, SqlValue>[]; fields: { name: string }[] };
      return { columns: result.fields.map((f) => f.name), rows: result.rows };
    });
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await rawExecute(this.knex, this.target, sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    await insertQuoted(this.knex, this.target, '"', table, columns, rows, 60_000);
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}
