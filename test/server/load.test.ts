import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/server-load.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { copyProject, metricValue, realEngine } from './helpers.js';

describe('bounded load: 50 concurrent clients, mixed cached and uncached queries', () => {
  const project = copyProject();
  const engine = realEngine();
  let server: CanonServer;
  let url: string;
  beforeAll(async () => {
    const catalog = engine.compileProject(project.root).catalog!;
    const connection = await engine.openConnection(catalog.project.warehouses['local']!, project.root);
    await engine.loadSample(connection, { scale: 0.02 });
    await connection.close();
    server = createCanonServer({ projectRoot: project.root, engine, config: serverConfigFrom({}, {}), watch: false, log: () => {} });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('answers every request without an error and with bounded memory', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const cached = await runLoad({ url, mode: 'cached', connections: 50, durationSec: 2 });
    const uncached = await runLoad({ url, mode: 'uncached', connections: 50, durationSec: 2 });
    for (const run of [cached, uncached]) {
      expect(run.requests).toBeGreaterThan(0);
      expect(run.errors).toBe(0);
      expect(run.non2xx).toBe(0);
    }
    expect(await metricValue(server, 'canon_graphql_errors_total')).toBe(0);
    // Every answered request went through the cache; requests still in flight when autocannon stops
    // are served too but not counted by it.
    expect(await metricValue(server, 'canon_query_cache_total')).toBeGreaterThanOrEqual(cached.requests + uncached.requests);
    // Results are cached with a bounded LRU; a few thousand requests must not grow the heap by much.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);
});
