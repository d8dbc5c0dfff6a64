import { WarehouseError, type QueryResult, type SqlValue, type WarehouseConnection } from '../../adapters/connection.js';
import type { Catalog, WarehouseConfig } from '../../compiler/catalog/types.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { InFlight } from '../cache/coalesce.js';
import { resultCacheKey, type ResultCache } from '../cache/result-cache.js';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot.js';
import type { CompiledRequest, ResultColumn } from '../engine.js';
import type { CanonEngine } from '../engine.js';
import { canonError } from '../errors.js';
import type { ServerMetrics } from '../observability/server-metrics.js';
import type { QueryLimits } from '../server-config.js';
import type { WarehousePool } from '../warehouse/warehouse-pool.js';
import type { AccessScope } from '../access/access-scope.js';
import { requestError } from './request-errors.js';
import { requestKey } from './request-key.js';
import { RequestMemo } from './request-memo.js';
import { toMetricRequest, type MetricQueryInput } from './to-metric-request.js';

export interface MetricResultView {
  readonly columns: readonly ResultColumn[];
  readonly rows: QueryResult['rows'];
  readonly rowCount: number;
  readonly sql: string;
  readonly bindings: CompiledRequest['bindings'];
  readonly cached: boolean;
  readonly catalogVersion: string;
  readonly warehouse: string;
  readonly dialect: string;
}

export interface CompiledQueryView {
  readonly sql: string;
  readonly bindings: CompiledRequest['bindings'];
  readonly dialect: string;
  readonly columns: readonly ResultColumn[];
  readonly catalogVersion: string;
}

export interface MetricQueryServiceOptions {
  readonly engine: CanonEngine;
  readonly warehouses: WarehousePool;
  readonly cache: ResultCache;
  readonly cacheTtlMs: number;
  readonly metrics: ServerMetrics;
  /** Warehouse to run on; default the catalog's `default_warehouse`. */
  readonly warehouse?: string;
  readonly log?: (message: string) => void;
  /** Compiled requests remembered per catalog version (LRU). Default 1000. */
  readonly memoEntries?: number;
}

/**
 * A request compiled once: its SQL, bindings and columns, the key of its result in the cache, and
 * the last answer built from a cached result, reused while the cache hands back that same result.
 */
/** The cache entry an answer was built from: the answer holds while the cache returns `raw` for `resultKey`. */
export interface CachedSource {
  readonly resultKey: string;
  readonly raw: QueryResult;
}

interface CompiledPlan {
  readonly resultKey: string;
  /** The view of the last answer; `cached: true`, since it is only ever reused from the cache. */
  last?: { readonly raw: QueryResult; readonly view: MetricResultView };
}

/**
 * compile -> cache -> execute for one request. Results are keyed by (catalog version, warehouse,
 * dialect, SQL, bindings); identical requests in flight run once.
 */
export class MetricQueryService {
  private readonly inFlight = new InFlight<QueryResult>();
  private readonly memo: RequestMemo<CompiledPlan>;
  /** Answers reused from the cache -> the cached result they were built from (see cachedSource). */
  private readonly sources = new WeakMap<MetricResultView, CachedSource>();

  constructor(private readonly options: MetricQueryServiceOptions) {
    this.memo = new RequestMemo(options.memoEntries ?? 1000);
  }

  compile(snapshot: CatalogSnapshot, input: MetricQueryInput, dialect?: string): CompiledQueryView {
    const catalog = snapshot.loaded.catalog;
    const target = dialect ?? this.warehouse(catalog).config.type;
    const compiled = this.compileChecked(catalog, toMetricRequest(catalog, input), target);
    return { sql: compiled.sql, bindings: compiled.bindings, dialect: target, columns: withFormats(catalog, compiled.columns), catalogVersion: catalog.version };
  }

  /**
   * Answer a request. The cached path does no compiling: a request seen before under this catalog
   * version (same scope, warehouse, row cap and normalised input) goes straight to the result cache,
   * and when the cache hands back the very result the last answer was built from, that answer (rows
   * already normalised) is served again as it is.
   */
  async run(snapshot: CatalogSnapshot, input: MetricQueryInput, limits: QueryLimits, scope: AccessScope): Promise<MetricResultView> {
    const catalog = snapshot.loaded.catalog;
    const { name, config } = this.warehouse(catalog);
    const memoKey = requestKey(scope, name, limits.maxRows, input);
    const plan = this.memo.get(catalog.version, memoKey);
    if (plan?.last) {
      const found = this.lookup(plan.resultKey);
      const hit = found instanceof Promise ? await found : found;
      if (hit === plan.last.raw) {
        this.options.metrics.cacheHit.inc();
        return plan.last.view;
      }
      // Expired, evicted or replaced: the full path below reads the cache again and runs the query.
    }
    return this.runCompiling(catalog, input, limits, name, config, memoKey);
  }

  private async runCompiling(
    catalog: Catalog,
    input: MetricQueryInput,
    limits: QueryLimits,
    name: string,
    config: WarehouseConfig,
    memoKey: string,
  ): Promise<MetricResultView> {
    const request = capRows(toMetricRequest(catalog, input), limits.maxRows);
    this.requireDialect(config.type);

    let cached = true;
    let resultKey = '';
    let raw: QueryResult | undefined;
    const execute = async (sql: string, bindings: readonly SqlValue[]): Promise<QueryResult> => {
      const key = resultCacheKey({ catalogVersion: catalog.version, warehouse: name, dialect: config.type, sql, bindings });
      resultKey = key;
      const found = this.lookup(key);
      const hit = found instanceof Promise ? await found : found;
      if (hit) {
        this.options.metrics.cacheHit.inc();
        raw = hit;
        return hit;
      }
      const run = this.inFlight.run(key, () => this.execute(name, config, sql, bindings, limits, key));
      (run.shared ? this.options.metrics.cacheCoalesced : this.options.metrics.cacheMiss).inc();
      cached = run.shared;
      raw = await run.promise;
      return raw;
    };
    const result = await this.options.engine.runRequest(catalog, request, config.type, execute);
    if (result.diagnostics.some((d) => d.severity === 'error')) throw requestError(result.diagnostics);
    if (result.rows.length > limits.maxRows) {
      throw canonError(
        'ROW_LIMIT',
        `The result has more than ${limits.maxRows} rows. Add a limit, a coarser grain or fewer groupBy dimensions.`,
        { maxRows: limits.maxRows },
      );
    }
    const view: MetricResultView = {
      columns: withFormats(catalog, result.columns),
      rows: result.rows,
      rowCount: result.rows.length,
      sql: result.sql,
      bindings: result.bindings,
      cached,
      catalogVersion: catalog.version,
      warehouse: name,
      dialect: config.type,
    };
    // Only a result the cache may hand back again is worth remembering an answer for.
    if (raw && resultKey) {
      const reusable = cached ? view : { ...view, cached: true };
      this.sources.set(reusable, { resultKey, raw });
      this.memo.set(catalog.version, memoKey, { resultKey, last: { raw, view: reusable } });
    }
    return view;
  }

  /** For an answer served from the cache: the cache entry it stands for; undefined for fresh answers. */
  cachedSource(view: MetricResultView): CachedSource | undefined {
    return this.sources.get(view);
  }

  /** Whether every source is still what the cache holds (counted as cache hits when so). */
  async stillCached(sources: readonly CachedSource[]): Promise<boolean> {
    for (const source of sources) {
      const found = this.lookup(source.resultKey);
      if ((found instanceof Promise ? await found : found) !== source.raw) return false;
    }
    for (let i = 0; i < sources.length; i++) this.options.metrics.cacheHit.inc();
    return true;
  }

  private warehouse(catalog: Catalog): { name: string; config: WarehouseConfig } {
    const name = this.options.warehouse ?? catalog.project.defaultWarehouse;
    const config = catalog.project.warehouses[name];
    if (!config) throw canonError('WAREHOUSE_UNAVAILABLE', `The warehouse '${name}' is not configured in canon.yaml.`);
    return { name, config };
  }

  private requireDialect(dialect: string): void {
    if (!this.options.engine.dialectNames.includes(dialect)) {
      throw canonError('INVALID_REQUEST', `No SQL dialect '${dialect}'. Known: ${this.options.engine.dialectNames.join(', ')}.`);
    }
  }

  private compileChecked(catalog: Catalog, request: MetricRequest, dialect: string): CompiledRequest {
    this.requireDialect(dialect);
    const compiled = this.options.engine.compileRequest(catalog, request, dialect);
    if (compiled.diagnostics.some((d) => d.severity === 'error')) throw requestError(compiled.diagnostics);
    return compiled;
  }

  private async execute(
    name: string,
    config: WarehouseConfig,
    sql: string,
    bindings: readonly SqlValue[],
    limits: QueryLimits,
    key: string,
  ): Promise<QueryResult> {
    const started = performance.now();
    let outcome = 'ok';
    try {
      const connection = this.options.warehouses.openConnection(name, config) ?? (await this.options.warehouses.connection(name, config));
      const result = await withTimeout(connection, sql, bindings, limits.timeoutMs);
      // Only results within the cap are kept: an over-limit result is an error every time. Not
      // awaited: the answer does not wait on the store. The memory cache stores it within this
      // call; Redis receives the SET before any later request's GET (commands go out in order).
      if (result.rows.length <= limits.maxRows) this.store(key, result);
      return result;
    } catch (error) {
      outcome = 'error';
      throw this.toApiError(name, config, error);
    } finally {
      this.options.metrics.warehouseDurationOf(name, outcome).observe((performance.now() - started) / 1000);
    }
  }

  /** The cached result for `key`: at once from a store in this process, else through `get`. */
  private lookup(key: string): QueryResult | undefined | Promise<QueryResult | undefined> {
    const cache = this.options.cache;
    return cache.peek ? cache.peek(key) : cache.get(key);
  }

  private store(key: string, result: QueryResult): void {
    // Caches never reject (a cache that is down is a miss); a broken one still must not crash the process.
    this.options.cache.set(key, result, this.options.cacheTtlMs).catch((error: unknown) => this.options.log?.(`cache: ${describe(error)}`));
  }

  /** Warehouse failures become coded errors with safe messages; the raw error goes to the log only. */
  private toApiError(name: string, config: WarehouseConfig, error: unknown): Error {
    // A connection cut mid-query ("Connection terminated unexpectedly") carries no errno, and some
    // adapters report it as a failed query: it is the warehouse being away, so say so.
    const reported = error instanceof WarehouseError ? error.code : 'WAREHOUSE_QUERY_FAILED';
    const code = reported === 'WAREHOUSE_QUERY_FAILED' && looksUnavailable(error) ? 'WAREHOUSE_UNAVAILABLE' : reported;
    this.options.log?.(`warehouse '${name}' ${code}: ${describe(error)}`);
    switch (code) {
      case 'WAREHOUSE_UNAVAILABLE':
        this.options.warehouses.discard(name, config);
        return canonError('WAREHOUSE_UNAVAILABLE', `The warehouse '${name}' is unavailable. Try again shortly.`);
      case 'TIMEOUT':
        return canonError('TIMEOUT', 'The query took longer than the server allows. Narrow the time range or group by less.');
      default:
        return canonError('WAREHOUSE_QUERY_FAILED', `The warehouse '${name}' could not run the query.`);
    }
  }
}

/** A limit one above the cap, so an over-cap result is detected without fetching all of it. */
function capRows(request: MetricRequest, maxRows: number): MetricRequest {
  if (request.limit !== undefined && request.limit <= maxRows) return request;
  return { ...request, limit: maxRows + 1 };
}

/**
 * The query, or TIMEOUT once `timeoutMs` passes even if the warehouse never answers (adapters
 * cancel their own statements too, where the driver can). One promise settled by whichever comes
 * first, rather than a race of two: the same outcome with fewer steps per request.
 */
function withTimeout(connection: WarehouseConnection, sql: string, bindings: readonly SqlValue[], timeoutMs: number): Promise<QueryResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new WarehouseError('TIMEOUT', `query exceeded ${timeoutMs} ms`)), timeoutMs);
    connection.query(sql, bindings, { timeoutMs }).then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P03', 'PROTOCOL_CONNECTION_LOST']);

function looksUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = e instanceof Error ? e.message : '';
    if (/connection terminated|ECONNREFUSED|ECONNRESET|Connection lost|socket hang up|Timeout acquiring a connection|server closed the connection/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A metric column carries the metric's display format (`0.0%`), so clients format values alike. */
function withFormats(catalog: Catalog, columns: readonly ResultColumn[]): readonly ResultColumn[] {
  // The engine hands back one list per compiled shape (range templates): format it once per catalog.
  const known = formattedColumns.get(columns);
  if (known !== undefined && known.catalog === catalog) return known.columns;
  const formatted = columns.map((c) => {
    const format = c.kind === 'metric' ? catalog.metrics[c.name]?.format : undefined;
    return format && !c.format ? { ...c, format } : c;
  });
  formattedColumns.set(columns, { catalog, columns: formatted });
  return formatted;
}

const formattedColumns = new WeakMap<readonly ResultColumn[], { readonly catalog: Catalog; readonly columns: readonly ResultColumn[] }>();
