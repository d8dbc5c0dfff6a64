import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { WarehouseConfig } from '../compiler/catalog/types.js';
import { FULL_ACCESS } from './access/access-scope.js';
import { createAuthenticator } from './access/authenticate.js';
import { memoryCache } from './cache/memory-cache.js';
import { redisCache } from './cache/redis-cache.js';
import type { ResultCache } from './cache/result-cache.js';
import { CatalogStore } from './catalog/catalog-store.js';
import type { ProjectWatcherOptions } from './catalog/project-watcher.js';
import { RequestStates, type CanonContext, type Principal } from './context.js';
import type { CanonEngine } from './engine.js';
import { ChangelogService } from './history/changelog-service.js';
import type { CatalogSnapshot } from './catalog/catalog-snapshot.js';
import type { DirectExecutionOptions } from './http/direct-execution.js';
import { createFrontDoor } from './http/front-door.js';
import { ValidatedDocuments } from './http/validated-documents.js';
import { ResponseBytesMemo } from './http/response-bytes-memo.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { RequestRecorder } from './observability/request-recorder.js';
import { ServerMetrics } from './observability/server-metrics.js';
import { useApiAuth } from './plugins/use-api-auth.js';
import { useCanonArmor, type CanonArmorOptions } from './plugins/use-canon-armor.js';
import { useCatalogSnapshot } from './plugins/use-catalog-snapshot.js';
import { createMaskError, useErrorCodes } from './plugins/use-error-codes.js';
import { useHealth, type WarehouseProbe } from './plugins/use-health.js';
import { useDirectExecution } from './plugins/use-direct-execution.js';
import { usePreParsedParams, type PreParsedParams } from './plugins/use-pre-parsed-params.js';
import { usePrometheus } from './plugins/use-prometheus.js';
import { useQueryLimits } from './plugins/use-query-limits.js';
import { useResponseMemo } from './plugins/use-response-memo.js';
import { MetricQueryService } from './query/metric-query-service.js';
import { buildCatalogSchema } from './schema/build-schema.js';
import { readServerConfig, type ServerConfig } from './server-config.js';
import { WarehousePool } from './warehouse/warehouse-pool.js';

/** The context the factory below builds; `limits` is added by useQueryLimits (see CanonContext). */
type YogaUserContext = Omit<CanonContext, 'limits'>;

export interface CanonServerOptions {
  readonly projectRoot: string;
  readonly engine: CanonEngine;
  /** Default: canon.yaml's `server:`/`cache:` sections and the environment. */
  readonly config?: ServerConfig;
  /** Warehouse to query; default the catalog's default_warehouse. */
  readonly warehouse?: string;
  /** Watch the project and reload on change. Default true; `false` or watcher options. */
  readonly watch?: boolean | ProjectWatcherOptions;
  readonly armor?: CanonArmorOptions;
  /** Build the git changelog in the background at start. Default true; it is built on first use otherwise. */
  readonly changelog?: boolean;
  readonly log?: (message: string) => void;
}

export interface CanonServer {
  readonly yoga: YogaServerInstance<Record<string, unknown>, YogaUserContext>;
  readonly store: CatalogStore;
  readonly metrics: ServerMetrics;
  readonly cache: ResultCache;
  /** Start HTTP on host:port (port 0 = any free port); resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stop HTTP, the watcher, the connections and the cache client. */
  close(): Promise<void>;
}

/**
 * The Canon GraphQL server: catalog store with hot reload, one schema per (catalog version, access
 * scope), and every cross-cutting concern as a plugin. Throws CatalogLoadError when the catalog
 * does not compile at start.
 */
export function createCanonServer(options: CanonServerOptions): CanonServer {
  const log = options.log ?? ((message: string) => process.stderr.write(`canon serve: ${message}\n`));
  const config = options.config ?? readServerConfig(options.projectRoot);
  const metrics = new ServerMetrics();
  const recorder = new RequestRecorder(metrics);
  const states = new RequestStates();
  // One authenticator for the HTTP front door and the auth plugin: a request is checked once, by the same rules.
  const authenticate = createAuthenticator(config.auth, log);
  const preParsed: PreParsedParams = new WeakMap();

  const store = CatalogStore.open({
    projectRoot: options.projectRoot,
    compile: options.engine.compileProject,
    buildSchema: (catalog, scope) => buildCatalogSchema(catalog, scope, options.engine.dialectNames),
    onReload(outcome, snapshot) {
      metrics.reloads.inc({ outcome });
      metrics.catalogErrors.set(snapshot.errors.length);
      if (outcome === 'updated') log(`catalog reloaded: version ${snapshot.loaded.catalog.version.slice(0, 12)}`);
      if (outcome === 'failed') {
        log(`catalog change has ${snapshot.errors.length} error(s); still serving version ${snapshot.loaded.catalog.version.slice(0, 12)}`);
        for (const d of snapshot.errors) {
          const where = d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col}: ` : '';
          log(`  ${where}${d.code}: ${d.message}`);
        }
      }
    },
  });
  if (options.watch !== false) store.watch(typeof options.watch === 'object' ? options.watch : {});

  const cache = config.cache.redisUrl
    ? redisCache({ url: config.cache.redisUrl, onError: rateLimited(log, 'redis cache unavailable; serving without it') })
    : memoryCache({ maxEntries: config.cache.maxEntries });
  const warehouses = new WarehousePool({ engine: options.engine, projectRoot: options.projectRoot, log });
  const queries = new MetricQueryService({
    engine: options.engine,
    warehouses,
    cache,
    cacheTtlMs: config.cache.ttlMs,
    metrics,
    log,
    ...(options.warehouse ? { warehouse: options.warehouse } : {}),
  });

  // The history walk starts now, in the background: the first changelog request awaits it.
  const changelog = new ChangelogService({ projectRoot: options.projectRoot, log });
  if (options.changelog !== false) changelog.warm();

  const probeWarehouse = async (): Promise<WarehouseProbe> => {
    const catalog = store.current.loaded.catalog;
    const name = options.warehouse ?? catalog.project.defaultWarehouse;
    const warehouse: WarehouseConfig | undefined = catalog.project.warehouses[name];
    if (!warehouse) return { name, reachable: false, error: 'not configured' };
    const started = performance.now();
    try {
      const connection = await warehouses.connection(name, warehouse);
      await Promise.race([
        connection.query('select 1 as ok', [], { timeoutMs: 2000 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref()),
      ]);
      return { name, reachable: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      warehouses.discard(name, warehouse);
      return { name, reachable: false, error: error instanceof Error ? error.message.split('\n')[0]! : 'unreachable' };
    }
  };

  // What the resolvers get, on yoga's path and on the front door's direct one alike (`limits`
  // is added by useQueryLimits on yoga's path, from the same settings).
  const resolverContext = (snapshot: CatalogSnapshot, principal: Principal): YogaUserContext => ({ snapshot, principal, queries, changelog, served: [] });
  const documents = new ValidatedDocuments();

  const yoga = createYoga<Record<string, unknown>, YogaUserContext>({
    graphqlEndpoint: '/graphql',
    // Yoga's own empty health check moves aside for the informative /health below.
    healthCheckEndpoint: '/livez',
    landingPage: false,
    graphiql: { title: 'Canon metrics API', defaultQuery: EXAMPLE_QUERY },
    logging: false,
    maskedErrors: { maskError: createMaskError(log, metrics) },
    schema: ({ request }) => {
      const state = states.get(request);
      const snapshot = state?.snapshot ?? store.current;
      return snapshot.loaded.schemaFor(state?.principal?.scope ?? FULL_ACCESS);
    },
    context: ({ request }) => {
      const state = states.get(request);
      return resolverContext(state?.snapshot ?? store.current, state?.principal ?? { id: 'anonymous', scope: FULL_ACCESS });
    },
    plugins: [
      useCatalogSnapshot({ store, states }),
      usePrometheus({ metrics, states, recorder }),
      useHealth({ store, probeWarehouse }),
      useApiAuth({ auth: config.auth, states, log, authenticate }),
      usePreParsedParams(preParsed),
      useQueryLimits(config.limits),
      useCanonArmor(options.armor),
      useErrorCodes({ metrics }),
      useResponseMemo({ states, queries }),
      useDirectExecution({ states, documents }),
    ],
  });

  // Over HTTP, a repeated dashboard query is answered before yoga (see server/http/front-door.ts);
  // `yoga.fetch` (tests, embedding) goes through yoga and its own response memo.
  const direct: DirectExecutionOptions = {
    documents,
    queries,
    contextFor: (snapshot, principal) => ({ ...resolverContext(snapshot, principal), limits: config.limits }),
  };
  const frontDoor = createFrontDoor({ yoga, store, states, authenticate, queries, metrics, recorder, preParsed, memo: new ResponseBytesMemo(), direct, log });

  let http: Server | undefined;
  return {
    yoga,
    store,
    metrics,
    cache,
    listen(port = 4000, host = '127.0.0.1') {
      http = createServer(frontDoor);
      return new Promise((resolve, reject) => {
        http!.once('error', reject);
        http!.listen(port, host, () => {
          const address = http!.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    async close() {
      store.close();
      if (http) {
        const server = http;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold close() open; requests in flight get 2 s to finish.
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        force.unref();
        await closed;
        clearTimeout(force);
      }
      await warehouses.closeAll();
      await cache.close();
    },
  };
}

/** A logger that says a recurring problem once a minute, not once per request. */
function rateLimited(log: (message: string) => void, message: string): (error: unknown) => void {
  let last = 0;
  return (error) => {
    const now = Date.now();
    if (now - last < 60_000) return;
    last = now;
    log(`${message} (${error instanceof Error ? error.message : String(error)})`);
  };
}
