import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { ResponseBytesMemo, type MemoisedBytes } from '../../server/http/response-bytes-memo.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { codes, copyProject, httpGql, loadSmallSample, metricValue, realEngine } from './helpers.js';

const SECRET = 'test-secret-for-hs256-signing-only-0123456789';
const ADMIN = { authorization: 'Bearer admin-key' };
const SALES = { 'x-api-key': 'sales-key' };
const SALES_TOO = { 'x-api-key': 'sales-key-2' };
const BROWSE_ONLY = { authorization: 'Bearer browse-key' };
const CS = { 'x-api-key': 'cs-key' };

const BOOKINGS = 'query Dash($input: MetricQuery!) { query(input: $input) { rows cached catalogVersion } }';
const INPUT = { input: { metrics: ['bookings'], grain: 'QUARTER', timeRange: { from: '2024-01-01', to: '2025-01-01' } } };

async function token(team: string, options: { expired?: boolean } = {}): Promise<string> {
  const jwt = new SignJWT({ team }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone@example.com').setIssuer('canon-test').setAudience('canon-api');
  jwt.setExpirationTime(options.expired ? Math.floor(Date.now() / 1000) - 60 : '5m');
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('HTTP front door: remembered responses', () => {
  const project = copyProject();
  const kpis = join(project.root, 'metrics', 'kpis', 'pipeline-health.yaml');
  let server: CanonServer;
  let url: string;
  const memoHits = (): Promise<number> => metricValue(server, 'canon_http_memo_responses_total');

  beforeAll(async () => {
    const engine = realEngine();
    await loadSmallSample(project.root);
    const config = serverConfigFrom(
      {
        cache: { ttl_seconds: 2 },
        server: {
          auth: {
            api_keys: [
              { key_env: 'KEY_SALES', team: 'sales' },
              { key_env: 'KEY_SALES_2', team: 'sales' },
              { key_env: 'KEY_BROWSE', team: 'catalog_only' },
              { key_env: 'KEY_CS', team: 'cs' },
            ],
            jwt: { secret_env: 'JWT_SECRET', issuer: 'canon-test', audience: 'canon-api' },
          },
          teams: {
            sales: { focus_areas: ['pipeline_health'] },
            catalog_only: { permissions: ['browse'] },
            cs: { metrics: ['customer_satisfaction_score'] },
          },
        },
      },
      { KEY_SALES: 'sales-key', KEY_SALES_2: 'sales-key-2', KEY_BROWSE: 'browse-key', KEY_CS: 'cs-key', JWT_SECRET: SECRET, CANON_API_KEYS: 'admin-key' },
    );
    server = createCanonServer({ projectRoot: project.root, engine, config, watch: false, log: () => {} });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('answers a repeated cached query from the memo, byte for byte, counting it in /metrics', async () => {
    const first = await httpGql(url, BOOKINGS, INPUT, SALES);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!['query']).toMatchObject({ cached: false });
    const second = await httpGql(url, BOOKINGS, INPUT, SALES);
    expect(second.body.data!['query']).toMatchObject({ cached: true });
    const hitsBefore = await memoHits();
    const requestsBefore = await metricValue(server, 'canon_graphql_requests_total', { operation: 'Dash', outcome: 'ok' });
    const cacheHitsBefore = await metricValue(server, 'canon_query_cache_total', { outcome: 'hit' });

    const third = await httpGql(url, BOOKINGS, INPUT, SALES);
    expect(await memoHits()).toBe(hitsBefore + 1);
    expect(third.text).toBe(second.text);
    expect(third.status).toBe(200);
    expect(third.headers.get('content-type')).toBe(second.headers.get('content-type'));
    // Still a request, still a cache hit, under its operation name.
    expect(await metricValue(server, 'canon_graphql_requests_total', { operation: 'Dash', outcome: 'ok' })).toBe(requestsBefore + 1);
    expect(await metricValue(server, 'canon_query_cache_total', { outcome: 'hit' })).toBe(cacheHitsBefore + 1);
    const exposition = await (await fetch(`${url}/metrics`)).text();
    expect(exposition).toMatch(/canon_http_memo_responses_total [1-9]/);
    expect(exposition).toMatch(/canon_graphql_requests_total\{operation="Dash",outcome="ok"\} [1-9]/);
  });

  it('serves another key of the same team from the memo, and never another scope', async () => {
    await httpGql(url, BOOKINGS, INPUT, SALES);
    const remembered = await httpGql(url, BOOKINGS, INPUT, SALES);
    let hits = await memoHits();
    // A second key of the same team sees the same metrics: the same answer is its to have.
    const sameTeam = await httpGql(url, BOOKINGS, INPUT, SALES_TOO);
    expect(sameTeam.text).toBe(remembered.text);
    expect(await memoHits()).toBe(hits + 1);
    hits = await memoHits();

    // cs does not see bookings: its schema lacks the enum value, whatever sales has remembered.
    const cs = await httpGql(url, BOOKINGS, INPUT, CS);
    expect(codes(cs)).toEqual(['UNKNOWN_METRIC']);
    const csJwt = await httpGql(url, BOOKINGS, INPUT, { authorization: `Bearer ${await token('cs')}` });
    expect(codes(csJwt)).toEqual(['UNKNOWN_METRIC']);
    // Full scope but no `query` permission: refused, not handed the remembered rows.
    expect(codes(await httpGql(url, BOOKINGS, INPUT, BROWSE_ONLY))).toEqual(['FORBIDDEN']);
    // No, wrong, expired or teamless credentials: refused before any memo is looked at.
    for (const headers of [{}, { 'x-api-key': 'nope' } as Record<string, string>, { authorization: `Bearer ${await token('sales', { expired: true })}` }]) {
      const refused = await httpGql(url, BOOKINGS, INPUT, headers);
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    }
    const unknownTeam = await httpGql(url, BOOKINGS, INPUT, { authorization: `Bearer ${await token('finance')}` });
    expect(unknownTeam.status).toBe(403);
    expect(await memoHits()).toBe(hits);

    // A JWT of the sales team is the sales scope: it may be served what sales keys were.
    const salesJwt = await httpGql(url, BOOKINGS, INPUT, { authorization: `Bearer ${await token('sales')}` });
    expect(salesJwt.text).toBe(remembered.text);
  });

  it('keeps full-access and team answers apart', async () => {
    const input = { input: { metrics: ['bookings'], grain: 'YEAR' } };
    await httpGql(url, BOOKINGS, input, ADMIN);
    const admin = await httpGql(url, BOOKINGS, input, ADMIN);
    const hits = await memoHits();
    // The same body from sales: its first answer comes from the result cache (the SQL is the
    // same), but it is never the admin's remembered response.
    const sales = await httpGql(url, BOOKINGS, input, SALES);
    expect(await memoHits()).toBe(hits);
    expect(sales.body.data).toEqual(admin.body.data);
  });

  it('remembers per response format: Accept shapes the response', async () => {
    const input = { input: { metrics: ['deals_won'], grain: 'YEAR' } };
    await httpGql(url, BOOKINGS, input, SALES);
    await httpGql(url, BOOKINGS, input, SALES);
    const graphqlResponse = await httpGql(url, BOOKINGS, input, { ...SALES, accept: 'application/graphql-response+json' });
    expect(graphqlResponse.headers.get('content-type')).toContain('application/graphql-response+json');
    const json = await httpGql(url, BOOKINGS, input, SALES);
    expect(json.headers.get('content-type')).toContain('application/json');
  });

  it('never remembers errors, and leaves bodies that are not JSON objects to yoga', async () => {
    const hits = await memoHits();
    for (let i = 0; i < 3; i++) {
      expect(codes(await httpGql(url, BOOKINGS, { input: { metrics: ['bookings'], grain: 'QUARTER', where: 'nonsense ===' } }, SALES))).toEqual(['INVALID_FILTER']);
    }
    expect(await memoHits()).toBe(hits);
    const broken = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...SALES }, body: '{"query": ' });
    expect(broken.status).toBe(400);
    const array = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...SALES }, body: '[]' });
    expect(array.status).toBeGreaterThanOrEqual(400);
    const unauthenticated = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(unauthenticated.status).toBe(401);
  });

  it('stops serving a remembered response when its cached result expires', async () => {
    const input = { input: { metrics: ['win_rate'], grain: 'YEAR' } };
    await httpGql(url, BOOKINGS, input, SALES);
    await httpGql(url, BOOKINGS, input, SALES);
    const hits = await memoHits();
    await new Promise((r) => setTimeout(r, 2100)); // the result cache TTL is 2 s here
    const fresh = await httpGql(url, BOOKINGS, input, SALES);
    expect(fresh.body.data!['query']).toMatchObject({ cached: false });
    expect(await memoHits()).toBe(hits);
  });

  it('never serves a response of the previous catalog after a reload', async () => {
    await httpGql(url, BOOKINGS, INPUT, SALES);
    const before = await httpGql(url, BOOKINGS, INPUT, SALES);
    const oldVersion = server.store.current.loaded.catalog.version;
    expect((before.body.data!['query'] as { catalogVersion: string }).catalogVersion).toBe(oldVersion);

    const original = readFileSync(kpis, 'utf8');
    writeFileSync(kpis, original.replace('description: Amount of opportunities won in the period', 'description: Amount won in the period'));
    expect(server.store.reload()).toBe('updated');
    const newVersion = server.store.current.loaded.catalog.version;
    expect(newVersion).not.toBe(oldVersion);

    const hits = await memoHits();
    const after = await httpGql(url, BOOKINGS, INPUT, SALES);
    expect(after.body.data!['query']).toMatchObject({ cached: false, catalogVersion: newVersion });
    expect(await memoHits()).toBe(hits);
  }, 30_000);
});

describe('response bytes memo', () => {
  const entry = (body: string): MemoisedBytes => ({ sources: [], operationName: 'op', headers: {}, body: Buffer.from(body) });

  it('keeps the most recently used entries within its entry and byte bounds', () => {
    const memo = new ResponseBytesMemo({ maxEntries: 2, maxBytes: 1000 });
    memo.set('v1', 'a', entry('1'));
    memo.set('v1', 'b', entry('2'));
    memo.get('v1', 'a');
    memo.set('v1', 'c', entry('3'));
    expect(memo.get('v1', 'b')).toBeUndefined();
    expect(memo.get('v1', 'a')?.body.toString()).toBe('1');

    const small = new ResponseBytesMemo({ maxBytes: 100 });
    small.set('v1', 'a', entry('x'.repeat(60)));
    small.set('v1', 'b', entry('y'.repeat(50)));
    expect(small.size).toBe(1);
    expect(small.get('v1', 'b')).toBeDefined();
    small.set('v1', 'huge', entry('z'.repeat(200)));
    expect(small.get('v1', 'huge')).toBeUndefined();
  });

  it('answers only for its catalog version, and empties itself on a new one', () => {
    const memo = new ResponseBytesMemo();
    memo.set('v1', 'a', entry('1'));
    expect(memo.get('v2', 'a')).toBeUndefined();
    memo.set('v2', 'b', entry('2'));
    expect(memo.get('v1', 'a')).toBeUndefined();
    expect(memo.size).toBe(1);
  });
});
