/**
 * MariaDB / MySQL through knex + mysql2. mysql2's typeCast hook sees each column's wire type, so
 * normalisation happens per column, not by guessing from values: tinyint(1) (what BOOLEAN is)
 * becomes boolean, DATETIME becomes `YYYY-MM-DDTHH:MM:SS`, DATE stays `YYYY-MM-DD` text, DECIMAL
 * and BIGINT become numbers.
 */
import type { Knex } from 'knex';
import type { QueryResult, SqlValue, WarehouseConnection } from '../connection.js';
import { checkKnexConnection, insertQuoted, rawExecute, rawQuery, QUIET_KNEX_LOG } from '../knex-connection.js';

export interface MysqlConnectionOptions {
  /** A `mysql://` URL; when given, host/port/user/password/database come from it. */
  readonly url?: string;
  readonly host?: string;
  /** Default 3306. */
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  /** Database for unqualified names. Optional: the sample loader can create and name its own. */
  readonly database?: string;
  /** Pool size. Default 4. */
  readonly poolMax?: number;
}

/** The subset of mysql2's typeCast field we read. */
interface CastField {
  readonly type: string;
  readonly length: number;
  string(): string | null;
}

function typeCast(field: CastField, next: () => unknown): unknown {
  if (field.type === 'TINY' && field.length === 1) {
    const text = field.string();
    return text === null ? null : text !== '0';
  }
  if (field.type === 'DATETIME' || field.type === 'TIMESTAMP') {
    const text = field.string();
    return text === null ? null : text.slice(0, 19).replace(' ', 'T');
  }
  if (field.type === 'DATE' || field.type === 'NEWDATE') return field.string();
  return next();
}

function parseUrl(url: string): { host: string; port: number; user?: string; password?: string; database?: string } {
  const u = new URL(url);
  const database = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(database ? { database: decodeURIComponent(database) } : {}),
  };
}

/**
 * Date spines are recursive CTEs here (one step per period), and MySQL 8 stops recursion at 1,000
 * steps by default: under three years of days. Raise it to cover the longest spine a request can
 * ask for (100 years of days). MariaDB has no such variable (its limit is 2^32 iterations), so
 * the error it answers with is ignored.
 */
function allowLongSpines(connection: { query(sql: string, done: (error: unknown) => void): void }, done: (error: unknown, connection: unknown) => void): void {
  connection.query('SET SESSION cte_max_recursion_depth = 100000', () => done(null, connection));
}

export class MysqlConnection implements WarehouseConnection {
  readonly dialectName = 'mysql';

  private constructor(private readonly knex: Knex, private readonly target: string) {}

  static async open(options: MysqlConnectionOptions): Promise<MysqlConnection> {
    const fromUrl = options.url ? parseUrl(options.url) : {};
    const settings = { host: '127.0.0.1', port: 3306, ...withoutUndefined(options), ...fromUrl };
    const target = `mysql at ${settings.host}:${settings.port}${settings.database ? ` (database ${settings.database})` : ''}`;
    const { default: knexFactory } = await import('knex');
    const knex = knexFactory({
      log: QUIET_KNEX_LOG,
      client: 'mysql2',
      connection: {
        host: settings.host,
        port: settings.port,
        user: settings.user ?? 'root',
        password: settings.password ?? '',
        ...(settings.database ? { database: settings.database } : {}),
        decimalNumbers: true,
        supportBigNumbers: true,
        bigNumberStrings: false,
        dateStrings: true,
        timezone: 'Z',
        connectTimeout: 5000,
        typeCast,
      } as Knex.MySql2ConnectionConfig,
      pool: { min: 0, max: options.poolMax ?? 4, afterCreate: allowLongSpines },
      acquireConnectionTimeout: 10_000,
    });
    await checkKnexConnection(knex, target);
    return new MysqlConnection(knex, target);
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    // knex kills the statement server-side (KILL QUERY) when the limit passes.
    return rawQuery(this.knex, this.target, sql, bindings, options.timeoutMs, (result) => {
      const [rows, fields] = result as [Record<string, SqlValue>[], { name: string }[] | undefined];
      return { columns: (fields ?? []).map((f) => f.name), rows: Array.isArray(rows) ? rows : [] };
    });
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await rawExecute(this.knex, this.target, sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    // mysql2 through knex escapes values client-side, so the limit is packet size, not binds.
    await insertQuoted(this.knex, this.target, '`', table, columns, rows, 20_000);
  }

  async close(): Promise<void> {
    await this.knex.destroy();
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
