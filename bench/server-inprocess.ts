/**
 * The server's own cost per cached request, without sockets or a load generator sharing the
 * thread: `yoga.fetch` in a loop over the cached workload. For profiling the request path:
 *
 *   npx tsx bench/server-inprocess.ts [--requests 20000]
 *   node --cpu-prof --import tsx bench/server-inprocess.ts
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCanonServer } from '../server/create-server.js';
import { loadEngine } from '../server/engine.js';
import { serverConfigFrom } from '../server/server-config.js';
import { workloadBody } from './server-load.js';

const { values } = parseArgs({ options: { requests: { type: 'string' } } });
const total = Number(values.requests ?? 20_000);

const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'canon-bench-inprocess-'));
cpSync(join(repo, 'metrics'), join(root, 'metrics'), { recursive: true });
cpSync(join(repo, 'canon.yaml'), join(root, 'canon.yaml'));

try {
  const engine = await loadEngine();
  const catalog = engine.compileProject(root).catalog!;
  const direct = await engine.openConnection(catalog.project.warehouses[catalog.project.defaultWarehouse]!, root);
  await engine.loadSample(direct, { scale: 0.02 });
  await direct.close();
  const server = createCanonServer({ projectRoot: root, engine, config: serverConfigFrom({}, {}), watch: false, log: () => {} });
  const ask = async (i: number): Promise<void> => {
    const response = await server.yoga.fetch('http://canon/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: workloadBody(i, 'cached'),
    });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"')) throw new Error(text);
  };
  for (let i = 0; i < 2000; i++) await ask(i); // warm the cache and the JIT
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const t = performance.now();
    await ask(i);
    latencies.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (latencies[Math.floor((p / 100) * (latencies.length - 1))]! * 1000).toFixed(0);
  process.stdout.write(`${total} cached requests in-process, one at a time: ${((elapsed / total) * 1000).toFixed(0)} µs mean, p50 ${pct(50)} µs, p99 ${pct(99)} µs (${(total / (elapsed / 1000)).toFixed(0)} req/s)\n`);
  await server.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
