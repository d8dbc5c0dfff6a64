/**
 * Trino through trino-client (the Trino project's Node client, HTTP protocol). The client has no
 * parameter API: Trino binds parameters only through `EXECUTE ... USING`, whose values are SQL
 * literals. So the statement keeps its `?` placeholders and runs as
 * `EXECUTE IMMEDIATE '<sql>' USING <literal>, ...` (Trino 418+): the SQL text is one quoted
 * string and each value one typed literal, escaped here and nowhere else.
 */
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';
import { checkByFirstQuery, NETWORK_UNAVAILABLE_CODES as UNAVAILABLE_CODES } from '../http-connection.js';

export interface TrinoConnectionOptions {
  /** Coordinator URL, e.g. `https://trino.example.com:443` or `http://127.0.0.1:8080`. */
  readonly server: string;
  readonly catalog?: string;
  readonly schema?: string;
  /** Trino user (X-Trino-User). */
  readonly user: string;
  /** With a password, basic authentication (Trino requires HTTPS for it). */
  readonly password?: string;
}

type TrinoModule = typeof import('trino-client');
type Client = ReturnType<TrinoModule['Trino']['create']>;

interface TrinoQueryError {
  readonly message: string;
  readonly errorName: string;
  readonly errorType: string;
}

/** Trino error names meaning the statement ran out of time. */
const TIMEOUT_NAMES = new Set(['EXCEEDED_TIME_LIMIT', 'EXCEEDED_CPU_LIMIT']);
/** One binding as a Trino literal. */
export function trinoLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WarehouseError('WAREHOUSE_QUERY_FAILED', `cannot bind ${value} on trino`);
    // Integers as BIGINT; other numbers as DOUBLE (a bare 1.5 would be a DECIMAL literal).
    return Number.isInteger(value) ? String(value) : `DOUBLE '${String(value)}'`;
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The statement as Trino runs it: `?` placeholders bound through EXECUTE IMMEDIATE ... USING. */
export function trinoStatement(sql: string, bindings: readonly SqlValue[]): string {
  if (bindings.length === 0) return sql;
  return `EXECUTE IMMEDIATE ${trinoLiteral(sql)} USING ${bindings.map(trinoLiteral).join(', ')}`;
}

function normalise(value: unknown, type: string): SqlValue {
  if (value === null || value === undefined) return null;
  if (/^timestamp/.test(type) && typeof value === 'string') return value.slice(0, 19).replace(' ', 'T');
  if (/^(decimal|bigint|real|double)/.test(type) && typeof value === 'string') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

export class TrinoConnection implements WarehouseConnection {
  readonly dialectName = 'trino';

  private constructor(private readonly client: Client, private readonly target: string) {}

  static async open(options: TrinoConnectionOptions): Promise<TrinoConnection> {
    if (!options.server) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', 'trino needs a server URL (setting `server`)');
    if (!options.user) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', 'trino needs a user (setting `user`)');
    let url: URL;
    try {
      url = new URL(options.server);
    } catch {
      throw new WarehouseError('WAREHOUSE_UNAVAILABLE', `trino server '${options.server}' is not a URL (e.g. https://trino.example.com:443)`);
    }
    const target = `trino at ${url.host}`;
    const { Trino, BasicAuth } = await import('trino-client');
    const client = Trino.create({
      server: options.server,
      source: 'canon',
      auth: new BasicAuth(options.user, options.password),
      ...(options.catalog ? { catalog: options.catalog } : {}),
      ...(options.schema ? { schema: options.schema } : {}),
    });
    const connection = new TrinoConnection(client, target);
    await checkByFirstQuery(connection);
    return connection;
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    const session: Record<string, string> = {};
    if (options.timeoutMs !== undefined) session['query_max_execution_time'] = `${Math.max(1, Math.ceil(options.timeoutMs))}ms`;
    let columns: { name: string; type: string }[] = [];
    const data: unknown[][] = [];
    try {
      const results = await this.client.query({ query: trinoStatement(sql, bindings), session });
      for await (const page of results) {
        if (page.error) throw this.failure(page.error);
        if (page.columns) columns = page.columns;
        if (page.data) data.push(...(page.data as unknown[][]));
      }
    } catch (error) {
      throw this.toWarehouseError(error);
    }
    const rows = data.map((row) => {
      const out: Record<string, SqlValue> = {};
      columns.forEach((c, i) => (out[c.name] = normalise(row[i], c.type)));
      return out;
    });
    return { columns: columns.map((c) => c.name), rows };
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.query(sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const quote = (name: string): string => name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
    // EXECUTE IMMEDIATE carries every value as a literal; keep statements well under Trino's query-length limit.
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      const sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`;
      await this.query(sql, chunk.flat());
    }
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing to release.
  }

  private failure(error: TrinoQueryError): WarehouseError {
    if (TIMEOUT_NAMES.has(error.errorName)) return new WarehouseError('TIMEOUT', `query on ${this.target} exceeded its time limit`, error);
    return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${this.target}: ${error.message}`, error);
  }

  private toWarehouseError(error: unknown): WarehouseError {
    if (error instanceof WarehouseError) return error;
    const code = (error as { code?: unknown }).code;
    const status = (error as { response?: { status?: unknown } }).response?.status;
    const message = error instanceof Error ? error.message : String(error);
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || status === 401 || status === 403 || status === 503) {
      return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${this.target}: ${message}`, error);
    }
    return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${this.target}: ${message}`, error);
  }
}
