/**
 * GraphQL server benchmark: autocannon with 50 concurrent clients against the loopback server, a
 * mixed dashboard workload, cached and uncached, next to the same SQL run directly on the
 * connection with the same concurrency; then uncached requests one at a time over HTTP, each next
 * to the same SQL run directly, for the server's own overhead. Figures, not pass/fail.
 *
 *   npx tsx bench/server.ts [--duration 10] [--connections 50] [--scale 1] [--one-at-a-time 300] [--warm-up 2000] [--cached-only] [--load-in-process]
 *
 * autocannon runs in a child Node process by default, so the figure measures the server rather
 * than the server and the load generator sharing one event loop. --load-in-process runs it in
 * the server's own thread instead (the old setup, for comparison).
 *
 * --cached-only measures the cached workload alone (for profiling the server's own overhead:
 * `node --cpu-prof --import tsx bench/server.ts --cached-only --scale 0.05`).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// As `canon serve` does (cli/main.ts): graphql-js skips its multi-realm instanceOf check. Set before
// graphql is first imported, hence the dynamic imports below.
process.env['NODE_ENV'] ??= 'production';
const { createCanonServer } = await import('../server/create-server.js');
const { loadEngine } = await import('../server/engine.js');
const { serverConfigFrom } = await import('../server/server-config.js');
const { LeanHttpClient } = await import('./server-lean-client.js');
const { postOnce, runLoad, runLoadInChild, workloadBody, workloadRequest } = await import('./server-load.js');
type LoadOptions = import('./server-load.js').LoadOptions;
type LoadResult = import('./server-load.js').LoadResult;

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string' },
    scale: { type: 'string' },
    'one-at-a-time': { type: 'string' },
    'cached-only': { type: 'boolean' },
    'load-in-process': { type: 'boolean' },
    'overhead-only': { type: 'boolean' },
    'node-client': { type: 'boolean' },
    'warm-up': { type: 'string' },
  },
});
const durationSec = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 50);
const scale = Number(values.scale ?? 1);
const oneAtATime = Number(values['one-at-a-time'] ?? 300);
// Uncached requests (each followed by a memo hit) served one at a time before the timed ones: the
// overhead of a server that has been up a while, with its request path compiled by V8, not of one
// just started. `--warm-up 0` measures the latter.
const warmUp = Number(values['warm-up'] ?? 2000);
const loadInProcess = values['load-in-process'] === true;
// Only the one-at-a-time section (no load runs): for profiling an uncached request end to end.
const overheadOnly = values['overhead-only'] === true;
// The one-at-a-time client: a lean HTTP/1.1 client by default (see bench/server-lean-client.ts), Node's http.request with this flag.
const nodeClient = values['node-client'] === true;
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
const load1 = (): string => loadavg()[0]!.toFixed(1);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** A load run with the server process's CPU time (user + system, all its threads) and the load average around it. */
async function measured(options: LoadOptions): Promise<LoadResult & { cpuUsPerRequest: number; loadBefore: string; loadAfter: string }> {
  const loadBefore = load1();
  const cpu = cpuMs();
  const result = await load(options);
  return { ...result, cpuUsPerRequest: ((cpuMs() - cpu) * 1000) / Math.max(result.requests, 1), loadBefore, loadAfter: load1() };
}

try {
  const engine = await loadEngine();
  const catalog = engine.compileProject(root).catalog!;
  const warehouse = catalog.project.warehouses[catalog.project.defaultWarehouse]!;
  const direct = await engine.openConnection(warehouse, root);
  process.stdout.write(`loading the sample warehouse (scale ${scale})...\n`);
  await engine.loadSample(direct, { scale });

  const config = serverConfigFrom({}, {});
  // The server asks for one row more than its cap (to detect ROW_LIMIT): the direct runs do too, so both run the same SQL.
  const rowCap = config.limits.maxRows + 1;
  const server = createCanonServer({ projectRoot: root, engine, config, watch: false, log: () => {} });
  const url = await server.listen(0, '127.0.0.1');
  global.gc?.();
  const before = memory();

  // Warm the cache with each cached shape twice (the second answer is the one the memo keeps), then measure.
  await load({ url, mode: 'cached', connections: 1, durationSec: 5, maxRequests: 16 });
  const skipped = { requests: 0, reqPerSec: 0, p50Ms: 0, p99Ms: 0, errors: 0, non2xx: 0, cpuUsPerRequest: 0, loadBefore: '-', loadAfter: '-' };
  const cached = overheadOnly ? skipped : await measured({ url, mode: 'cached', connections, durationSec });
  const cachedLine =
    `cached: ${cached.requests} requests, ${cached.reqPerSec.toFixed(0)} req/s, p50 ${cached.p50Ms.toFixed(1)} ms, p99 ${cached.p99Ms.toFixed(1)} ms, ` +
    `errors ${cached.errors + cached.non2xx}, server CPU ${cached.cpuUsPerRequest.toFixed(0)} µs/request, load average ${cached.loadBefore} -> ${cached.loadAfter}\n`;
  if (values['cached-only']) {
    process.stdout.write(`${loadWhere}\n${cachedLine}`);
  } else {
    const uncached = overheadOnly ? skipped : await measured({ url, mode: 'uncached', connections, durationSec });

    // Baseline: the uncached workload's SQL straight on the connection, same concurrency and count.
    const count = overheadOnly ? 0 : Math.max(uncached.requests, 1);
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const deadline = started + durationSec * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < count && performance.now() < deadline) {
          const i = next++;
          const compiled = engine.compileRequest(catalog, { ...workloadRequest(i, 'uncached'), limit: rowCap }, warehouse.type);
          const t = performance.now();
          await direct.query(compiled.sql, compiled.bindings);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const baseline: LoadResult = {
      requests: latencies.length,
      reqPerSec: latencies.length / elapsed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      errors: 0,
      non2xx: 0,
    };

    // One at a time: each uncached request over HTTP paired with the same SQL (compiled outside the
    // timing) run directly, so both see the same machine load. No queueing on the warehouse: the
    // difference is what the server adds (HTTP, GraphQL, compiling, the cache, row shaping). The
    // pair's order alternates: DuckDB runs a statement faster the second time in a row, and the
    // first of each pair would otherwise always pay for it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const lean = LeanHttpClient.forUrl(url);
    const post = (body: string): Promise<{ status: number; text: string }> => (nodeClient ? postOnce(url, body, agent) : lean.post('/graphql', body));
    const graphql: number[] = [];
    const sql: number[] = [];
    // Per pair: GraphQL minus direct SQL (the pair shares the machine's state of the moment).
    const pairDiff: number[] = [];
    const roundTrip: number[] = [];
    const nodeRoundTrip: number[] = [];
    // Process CPU time (all threads: the server, the client in this process, DuckDB's workers) per call.
    const graphqlCpu: number[] = [];
    const sqlCpu: number[] = [];
    const pairDiffCpu: number[] = [];
    const roundTripCpu: number[] = [];
    const cachedBody = workloadBody(0, 'cached');
    for (let k = 0; oneAtATime > 0 && k < warmUp; k++) {
      const answer = await post(workloadBody(k, 'warm-up'));
      if (answer.status !== 200 || answer.text.includes('"errors"')) throw new Error(`unexpected answer while warming up: ${answer.text.slice(0, 300)}`);
      await post(cachedBody);
    }
    const oneLoadBefore = load1();
    const oneCpuBefore = cpuMs();
    for (let i = oneAtATime > 0 ? -16 : 0; i < oneAtATime; i++) {
      const n = 8 * 50 + i; // i < 0: warm-up, not counted
      const compiled = engine.compileRequest(catalog, { ...workloadRequest(n, 'one-at-a-time'), limit: rowCap }, warehouse.type);
      let graphqlCpuMs = 0;
      let sqlCpuMs = 0;
      const viaGraphql = async (): Promise<number> => {
        const t = performance.now();
        const c = cpuMs();
        const answer = await post(workloadBody(n, 'one-at-a-time'));
        const ms = performance.now() - t;
        graphqlCpuMs = cpuMs() - c;
        if (answer.status !== 200 || answer.text.includes('"errors"') || answer.text.includes('"cached":true')) throw new Error(`unexpected answer: ${answer.text.slice(0, 300)}`);
        return ms;
      };
      const viaSql = async (): Promise<number> => {
        const t = performance.now();
        const c = cpuMs();
        await direct.query(compiled.sql, compiled.bindings);
        sqlCpuMs = cpuMs() - c;
        return performance.now() - t;
      };
      let graphqlMs: number;
      let sqlMs: number;
      if (i % 2 === 0) {
        graphqlMs = await viaGraphql();
        sqlMs = await viaSql();
      } else {
        sqlMs = await viaSql();
        graphqlMs = await viaGraphql();
      }
      // The HTTP round trip alone, client included: a request the front door answers from its
      // memo, with the client timed above and with Node's http client.
      let t = performance.now();
      const c = cpuMs();
      await post(cachedBody);
      const roundTripMs = performance.now() - t;
      const roundTripCpuMs = cpuMs() - c;
      t = performance.now();
      await postOnce(url, cachedBody, agent);
      if (i >= 0) {
        graphql.push(graphqlMs);
        sql.push(sqlMs);
        pairDiff.push(graphqlMs - sqlMs);
        graphqlCpu.push(graphqlCpuMs);
        sqlCpu.push(sqlCpuMs);
        pairDiffCpu.push(graphqlCpuMs - sqlCpuMs);
        roundTrip.push(roundTripMs);
        roundTripCpu.push(roundTripCpuMs);
        nodeRoundTrip.push(performance.now() - t);
      }
    }
    const oneCpuPerPair = (cpuMs() - oneCpuBefore) / Math.max(oneAtATime + 16, 1);
    agent.destroy();
    lean.close();
    const oneLoadAfter = load1();
    for (const list of [graphql, sql, pairDiff, roundTrip, nodeRoundTrip, graphqlCpu, sqlCpu, pairDiffCpu, roundTripCpu]) list.sort((a, b) => a - b);

    const after = memory();
    const graphqlErrors = ((await server.metrics.registry.getSingleMetric('canon_graphql_errors_total')?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);
    const row = (name: string, r: LoadResult): string =>
      `${name.padEnd(26)} ${String(r.requests).padStart(8)} ${r.reqPerSec.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors + r.non2xx).padStart(7)}`;
    const cpuCell = (r: { cpuUsPerRequest: number; loadBefore: string; loadAfter: string }): string =>
      `   ${r.cpuUsPerRequest.toFixed(0).padStart(7)} µs   ${r.loadBefore} -> ${r.loadAfter}`;
    process.stdout.write(
      `\n${connections} clients, ${durationSec} s per run, sample scale ${scale}, loopback, NODE_ENV=${process.env['NODE_ENV']}\n${loadWhere}\n` +
        `direct SQL baseline: the bench process itself, no HTTP, same concurrency, the same SQL (row cap included)\n` +
        `server CPU: user + system time of the server process (all threads, DuckDB's included) per request\n\n` +
        `${'run'.padEnd(26)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}   server CPU   load average\n` +
        `${row('GraphQL, cached', cached)}${cpuCell(cached)}\n${row('GraphQL, uncached', uncached)}${cpuCell(uncached)}\n${row('direct SQL (baseline)', baseline)}\n\n` +
        `under ${connections} clients (warehouse queueing included): direct SQL / uncached throughput ${(baseline.reqPerSec / Math.max(uncached.reqPerSec, 1e-9)).toFixed(2)}x, ` +
        `+${(uncached.p50Ms - baseline.p50Ms).toFixed(1)} ms at p50\n` +
        `cached vs direct SQL: ${(cached.reqPerSec / Math.max(baseline.reqPerSec, 1e-9)).toFixed(2)}x throughput\n\n` +
        (oneAtATime === 0
          ? ''
          :
        `one at a time, ${oneAtATime} uncached requests over HTTP (${nodeClient ? "Node's http client" : 'a lean HTTP/1.1 client'}), each next to the same SQL direct, ` +
        `after a warm-up of ${warmUp} uncached requests and as many memo hits (load average ${oneLoadBefore} -> ${oneLoadAfter}):\n` +
        `  GraphQL over HTTP p50 ${percentile(graphql, 50).toFixed(2)} ms, p99 ${percentile(graphql, 99).toFixed(2)} ms; ` +
        `direct SQL p50 ${percentile(sql, 50).toFixed(2)} ms, p99 ${percentile(sql, 99).toFixed(2)} ms\n` +
        `  server overhead at p50: +${(percentile(graphql, 50) - percentile(sql, 50)).toFixed(2)} ms (target < 1 ms); p50 of the pairs' differences +${percentile(pairDiff, 50).toFixed(2)} ms\n` +
        `  HTTP round trip of a memo hit (one at a time, the client in this process included) p50 ${percentile(roundTrip, 50).toFixed(2)} ms; ` +
        `with Node's http client ${percentile(nodeRoundTrip, 50).toFixed(2)} ms\n` +
        `  CPU time (process, all threads) p50: GraphQL over HTTP ${percentile(graphqlCpu, 50).toFixed(2)} ms, direct SQL ${percentile(sqlCpu, 50).toFixed(2)} ms, ` +
        `overhead +${(percentile(graphqlCpu, 50) - percentile(sqlCpu, 50)).toFixed(2)} ms (pairs +${percentile(pairDiffCpu, 50).toFixed(2)} ms), of which the round trip ${percentile(roundTripCpu, 50).toFixed(2)} ms\n` +
        `  process CPU per pair (both requests, both round trips) ${oneCpuPerPair.toFixed(2)} ms\n\n`) +
        `GraphQL errors in responses: ${graphqlErrors}\n` +
        `server process memory: rss ${mb(before.rss)} -> ${mb(after.rss)}, heap ${mb(before.heap)} -> ${mb(after.heap)}\n`,
    );
  }
  await server.close();
  await direct.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
