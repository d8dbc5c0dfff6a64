import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { readServerConfig } from '../../server/server-config.js';
import { copyProject, gql, loadSmallSample, realEngine, REPO_ROOT } from './helpers.js';

const REDIS = process.env['CANON_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';
const QUERY = '{ query(input: { metrics: [deals_won], grain: QUARTER }) { rows cached } }';

/** canon.yaml of the repo plus a cache section; a unique comment gives this run its own catalog version (and so its own keys). */
function canonYaml(cache: string): string {
  return `${readFileSync(join(REPO_ROOT, 'canon.yaml'), 'utf8')}\n# run ${randomUUID()}\n${cache}\n`;
}

/** Whether Redis answers; the shared-cache suite skips visibly when it does not. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const redisUp = await redisAnswers(REDIS);
if (!redisUp) console.warn(`skipping the shared Redis cache suite: no Redis at ${REDIS} (set CANON_REDIS_URL)`);

describe.skipIf(!redisUp)('result cache shared through Redis', () => {
  const engine = realEngine();
  const project = copyProject(canonYaml(`cache:\n  redis_url: ${REDIS}\n  ttl_seconds: 60`));
  let a: CanonServer;
  let b: CanonServer;
  beforeAll(async () => {
    const catalog = engine.compileProject(project.root);
    expect(catalog.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const connection = await engine.openConnection(catalog.catalog!.project.warehouses['local']!, project.root);
    await engine.loadSample(connection, { scale: 0.02 });
    await connection.close();
    const config = readServerConfig(project.root, {});
    expect(config.cache.redisUrl).toBe(REDIS);
    a = createCanonServer({ projectRoot: project.root, engine, config, watch: false, log: () => {} });
    b = createCanonServer({ projectRoot: project.root, engine, config, watch: false, log: () => {} });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    project.remove();
  });

  it('lets a second instance answer from the first one\'s result', async () => {
    expect(a.cache.kind).toBe('redis');
    const first = await gql(a, QUERY);
    expect(first.body.errors).toBeUndefined();
    expect((first.body.data!['query'] as { cached: boolean }).cached).toBe(false);
    const second = await gql(b, QUERY);
    expect((second.body.data!['query'] as { cached: boolean }).cached).toBe(true);
    expect((second.body.data!['query'] as { rows: unknown[] }).rows).toEqual((first.body.data!['query'] as { rows: unknown[] }).rows);
    // Asked again: the answer is reused while Redis returns the same text (parsed once per text).
    for (let i = 0; i < 2; i++) expect((await gql(b, QUERY)).body).toEqual(second.body);
  });
});

describe('a Redis cache that is down', () => {
  const engine = realEngine();
  const project = copyProject(canonYaml('cache:\n  redis_url: redis://127.0.0.1:1/0'));
  let server: CanonServer;
  beforeAll(async () => {
    await loadSmallSample(project.root);
    server = createCanonServer({ projectRoot: project.root, engine, config: readServerConfig(project.root, {}), watch: false, log: () => {} });
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('costs the cache, never the answer', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await gql(server, QUERY);
      expect(res.body.errors).toBeUndefined();
      expect((res.body.data!['query'] as { cached: boolean }).cached).toBe(false);
    }
  });
});
