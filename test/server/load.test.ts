import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadInChild } from '../../bench/server-load.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { copyProject, loadSmallSample, metricValue, realEngine } from './helpers.js';

/** Seconds of load: the bounded load test is 50 clients for 30 s of mixed queries. */
const DURATION_SEC = Number(process.env['CANON_LOAD_SECONDS'] ?? 30);
const MIB = 1024 * 1024;
/** A small result cache, so the run overflows it many times over and its bound is what is tested. */
const CACHE_ENTRIES = 100;

describe(`bounded load: 50 concurrent clients, ${DURATION_SEC} s of mixed cached and uncached queries`, () => {
  const project = copyProject();
  const engine = realEngine();
  let server: CanonServer;
  let url: string;
  beforeAll(async () => {
    await loadSmallSample(project.root);
    server = createCanonServer({ projectRoot: project.root, engine, config: serverConfigFrom({ cache: { max_entries: CACHE_ENTRIES } }, {}), watch: false, log: () => {} });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('answers every request without an error and with bounded memory', async () => {
    // The load generators run in child processes, so this process's heap is the server's alone.
    // Half the clients repeat dashboard queries (cache hits), half move their range on every
    // request (each a new cache key, compiled and run on DuckDB): both at once, 25 + 25 clients.
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 250);
    let cached;
    let uncached;
    try {
      [cached, uncached] = await Promise.all([
        runLoadInChild({ url, mode: 'cached', connections: 25, durationSec: DURATION_SEC }),
        runLoadInChild({ url, mode: 'uncached', connections: 25, durationSec: DURATION_SEC }),
      ]);
    } finally {
      clearInterval(sampler);
    }
    for (const run of [cached, uncached]) {
      expect(run.requests).toBeGreaterThan(0);
      expect(run.errors).toBe(0);
      expect(run.non2xx).toBe(0);
    }
    // Many more distinct results than the cache holds went through it: the heap must level off
    // with the bounded cache, not grow with the request count.
    expect(uncached.requests).toBeGreaterThan(2 * CACHE_ENTRIES);
    expect(await metricValue(server, 'canon_graphql_errors_total')).toBe(0);
    // Every answered request went through the cache; requests still in flight when autocannon stops
    // are served too but not counted by it.
    expect(await metricValue(server, 'canon_query_cache_total')).toBeGreaterThanOrEqual(cached.requests + uncached.requests);
    expect((heapPeak - heapBefore) / MIB).toBeLessThan(256);
  }, (DURATION_SEC + 90) * 1000);
});
