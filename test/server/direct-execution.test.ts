import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { codes, copyProject, httpGql, loadSmallSample, metricValue, realEngine } from './helpers.js';

const ADMIN = { authorization: 'Bearer admin-key' };
const SALES = { 'x-api-key': 'sales-key' };
const BROWSE_ONLY = { authorization: 'Bearer browse-key' };

const DASH = 'query Dash($input: MetricQuery!) { query(input: $input) { columns { name kind unit format } rows rowCount sql bindings cached catalogVersion warehouse dialect } }';
const range = (day: number): { from: string; to: string } => ({ from: `2024-01-${String(day).padStart(2, '0')}`, to: '2025-06-30' });
const input = (day: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  input: { metrics: ['bookings', 'win_rate'], grain: 'QUARTER', timeRange: range(day), ...extra },
});

describe('HTTP front door: direct execution of validated queries', () => {
  const project = copyProject();
  let server: CanonServer;
  let url: string;
  const direct = (): Promise<number> => metricValue(server, 'canon_http_direct_executions_total');

  /** The same request through yoga's own pipeline (yoga.fetch has no front door), as text. */
  const viaYoga = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<{ status: number; text: string; contentType: string | null }> => {
    const response = await server.yoga.fetch('http://canon/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
  };

  beforeAll(async () => {
    const engine = realEngine();
    await loadSmallSample(project.root);
    const config = serverConfigFrom(
      {
        server: {
          limits: { max_rows: 50 },
          auth: {
            api_keys: [
              { key_env: 'KEY_SALES', team: 'sales' },
              { key_env: 'KEY_BROWSE', team: 'catalog_only' },
            ],
          },
          teams: { sales: { focus_areas: ['pipeline_health'] }, catalog_only: { permissions: ['browse'] } },
        },
      },
      { KEY_SALES: 'sales-key', KEY_BROWSE: 'browse-key', CANON_API_KEYS: 'admin-key' },
    );
    server = createCanonServer({ projectRoot: project.root, engine, config, watch: false, log: () => {} });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('executes a query text yoga has validated without yoga, answering what yoga answers', async () => {
    const before = await direct();
    // First sight of the text: yoga parses, validates and runs it, and remembers the document.
    const first = await httpGql(url, DASH, input(1), ADMIN);
    expect(first.body.errors).toBeUndefined();
    expect(await direct()).toBe(before);
    const requests = await metricValue(server, 'canon_graphql_requests_total', { operation: 'Dash', outcome: 'ok' });
    const misses = await metricValue(server, 'canon_query_cache_total', { outcome: 'miss' });

    // A new range: not cached, executed directly.
    const second = await httpGql(url, DASH, input(2), ADMIN);
    expect(await direct()).toBe(before + 1);
    expect(second.status).toBe(200);
    expect(second.body.data!['query']).toMatchObject({ cached: false });
    expect(await metricValue(server, 'canon_graphql_requests_total', { operation: 'Dash', outcome: 'ok' })).toBe(requests + 1);
    expect(await metricValue(server, 'canon_query_cache_total', { outcome: 'miss' })).toBe(misses + 1);

    // yoga's own answer to the same request, now from the cache: the same bytes but for `cached`.
    const yoga = await viaYoga(DASH, input(2), ADMIN);
    expect(yoga.status).toBe(200);
    expect(yoga.text).toBe(second.text.replace('"cached":false', '"cached":true'));
    expect(second.headers.get('content-type')).toBe(yoga.contentType);
  });

  it('sends the content type yoga picks for each Accept header it takes', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json', '*/*']) {
      const before = await direct();
      const answer = await httpGql(url, DASH, input(3), { ...ADMIN, accept });
      expect(await direct(), accept).toBe(before + 1);
      const yoga = await viaYoga(DASH, input(3), { ...ADMIN, accept });
      expect(answer.headers.get('content-type'), accept).toBe(yoga.contentType);
      expect(answer.text.replace('"cached":false', '"cached":true')).toBe(yoga.text);
    }
    // Others (and CORS requests) are yoga's.
    const before = await direct();
    await httpGql(url, DASH, input(4), { ...ADMIN, accept: 'application/json; q=0.9' });
    await httpGql(url, DASH, input(5), { ...ADMIN, origin: 'http://dashboards.example' });
    expect(await direct()).toBe(before);
  });

  it('answers errors of a directly executed query exactly as yoga does, running the query once', async () => {
    await httpGql(url, DASH, input(6), ADMIN);
    const cases: Record<string, unknown>[] = [
      input(7, { where: "1=1; drop table opportunities" }), // INVALID_FILTER, raised by the resolver
      { input: { metrics: ['leads_created'], grain: 'DAY', groupBy: ['source'] } }, // ROW_LIMIT (max_rows 50)
      { input: { metrics: ['no_such_metric'], grain: 'DAY' } }, // UNKNOWN_METRIC: the variables do not coerce, nothing runs
    ];
    const expected = ['INVALID_FILTER', 'ROW_LIMIT', 'UNKNOWN_METRIC'];
    for (const [i, variables] of cases.entries()) {
      const errorsBefore = await metricValue(server, 'canon_graphql_errors_total', { code: expected[i]! });
      const warehouseBefore = await metricValue(server, 'canon_query_cache_total');
      const answer = await httpGql(url, DASH, variables, ADMIN);
      expect(codes(answer)).toEqual([expected[i]]);
      expect(await metricValue(server, 'canon_graphql_errors_total', { code: expected[i]! })).toBe(errorsBefore + 1);
      // At most one warehouse run (ROW_LIMIT's), never two.
      expect(await metricValue(server, 'canon_query_cache_total')).toBeLessThanOrEqual(warehouseBefore + 1);
      const yoga = await viaYoga(DASH, variables, ADMIN);
      expect(answer.status).toBe(yoga.status);
      expect(answer.text).toBe(yoga.text);
      expect(answer.text).not.toMatch(/select|duckdb|stack|at \w+ \(/i);
    }
  });

  it('keeps scopes, permissions and authentication on the direct path', async () => {
    const sales = { input: { metrics: ['bookings'], grain: 'QUARTER', timeRange: range(8) } };
    await httpGql(url, DASH, sales, SALES); // validated for the sales schema now
    const before = await direct();
    const ok = await httpGql(url, DASH, { input: { ...sales.input, timeRange: range(9) } }, SALES);
    expect(ok.body.errors).toBeUndefined();
    expect(await direct()).toBe(before + 1);
    // A metric outside the team's focus areas is not in its schema's enum: UNKNOWN_METRIC, as on yoga's path.
    const hidden = await httpGql(url, DASH, { input: { metrics: ['customer_satisfaction_score'], grain: 'QUARTER' } }, SALES);
    expect(codes(hidden)).toEqual(['UNKNOWN_METRIC']);
    // No `query` permission: FORBIDDEN, the second time (direct) as the first (yoga).
    expect(codes(await httpGql(url, DASH, input(10), BROWSE_ONLY))).toEqual(['FORBIDDEN']);
    const forbidden = await httpGql(url, DASH, input(11), BROWSE_ONLY);
    expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    expect(forbidden.text).toBe((await viaYoga(DASH, input(11), BROWSE_ONLY)).text);
    // Refused before anything runs.
    for (const headers of [{}, { 'x-api-key': 'nope' }] as Record<string, string>[]) {
      const refused = await httpGql(url, DASH, input(12), headers);
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('never executes a document that failed graphql-armor limits or validation', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: query(input: $input) { rowCount }`).join(' ');
    const tooMany = `query Many($input: MetricQuery!) { ${aliases} }`;
    const before = await direct();
    for (let i = 0; i < 2; i++) expect(codes(await httpGql(url, tooMany, input(13), ADMIN))).toContain('QUERY_TOO_COMPLEX');
    const invalid = 'query Bad($input: MetricQuery!) { query(input: $input) { noSuchField } }';
    for (let i = 0; i < 2; i++) expect(codes(await httpGql(url, invalid, input(13), ADMIN))).toEqual(['INVALID_REQUEST']);
    expect(await direct()).toBe(before);
  });

  it('uses the schema of the catalog version a request arrived under, after a reload too', async () => {
    const before = await httpGql(url, DASH, input(14), ADMIN);
    const version = (before.body.data!['query'] as { catalogVersion: string }).catalogVersion;
    const file = join(project.root, 'metrics', 'kpis', 'pipeline-health.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    await server.store.reload();
    const directBefore = await direct();
    // A new schema: the text is validated by yoga again first.
    const after = await httpGql(url, DASH, input(15), ADMIN);
    expect(await direct()).toBe(directBefore);
    const again = await httpGql(url, DASH, input(16), ADMIN);
    expect(await direct()).toBe(directBefore + 1);
    for (const answer of [after, again]) expect((answer.body.data!['query'] as { catalogVersion: string }).catalogVersion).not.toBe(version);
  });
});
