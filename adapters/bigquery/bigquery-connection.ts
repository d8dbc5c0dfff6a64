/**
 * BigQuery through @google-cloud/bigquery (Google's official Node client). Canon's `?`
 * placeholders are GoogleSQL positional query parameters: values travel separately as `params`,
 * each with an explicit type (BigQuery cannot infer the type of a NULL parameter).
 * Credentials follow Google's usual chain: `key_file`, else GOOGLE_APPLICATION_CREDENTIALS, else
 * the environment's default service account.
 */
import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../connection.js';
import { checkByFirstQuery, NETWORK_UNAVAILABLE_CODES as UNAVAILABLE_CODES } from '../http-connection.js';

export interface BigQueryConnectionOptions {
  /** Google Cloud project that runs (and pays for) the query jobs. */
  readonly projectId: string;
  /** Dataset for unqualified table names (the catalog's `table:` values). */
  readonly dataset?: string;
  /** Job location, e.g. `US` or `europe-west1`. Default: BigQuery's choice from the dataset. */
  readonly location?: string;
  /** Path to a service-account JSON key. */
  readonly keyFilename?: string;
  /** API endpoint override (emulators, private endpoints). */
  readonly apiEndpoint?: string;
}

type BigQueryModule = typeof import('@google-cloud/bigquery');
type Client = InstanceType<BigQueryModule['BigQuery']>;

/** The GoogleSQL type of one binding. */
function paramType(value: SqlValue): string {
  if (typeof value === 'boolean') return 'BOOL';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  return 'STRING';
}

/** Dates/timestamps come back as wrapper objects with a string `value`; NUMERIC as Big. */
function normalise(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  const wrapped = (value as { value?: unknown }).value;
  if (typeof wrapped === 'string') return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/.test(wrapped) ? wrapped.slice(0, 19).replace(' ', 'T') : wrapped;
  const text = String(value);
  return text !== '' && Number.isFinite(Number(text)) ? Number(text) : JSON.stringify(value);
}

export class BigQueryConnection implements WarehouseConnection {
  readonly dialectName = 'bigquery';

  private constructor(private readonly client: Client, private readonly options: BigQueryConnectionOptions, private readonly target: string) {}

  static async open(options: BigQueryConnectionOptions): Promise<BigQueryConnection> {
    if (!options.projectId) throw new WarehouseError('WAREHOUSE_UNAVAILABLE', 'bigquery needs `project` (the Google Cloud project id that runs the queries)');
    const target = `bigquery project ${options.projectId}`;
    const { BigQuery } = await import('@google-cloud/bigquery');
    const client = new BigQuery({
      projectId: options.projectId,
      ...(options.keyFilename ? { keyFilename: options.keyFilename } : {}),
      ...(options.location ? { location: options.location } : {}),
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    });
    const connection = new BigQueryConnection(client, options, target);
    await checkByFirstQuery(connection);
    return connection;
  }

  async query(sql: string, bindings: readonly SqlValue[], options: { timeoutMs?: number } = {}): Promise<QueryResult> {
    try {
      const [rows] = await this.client.query({
        query: sql,
        params: [...bindings],
        types: bindings.map(paramType),
        useLegacySql: false,
        ...(this.options.location ? { location: this.options.location } : {}),
        ...(this.options.dataset ? { defaultDataset: { projectId: this.options.projectId, datasetId: this.options.dataset } } : {}),
        ...(options.timeoutMs !== undefined ? { jobTimeoutMs: options.timeoutMs } : {}),
      });
      const raw = rows as Record<string, unknown>[];
      // The simple query call returns rows only; their keys are in select order.
      const columns = Object.keys(raw[0] ?? {});
      return { columns, rows: raw.map((row) => Object.fromEntries(columns.map((c) => [c, normalise(row[c])]))) };
    } catch (error) {
      throw this.toWarehouseError(error);
    }
  }

  async execute(sql: string, bindings: readonly SqlValue[] = []): Promise<void> {
    await this.query(sql, bindings);
  }

  async insertRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void> {
    const quote = (name: string): string => name.split('.').map((p) => `\`${p.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``).join('.');
    // DML with parameters (not the streaming API, whose rows stay unmodifiable for a while).
    const perChunk = Math.max(1, Math.floor(10_000 / Math.max(1, columns.length)));
    for (let start = 0; start < rows.length; start += perChunk) {
      const chunk = rows.slice(start, start + perChunk);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      await this.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
    }
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing to release.
  }

  private toWarehouseError(error: unknown): WarehouseError {
    if (error instanceof WarehouseError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    if ((typeof code === 'string' && UNAVAILABLE_CODES.has(code)) || code === 401 || /Could not load the default credentials/i.test(message)) {
      return new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot reach ${this.target}: ${message}`, error);
    }
    if (/timed? ?out|timeout/i.test(message)) return new WarehouseError('TIMEOUT', `query on ${this.target} exceeded its time limit`, error);
    return new WarehouseError('WAREHOUSE_QUERY_FAILED', `query failed on ${this.target}: ${message}`, error);
  }
}
