import { createServer, type Server } from 'node:http';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../compiler/catalog/types.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { realEngine, codes, copyProject, gql, httpGql, type GraphQLResponse } from './helpers.js';

const SECRET = 'test-secret-for-hs256-signing-only-0123456789';
const ADMIN = { authorization: 'Bearer admin-key' };
const SALES = { 'x-api-key': 'sales-key' };
const BROWSE_ONLY = { authorization: 'Bearer browse-key' };

async function token(claims: Record<string, unknown>, options: { expired?: boolean; secret?: string } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone@example.com').setIssuer('canon-test').setAudience('canon-api');
  jwt.setExpirationTime(options.expired ? Math.floor(Date.now() / 1000) - 60 : '5m');
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

// Every case runs in-process (yoga.fetch) and over real HTTP, where requests pass the Node front
// door (server/http/front-door.ts) that authenticates them before yoga.
for (const transport of ['yoga.fetch', 'HTTP'] as const)
describe(`authentication and per-team access (${transport})`, () => {
  const project = copyProject();
  let server: CanonServer;
  let all: Metric[];
  let sales: Metric[];
  let hidden: Metric;

  let url = '';
  const ask = (_: CanonServer, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse> =>
    transport === 'HTTP' ? httpGql(url, query, variables, headers) : gql(server, query, variables, headers);

  beforeAll(async () => {
    const config = serverConfigFrom(
      {
        server: {
          auth: {
            api_keys: [
              { key_env: 'KEY_SALES', team: 'sales', name: 'sales_dashboard' },
              { key_env: 'KEY_BROWSE', team: 'catalog_only' },
              { key_env: 'KEY_UNSET', team: 'sales' },
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
      { KEY_SALES: 'sales-key', KEY_BROWSE: 'browse-key', JWT_SECRET: SECRET, CANON_API_KEYS: 'admin-key' },
    );
    server = createCanonServer({ projectRoot: project.root, engine: realEngine(), config, watch: false, log: () => {} });
    const catalog = server.store.current.loaded.catalog;
    all = Object.values(catalog.metrics);
    sales = all.filter((m) => m.focusAreas.includes('pipeline_health'));
    hidden = all.find((m) => !m.focusAreas.includes('pipeline_health'))!;
    if (transport === 'HTTP') url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  const names = (data: unknown): string[] => (data as { name: string }[]).map((m) => m.name).sort();

  it('refuses requests without valid credentials', async () => {
    const none = await ask(server, '{ catalog { version } }');
    expect(none.status).toBe(401);
    expect(codes(none)).toEqual(['UNAUTHENTICATED']);
    const wrong = await ask(server, '{ catalog { version } }', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
    // A key whose environment variable is unset must not turn into an empty, accepted key.
    expect((await ask(server, '{ catalog { version } }', {}, { authorization: 'Bearer ' })).status).toBe(401);
  });

  it('serves the GraphiQL page without credentials', async () => {
    const page = await server.yoga.fetch('http://canon/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });

  it('gives a full-access key every metric', async () => {
    const res = await ask(server, '{ metrics { name } }', {}, ADMIN);
    expect(names(res.body.data!['metrics'])).toEqual(all.map((m) => m.name).sort());
  });

  it('shows a team only its focus area in browse, focus areas and owners', async () => {
    const res = await ask(server, '{ metrics { name } focusAreas { name metrics { name } } owners { metrics { name } } }', {}, SALES);
    expect(res.body.errors).toBeUndefined();
    expect(names(res.body.data!['metrics'])).toEqual(sales.map((m) => m.name).sort());
    const areas = res.body.data!['focusAreas'] as { name: string; metrics: { name: string }[] }[];
    for (const area of areas) for (const m of area.metrics) expect(sales.map((s) => s.name)).toContain(m.name);
    const owned = (res.body.data!['owners'] as { metrics: { name: string }[] }[]).flatMap((o) => o.metrics.map((m) => m.name));
    expect(owned.sort()).toEqual(sales.map((m) => m.name).sort());
  });

  it('hides other metrics from introspection: the enum lacks them', async () => {
    const res = await ask(server, '{ __type(name: "MetricName") { enumValues { name } } f: __type(name: "FocusAreaName") { enumValues { name } } }', {}, SALES);
    const values = (res.body.data!['__type'] as { enumValues: { name: string }[] }).enumValues.map((v) => v.name).sort();
    expect(values).toEqual(sales.map((m) => m.name).sort());
    expect(values).not.toContain(hidden.name);
    const areas = (res.body.data!['f'] as { enumValues: { name: string }[] }).enumValues.map((v) => v.name);
    expect(areas).toContain('pipeline_health');
    expect(areas).not.toContain('customer_experience');
  });

  it('treats a hidden metric as unknown in metric, dependencies, dependents, query and compile', async () => {
    const vars = { n: hidden.name };
    for (const query of [
      'query($n: MetricName!) { metric(name: $n) { name } }',
      'query($n: MetricName!) { dependencies(name: $n) { name } }',
      'query($n: MetricName!) { dependents(name: $n) { name } }',
      'query($n: MetricName!) { query(input: { metrics: [$n] }) { rows } }',
      'query($n: MetricName!) { compile(input: { metrics: [$n] }) { sql } }',
    ]) {
      expect(codes(await ask(server, query, vars, SALES))).toEqual(['UNKNOWN_METRIC']);
    }
    // The same name is fine for a full-access principal.
    expect((await ask(server, 'query($n: MetricName!) { metric(name: $n) { name } }', vars, ADMIN)).body.errors).toBeUndefined();
  });

  it('lists only visible dependencies and dependents of a visible metric', async () => {
    for (const metric of sales) {
      const res = await ask(server, 'query($n: MetricName!) { metric(name: $n) { dependencies(transitive: true) { name } dependents(transitive: true) { name } numerator { name metric { name } } } }', { n: metric.name }, SALES);
      expect(res.body.errors).toBeUndefined();
      const m = res.body.data!['metric'] as { dependencies: { name: string }[]; dependents: { name: string }[]; numerator: { metric: { name: string } | null } | null };
      for (const d of [...m.dependencies, ...m.dependents]) expect(sales.map((s) => s.name)).toContain(d.name);
      if (m.numerator?.metric) expect(sales.map((s) => s.name)).toContain(m.numerator.metric.name);
    }
  });

  it('refuses operations a team is not permitted', async () => {
    const res = await ask(server, 'query($n: MetricName!) { compile(input: { metrics: [$n] }) { sql } }', { n: all[0]!.name }, BROWSE_ONLY);
    expect(codes(res)).toEqual(['FORBIDDEN']);
    const browse = await ask(server, '{ metrics { name } }', {}, BROWSE_ONLY);
    expect(browse.body.errors).toBeUndefined();
  });

  it('accepts HS256 JWTs carrying a team, and refuses bad ones', async () => {
    const cs = await ask(server, '{ metrics { name } }', {}, { authorization: `Bearer ${await token({ team: 'cs' })}` });
    expect(names(cs.body.data!['metrics'])).toEqual(['customer_satisfaction_score']);
    const expired = await ask(server, '{ metrics { name } }', {}, { authorization: `Bearer ${await token({ team: 'cs' }, { expired: true })}` });
    expect(expired.status).toBe(401);
    expect(codes(expired)).toEqual(['UNAUTHENTICATED']);
    const forged = await ask(server, '{ metrics { name } }', {}, { authorization: `Bearer ${await token({ team: 'cs' }, { secret: 'x'.repeat(40) })}` });
    expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
    const teamless = await ask(server, '{ metrics { name } }', {}, { authorization: `Bearer ${await token({})}` });
    expect(teamless.status).toBe(403);
    expect(codes(teamless)).toEqual(['FORBIDDEN']);
    const unknownTeam = await ask(server, '{ metrics { name } }', {}, { authorization: `Bearer ${await token({ team: 'finance' })}` });
    expect(codes(unknownTeam)).toEqual(['FORBIDDEN']);
  });

  it('builds one schema per scope and catalog version, not per request', async () => {
    const loaded = server.store.current.loaded;
    const before = loaded.schemaFor({ focusAreas: ['pipeline_health'] });
    await ask(server, '{ metrics { name } }', {}, SALES);
    expect(loaded.schemaFor({ focusAreas: ['pipeline_health'] })).toBe(before);
  });
});

describe('JWTs verified against a JWKS endpoint (RS256)', () => {
  const project = copyProject();
  let server: CanonServer;
  let jwks: Server;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    jwks = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
    const port = (jwks.address() as { port: number }).port;
    const config = serverConfigFrom(
      {
        server: {
          auth: { jwt: { jwks_url: `http://127.0.0.1:${port}/jwks.json`, issuer: 'canon-test', audience: 'canon-api' } },
          teams: { sales: { focus_areas: ['pipeline_health'] } },
        },
      },
      {},
    );
    server = createCanonServer({ projectRoot: project.root, engine: realEngine(), config, watch: false, log: () => {} });
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => jwks.close(() => resolve()));
    project.remove();
  });

  it('accepts a token signed by a published key and applies its team', async () => {
    const token = await new SignJWT({ team: 'sales' })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer('canon-test')
      .setAudience('canon-api')
      .setExpirationTime('5m')
      .sign(privateKey);
    const res = await gql(server, '{ metrics { focusAreas { name } } }', {}, { authorization: `Bearer ${token}` });
    expect(res.body.errors).toBeUndefined();
    const metrics = res.body.data!['metrics'] as { focusAreas: { name: string }[] }[];
    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) expect(m.focusAreas.map((a) => a.name)).toContain('pipeline_health');
    const other = await new SignJWT({ team: 'sales' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('canon-test').setAudience('canon-api').sign(new TextEncoder().encode(SECRET));
    expect(codes(await gql(server, '{ metrics { name } }', {}, { authorization: `Bearer ${other}` }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('CORS preflight with auth required', () => {
  const project = copyProject();
  let server: CanonServer;
  beforeAll(() => {
    server = createCanonServer({ projectRoot: project.root, engine: realEngine(), config: serverConfigFrom({}, { CANON_API_KEYS: 'k' }), watch: false, log: () => {} });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('answers OPTIONS without credentials so browsers can then send them', async () => {
    const res = await server.yoga.fetch('http://canon/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'http://dashboard.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });
});
