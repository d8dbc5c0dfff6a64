/**
 * Databricks SQL warehouses through @databricks/sql (Databricks' official Node driver). Canon's
 * `?` placeholders are Databricks' own positional parameter markers; the values travel separately
 * as `ordinalParameters` (native parameterised execution, no SQL-side escaping).
 */
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';
import { NETWORK_UNAVAILABLE_CODES as UNAVAILABLE_CODES } from '../http-connection.js';

export interface DatabricksConnectionOptions {
  /** Workspace host name, e.g. `dbc-1234.cloud.databricks.com` (no scheme). */
  readonly host: string;
  /** The SQL warehouse's HTTP path, e.g. `/sql/1.0/warehouses/abc123`. */
  readonly httpPath: string;
  /** Personal access token (or service principal token). */
  readonly token: string;
  /** Default 443. */
  readonly port?: number;
  /** Unity Catalog catalog / schema for unqualified table names. */
  readonly catalog?: string;
  readonly schema?: string;
  /** Socket timeout, ms. Default 60,000. */
  readonly socketTimeoutMs?: number;
}

type DbModule = typeof import('@databricks/sql');
type Client = InstanceType<DbModule['DBSQLClient']>;
type Session = Awaited<ReturnType<Client['openSession']>>;

function codeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function normalise(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 19);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Int64 and decimals arrive as objects with a numeric string form.
  const text = String(value);
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : JSON.stringify(value);
}

export class DatabricksConnection implements WarehouseConnection {
  readonly dialectName = 'databricks';

  private constructor(private readonly client: Client, private readonly session: Session, private readonly target: string) {}

  static async open(options: DatabricksConnectionOptions): Promise<DatabricksConnection> {
    for (const [key, value] of [['host', options.host], ['http_path', options.httpPath], ['token', options.token]] as const) {
      if (!value) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `databricks needs \`${key}\``);
    }
    const target = `databricks at ${options.host}${options.port ? `:${options.port}` : ''}`;
    const { DBSQLClient } = await import('@databricks/sql');
    // The driver logs every step to the console by default; failures reach the caller as WarehouseError.
    const client = new DBSQLClient({ logger: { log: () => undefined } });
    try {
      await client.connect({
        host: options.host,
        path: options.httpPath,
        token: options.token,
        socketTimeout: options.socketTimeoutMs ?? 60_000,
        ...(options.port ? { port: options.port } : {}),
      });
      const session = await client.openSession({
        ...(options.catalog ? { initialCatalog: options.catalog } : {}),
        ...(options.schema ? { initialSchema: options.schema } : {}),
      });
      return new DatabricksConnection(client, session, target);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${target}: ${error instanceof Error ? error.message : String(error)}`, error);
    }
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    try {
      const operation = await this.session.executeStatement(sql, {
        ordinalParameters: [...bindings],
        // The server-side limit is in whole seconds.
        ...(options.timeoutMs !== undefined ? { queryTimeout: Math.max(1, Math.ceil(options.timeoutMs / 1000)) } : {}),
      });
      try {
        const raw = (await operation.fetchAll()) as Record<string, unknown>[];
        const schema = await operation.getSchema();
        const columns = schema?.columns.map((c) => c.columnName) ?? Object.keys(raw[0] ?? {});
        const rows = raw.map((row) => Object.fromEntries(columns.map((c) => [c, normalise(row[c])])));
        return { columns, rows };
      } finally {
        await operation.close().catch(() => undefined);
      }
    } catch (error) {
      throw this.toWarehouseError(error);
    }
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.query(sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const quote = (name: string): string => name.split('.').map((p) => `\`${p.replace(/`/g, '``')}\``).join('.');
    // Parameter markers per statement are limited; 256 values per statement stays well inside.
    const perChunk = Math.max(1, Math.floor(256 / Math.max(1, columns.length)));
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      await this.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
    }
  }

  async close(): Promise<void> {
    await this.session.close().catch(() => undefined);
    await this.client.close();
  }

  private toWarehouseError(error: unknown): WarehouseError {
    if (error instanceof WarehouseError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = codeOf(error);
    if (code !== undefined && UNAVAILABLE_CODES.has(code)) return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${this.target}: ${message}`, error);
    if (/timed? ?out|TIMEOUT/i.test(message)) return new WarehouseError('TIMEOUT', `query on ${this.target} exceeded its time limit`, error);
    return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${this.target}: ${message}`, error);
  }
}
