/**
 * The server's own cost per cached request, without sockets or a load generator sharing the
 * thread: `yoga.fetch` in a loop over the cached workload. For profiling the request path:
 *
 *   npx tsx bench/server-inprocess.ts [--requests 20000] [--uncached 500]
 *
 * With --uncached N it also times N uncached requests one at a time next to the same SQL run
 * directly on a connection (compiled outside the timing, with the server's row cap), and prints the
 * server's overhead at p50. The pair's order alternates (DuckDB runs a statement faster the second
 * time in a row). Over HTTP, repeated dashboard queries are answered by the front door before yoga
 * (server/http/): `bench/server.ts` measures that path.
 *   node --cpu-prof --import tsx bench/server-inprocess.ts
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// As `canon serve` does (cli/main.ts), before graphql is first imported.
process.env['NODE_ENV'] ??= 'production';
const { createCanonServer } = await import('../server/create-server.js');
const { loadEngine } = await import('../server/engine.js');
const { serverConfigFrom } = await import('../server/server-config.js');
const { workloadBody, workloadRequest } = await import('./server-load.js');

const { values } = parseArgs({ options: { requests: { type: 'string' }, uncached: { type: 'string' } } });
const total = Number(values.requests ?? 20_000);
const uncachedCount = Number(values.uncached ?? 0);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.floor((p / 100) * (sorted.length - 1))]!;
}

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'canon-bench-inprocess-'));
cpSync(join(repo, 'metrics'), join(root, 'metrics'), { recursive: true });
cpSync(join(repo, 'canon.yaml'), join(root, 'canon.yaml'));

try {
  const engine = await loadEngine();
  const catalog = engine.compileProject(root).catalog!;
  const direct = await engine.openConnection(catalog.project.warehouses[catalog.project.defaultWarehouse]!, root);
  await engine.loadSample(direct, { scale: 0.02 });
  const server = createCanonServer({ projectRoot: root, engine, config: serverConfigFrom({}, {}), watch: false, log: () => {} });
  const ask = async (i: number, mode: 'cached' | 'one-at-a-time' = 'cached'): Promise<void> => {
    const response = await server.yoga.fetch('http://canon/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: workloadBody(i, mode),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(text);
  };
  for (let i = 0; i < 2000; i++) await ask(i); // warm the cache and the JIT
  const latencies: number[] = [];
  const load1 = (): string => loadavg()[0]!.toFixed(1);
  const loadBefore = load1();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const t = performance.now();
    await ask(i);
    latencies.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (percentile(latencies, p) * 1000).toFixed(0);
  process.stdout.write(`${total} cached requests in-process, one at a time: ${((elapsed / total) * 1000).toFixed(0)} µs mean, p50 ${pct(50)} µs, p99 ${pct(99)} µs (${(total / (elapsed / 1000)).toFixed(0)} req/s), CPU ${((cpu.user + cpu.system) / total).toFixed(0)} µs/request, load average ${loadBefore} -> ${load1()}\n`);
  if (uncachedCount > 0) {
    // Offsets far from the cached run's, so every request is a miss.
    const graphql: number[] = [];
    const sql: number[] = [];
    const rowCap = serverConfigFrom({}, {}).limits.maxRows + 1;
    const loadBeforeUncached = load1();
    for (let i = 0; i < uncachedCount; i++) {
      const n = 8 * 350 + i;
      const compiled = engine.compileRequest(catalog, { ...workloadRequest(n, 'one-at-a-time'), limit: rowCap }, 'duckdb');
      const viaGraphql = async (): Promise<void> => {
        const t = performance.now();
        await ask(n, 'one-at-a-time');
        graphql.push(performance.now() - t);
      };
      const viaSql = async (): Promise<void> => {
        const t = performance.now();
        await direct.query(compiled.sql, compiled.bindings);
        sql.push(performance.now() - t);
      };
      if (i % 2 === 0) {
        await viaGraphql();
        await viaSql();
      } else {
        await viaSql();
        await viaGraphql();
      }
    }
    graphql.sort((a, b) => a - b);
    sql.sort((a, b) => a - b);
    process.stdout.write(
      `${uncachedCount} uncached requests one at a time: GraphQL p50 ${percentile(graphql, 50).toFixed(2)} ms, the same SQL direct p50 ${percentile(sql, 50).toFixed(2)} ms, ` +
        `server overhead at p50 ${(percentile(graphql, 50) - percentile(sql, 50)).toFixed(2)} ms, load average ${loadBeforeUncached} -> ${load1()}\n`,
    );
  }
  await server.close();
  await direct.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
