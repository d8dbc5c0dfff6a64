/**
 * GraphQL server benchmark: autocannon with 50 concurrent clients against the loopback server, a
 * mixed dashboard workload, cached and uncached, next to the same SQL run directly on the
 * connection with the same concurrency. Figures, not pass/fail.
 *
 *   npx tsx bench/server.ts [--duration 10] [--connections 50] [--scale 1] [--cached-only] [--load-in-process]
 *
 * autocannon runs in a child Node process by default, so the figure measures the server rather
 * than the server and the load generator sharing one event loop. --load-in-process runs it in
 * the server's own thread instead (the old setup, for comparison).
 *
 * --cached-only measures the cached workload alone (for profiling the server's own overhead:
 * `node --cpu-prof --import tsx bench/server.ts --cached-only --scale 0.05`).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCanonServer } from '../server/create-server.js';
import { loadEngine } from '../server/engine.js';
import { serverConfigFrom } from '../server/server-config.js';
import { runLoad, runLoadInChild, workloadRequest, type LoadOptions, type LoadResult } from './server-load.js';

const { values } = parseArgs({
  options: { duration: { type: 'string' }, connections: { type: 'string' }, scale: { type: 'string' }, 'cached-only': { type: 'boolean' }, 'load-in-process': { type: 'boolean' } },
});
const durationSec = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 50);
const scale = Number(values.scale ?? 1);
const loadInProcess = values['load-in-process'] === true;
const load = (options: LoadOptions): Promise<LoadResult> => (loadInProcess ? runLoad(options) : runLoadInChild(options));
const loadWhere = loadInProcess
  ? 'load generator: autocannon in the server\'s own process and thread (shares its event loop)'
  : 'load generator: autocannon in a separate child Node process; the server has this process to itself';

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'canon-bench-server-'));
cpSync(join(repo, 'metrics'), join(root, 'metrics'), { recursive: true });
cpSync(join(repo, 'canon.yaml'), join(root, 'canon.yaml'));

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const memory = (): { rss: number; heap: number } => {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
};

try {
  const engine = await loadEngine();
  const catalog = engine.compileProject(root).catalog!;
  const warehouse = catalog.project.warehouses[catalog.project.defaultWarehouse]!;
  const direct = await engine.openConnection(warehouse, root);
  process.stdout.write(`loading the sample warehouse (scale ${scale})...\n`);
  await engine.loadSample(direct, { scale });

  const server = createCanonServer({ projectRoot: root, engine, config: serverConfigFrom({}, {}), watch: false, log: () => {} });
  const url = await server.listen(0, '127.0.0.1');
  global.gc?.();
  const before = memory();

  // Warm the cache with each cached shape once, then measure.
  await load({ url, mode: 'cached', connections: 1, durationSec: 5, maxRequests: 8 });
  const cached = await load({ url, mode: 'cached', connections, durationSec });
  if (values['cached-only']) {
    process.stdout.write(`${loadWhere}\ncached: ${cached.requests} requests, ${cached.reqPerSec.toFixed(0)} req/s, p50 ${cached.p50Ms.toFixed(1)} ms, p99 ${cached.p99Ms.toFixed(1)} ms, errors ${cached.errors + cached.non2xx}\n`);
  } else {
  const uncached = await load({ url, mode: 'uncached', connections, durationSec });
  const after = memory();
  const graphqlErrors = ((await server.metrics.registry.getSingleMetric('canon_graphql_errors_total')?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);

  // Baseline: the uncached workload's SQL straight on the connection, same concurrency and count.
  const count = Math.max(uncached.requests, 1);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + durationSec * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++;
        const compiled = engine.compileRequest(catalog, workloadRequest(i, 'uncached'), warehouse.type);
        const t = performance.now();
        await direct.query(compiled.sql, compiled.bindings);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  const baseline: LoadResult = { requests: latencies.length, reqPerSec: latencies.length / elapsed, p50Ms: pct(50), p99Ms: pct(99), errors: 0, non2xx: 0 };

  const row = (name: string, r: LoadResult): string =>
    `${name.padEnd(26)} ${String(r.requests).padStart(8)} ${r.reqPerSec.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors + r.non2xx).padStart(7)}`;
  process.stdout.write(
    `\n${connections} clients, ${durationSec} s per run, sample scale ${scale}, loopback\n${loadWhere}\n` +
      `direct SQL baseline: the bench process itself, no HTTP, same concurrency\n\n` +
      `${'run'.padEnd(26)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}\n` +
      `${row('GraphQL, cached', cached)}\n${row('GraphQL, uncached', uncached)}\n${row('direct SQL (baseline)', baseline)}\n\n` +
      `uncached overhead over direct SQL: ${(baseline.reqPerSec / Math.max(uncached.reqPerSec, 1e-9)).toFixed(2)}x throughput, ` +
      `+${(uncached.p50Ms - baseline.p50Ms).toFixed(1)} ms at p50\n` +
      `cached vs direct SQL: ${(cached.reqPerSec / Math.max(baseline.reqPerSec, 1e-9)).toFixed(2)}x throughput\n` +
      `GraphQL errors in responses: ${graphqlErrors}\n` +
      `server process memory: rss ${mb(before.rss)} -> ${mb(after.rss)}, heap ${mb(before.heap)} -> ${mb(after.heap)}\n`,
  );
  }
  await server.close();
  await direct.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
