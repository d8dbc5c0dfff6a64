/**
 * Snowflake through snowflake-sdk (Snowflake's official Node driver). Canon's `?` placeholders are
 * Snowflake's own positional bind markers: values travel separately as `binds`.
 * Dates and timestamps are fetched as text in fixed session formats, so rows do not depend on the
 * account's output-format parameters or the client's time zone.
 */
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';

export interface SnowflakeConnectionOptions {
  /** Account identifier, e.g. `myorg-myaccount` (the host becomes `<account>.snowflakecomputing.com`). */
  readonly account: string;
  readonly username: string;
  readonly password: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly role?: string;
  /** Full URL overriding the host derived from `account` (private link, proxies, tests). */
  readonly accessUrl?: string;
  /** Login timeout, ms. Default 20,000. */
  readonly loginTimeoutMs?: number;
  /** Login request retries (the driver retries with backoff for minutes by default). Default 2. */
  readonly loginRetries?: number;
}

type SnowflakeModule = typeof import('snowflake-sdk');
type Connection = ReturnType<SnowflakeModule['createConnection']>;

/** Session formats every row is read in: ISO dates and `YYYY-MM-DDTHH:MM:SS` times. */
const SESSION_FORMATS = [
  "ALTER SESSION SET DATE_OUTPUT_FORMAT = 'YYYY-MM-DD'",
  "ALTER SESSION SET TIMESTAMP_NTZ_OUTPUT_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS'",
  "ALTER SESSION SET TIMESTAMP_LTZ_OUTPUT_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS'",
  "ALTER SESSION SET TIMESTAMP_TZ_OUTPUT_FORMAT = 'YYYY-MM-DD\"T\"HH24:MI:SS'",
];

/** snowflake-sdk error codes (ErrorCodeEnum) and server codes meaning "cannot get in". */
function isUnavailable(error: unknown): boolean {
  const code = Number((error as { code?: unknown }).code);
  // 401xxx: network errors; 390xxx: authentication and login failures (bad password, locked user).
  return (code >= 401000 && code < 402000) || (code >= 390000 && code < 391000);
}

function normalise(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return JSON.stringify(value);
}

export class SnowflakeConnection implements WarehouseConnection {
  readonly dialectName = 'snowflake';

  private constructor(private readonly connection: Connection, private readonly target: string) {}

  static async open(options: SnowflakeConnectionOptions): Promise<SnowflakeConnection> {
    for (const [key, value] of [['account', options.account], ['user', options.username]] as const) {
      if (!value) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `snowflake needs \`${key}\``);
    }
    const target = `snowflake account ${options.account}`;
    // A CommonJS module: under ESM its API is the default export.
    const loaded = await import('snowflake-sdk');
    const snowflake = (loaded as unknown as { default?: SnowflakeModule }).default ?? loaded;
    // The driver logs to the console by default; failures reach the caller as WarehouseError.
    snowflake.configure({ logLevel: 'OFF' });
    const connection = snowflake.createConnection({
      account: options.account,
      username: options.username,
      password: options.password,
      application: 'canon',
      timeout: options.loginTimeoutMs ?? 20_000,
      sfRetryMaxLoginRetries: options.loginRetries ?? 2,
      ...(options.accessUrl ? { accessUrl: options.accessUrl } : {}),
      ...(options.warehouse ? { warehouse: options.warehouse } : {}),
      ...(options.database ? { database: options.database } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.role ? { role: options.role } : {}),
    });
    // The callback form: it reports login failures (connectAsync resolves on some of them).
    await new Promise<void>((resolve, reject) => {
      connection.connect((error) => {
        if (error) reject(new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${target}: ${error.message}`, error));
        else resolve();
      });
    });
    const opened = new SnowflakeConnection(connection, target);
    for (const statement of SESSION_FORMATS) await opened.execute(statement);
    return opened;
  }

  query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    return new Promise((resolve, reject) => {
      this.connection.execute({
        sqlText: sql,
        binds: [...bindings],
        fetchAsString: ['Date'],
        // Per-statement limit in whole seconds, as a statement-level session parameter.
        ...(options.timeoutMs !== undefined
          ? { parameters: { STATEMENT_TIMEOUT_IN_SECONDS: Math.max(1, Math.ceil(options.timeoutMs / 1000)) } }
          : {}),
        complete: (error, statement, rows) => {
          if (error) {
            reject(this.toWarehouseError(error));
            return;
          }
          const columns = statement.getColumns()?.map((c) => c.getName()) ?? [];
          const out = (rows ?? []).map((row: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, normalise(row[c])])));
          resolve({ columns, rows: out });
        },
      });
    });
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.query(sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const quote = (name: string): string => name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
    // An array of rows as `binds` is the driver's bulk insert (it stages large batches itself).
    const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    await new Promise<void>((resolve, reject) => {
      this.connection.execute({
        sqlText: sql,
        binds: rows.map((r) => [...r]),
        complete: (error) => (error ? reject(this.toWarehouseError(error)) : resolve()),
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.connection.destroy(() => resolve()));
  }

  private toWarehouseError(error: unknown): WarehouseError {
    const message = error instanceof Error ? error.message : String(error);
    if (isUnavailable(error)) return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${this.target}: ${message}`, error);
    // Server error 000630: "Statement reached its statement or warehouse timeout".
    if (/\b000630\b|reached its statement or warehouse timeout|timeout/i.test(`${(error as { code?: unknown }).code} ${message}`)) {
      return new WarehouseError('TIMEOUT', `query on ${this.target} exceeded its time limit`, error);
    }
    return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${this.target}: ${message}`, error);
  }
}
