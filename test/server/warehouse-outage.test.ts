import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import type { WarehouseConfig } from '../../compiler/catalog/types.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { copyProject, realEngine, type GraphQLResponse } from './helpers.js';
import { TcpProxy } from './tcp-proxy.js';

const SCHEMA = 'canon_server_outage';
const PG = new URL(process.env['CANON_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test');
const QUERY = 'query($from: String!) { query(input: { metrics: [deals_won, bookings], grain: YEAR, timeRange: { from: $from } }) { rows cached } }';

describe('a PostgreSQL warehouse that goes down and comes back (through a TCP proxy)', () => {
  const engine = realEngine();
  const proxy = new TcpProxy(PG.hostname, Number(PG.port || 5432));
  let project: ReturnType<typeof copyProject>;
  let server: CanonServer;
  let url: string;
  let direct: WarehouseConnection;

  beforeAll(async () => {
    const settings = { host: PG.hostname, port: Number(PG.port || 5432), user: decodeURIComponent(PG.username || 'postgres'), database: PG.pathname.slice(1) || 'test', schema: SCHEMA };
    const config: WarehouseConfig = { type: 'postgres', settings };
    direct = await engine.openConnection(config, '.');
    await engine.loadSample(direct, { scale: 0.05, schema: SCHEMA });
    const port = await proxy.start();
    project = copyProject(
      [
        'project: outage_test',
        'catalog: metrics',
        'default_warehouse: behind_proxy',
        'time_zone: America/Los_Angeles',
        'fiscal_year_start_month: 2',
        'warehouses:',
        '  behind_proxy:',
        '    type: postgres',
        `    host: 127.0.0.1`,
        `    port: ${port}`,
        `    database: ${settings.database}`,
        `    user: ${settings.user}`,
        `    schema: ${SCHEMA}`,
        '',
      ].join('\n'),
    );
    server = createCanonServer({
      projectRoot: project.root,
      engine,
      config: serverConfigFrom({ server: { limits: { query_timeout_ms: 1500 } } }, {}),
      watch: false,
      log: () => {},
    });
    url = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await proxy.stop();
    await direct?.execute(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => {});
    await direct?.close();
    project?.remove();
  });

  async function post(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  }

  async function health(): Promise<{ status: string; warehouse: { reachable: boolean } }> {
    return (await (await fetch(`${url}/health`)).json()) as { status: string; warehouse: { reachable: boolean } };
  }

  it('answers, reports WAREHOUSE_UNAVAILABLE while it is down, and recovers', async () => {
    const up = await post(QUERY, { from: '2024-01-01' });
    expect(up.body.errors).toBeUndefined();
    const rows = (up.body.data!['query'] as { rows: unknown[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect((await health()).warehouse.reachable).toBe(true);

    await proxy.stop();
    const down = await post(QUERY, { from: '2024-02-01' });
    expect(down.body.errors?.map((e) => e.extensions?.code)).toEqual(['WAREHOUSE_UNAVAILABLE']);
    // The message is ours: no driver text, no SQL.
    expect(down.body.errors![0]!.message).toMatch(/^The warehouse 'behind_proxy' is unavailable/);
    expect(JSON.stringify(down.body)).not.toMatch(/select|ECONN|stack/i);
    expect(await health()).toMatchObject({ status: 'degraded', warehouse: { reachable: false } });
    // Browsing does not need the warehouse: the server stays up.
    const browse = await post('{ catalog { version } metric(name: bookings) { label } }');
    expect(browse.body.errors).toBeUndefined();
    // A cached answer is still served while the warehouse is down.
    const cached = await post(QUERY, { from: '2024-01-01' });
    expect((cached.body.data!['query'] as { cached: boolean }).cached).toBe(true);

    await proxy.start();
    const back = await post(QUERY, { from: '2024-02-01' });
    expect(back.body.errors).toBeUndefined();
    expect((back.body.data!['query'] as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    expect((await health()).warehouse.reachable).toBe(true);
  });

  it('answers TIMEOUT when the warehouse hangs, and recovers when it answers again', async () => {
    proxy.pause();
    try {
      const hung = await post(QUERY, { from: '2024-03-01' });
      expect(hung.body.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT']);
    } finally {
      proxy.resume();
    }
    const back = await post(QUERY, { from: '2024-04-01' });
    expect(back.body.errors).toBeUndefined();
  });
});
