import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
import { runRequest } from '../../compiler/compile-request.js';
import type { Catalog } from '../../compiler/catalog/types.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { codes, copyProject, gql, realEngine } from './helpers.js';

const RANGE = { from: '2025-01-01', to: '2026-01-01' };
const QUERY = `query($input: MetricQuery!) { query(input: $input) { columns { name kind unit format } rows rowCount sql bindings cached catalogVersion dialect } }`;

interface QueryData {
  columns: { name: string; kind: string; unit: string | null; format: string | null }[];
  rows: Record<string, unknown>[];
  rowCount: number;
  sql: string;
  bindings: unknown[];
  cached: boolean;
  catalogVersion: string;
  dialect: string;
}

describe('query and compile on the embedded DuckDB sample', () => {
  const project = copyProject();
  const engine = realEngine();
  let server: CanonServer;
  let direct: WarehouseConnection;
  let catalog: Catalog;

  beforeAll(async () => {
    catalog = engine.compileProject(project.root).catalog!;
    const config = catalog.project.warehouses[catalog.project.defaultWarehouse]!;
    direct = await engine.openConnection(config, project.root);
    // Small: some window metrics cost seconds per query on DuckDB even at this scale.
    await engine.loadSample(direct, { scale: 0.02 });
    server = createCanonServer({
      projectRoot: project.root,
      engine,
      config: serverConfigFrom({ server: { limits: { max_rows: 50 } } }, {}),
      watch: false,
      log: () => {},
    });
  });
  afterAll(async () => {
    await server?.close();
    await direct?.close();
    project.remove();
  });

  async function run(input: Record<string, unknown>) {
    const res = await gql(server, QUERY, { input });
    return { res, data: res.body.data?.['query'] as QueryData | undefined };
  }

  it('answers every starter KPI exactly as compileRequest + the connection do', async () => {
    const dialect = getDialect('duckdb')!;
    let compared = 0;
    for (const name of Object.keys(catalog.metrics).sort()) {
      // The server caps rows with a limit one above max_rows; ask the same of the direct run.
      const request = { metrics: [name], grain: 'quarter' as const, timeRange: RANGE, limit: 51 };
      const expected = await runRequest(catalog, request, direct, dialect);
      const { res, data } = await run({ metrics: [name], grain: 'QUARTER', timeRange: RANGE });
      if (expected.diagnostics.some((d) => d.severity === 'error')) {
        expect(res.body.errors?.length, name).toBeGreaterThan(0);
        continue;
      }
      expect(res.body.errors, name).toBeUndefined();
      expect(data!.rows, name).toEqual(JSON.parse(JSON.stringify(expected.rows)));
      expect(data!.sql, name).toBe(expected.sql);
      expect(data!.columns.map((c) => c.name), name).toEqual(expected.columns.map((c) => c.name));
      compared++;
    }
    expect(compared).toBeGreaterThan(Object.keys(catalog.metrics).length * 0.8);
  }, 600_000);

  it('answers a KPI asked again with a new range (filled from its range template) exactly as a full compile + the connection do', async () => {
    const dialect = getDialect('duckdb')!;
    // Same years and ordinary midnights in Los Angeles: the second range is in the first's class.
    const ranges = [{ from: '2025-03-03', to: '2026-02-01' }, { from: '2025-02-10', to: '2026-01-20' }];
    let compared = 0;
    for (const name of Object.keys(catalog.metrics).sort()) {
      for (const timeRange of ranges) {
        const expected = await runRequest(catalog, { metrics: [name], grain: 'quarter', timeRange, limit: 51 }, direct, dialect);
        const { res, data } = await run({ metrics: [name], grain: 'QUARTER', timeRange });
        if (expected.diagnostics.some((d) => d.severity === 'error')) {
          expect(res.body.errors?.length, name).toBeGreaterThan(0);
          continue;
        }
        if (expected.rows.length > 50) {
          expect(codes(res), name).toEqual(['ROW_LIMIT']);
          continue;
        }
        expect(res.body.errors, name).toBeUndefined();
        expect(data!.sql, name).toBe(expected.sql);
        expect(data!.bindings, name).toEqual(expected.bindings);
        expect(data!.rows, name).toEqual(JSON.parse(JSON.stringify(expected.rows)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(Object.keys(catalog.metrics).length);
  }, 600_000);

  it('groups by dimensions, filters and orders, in fiscal quarters', async () => {
    const { res, data } = await run({
      metrics: ['bookings', 'win_rate'],
      groupBy: ['segment'],
      grain: 'FISCAL_QUARTER',
      timeRange: RANGE,
      where: "segment in ('smb', 'enterprise')",
      orderBy: [{ field: 'segment' }, { field: 'metric_time' }],
    });
    expect(res.body.errors).toBeUndefined();
    expect(data!.rows.length).toBeGreaterThan(0);
    expect(new Set(data!.rows.map((r) => r['segment']))).toEqual(new Set(['smb', 'enterprise']));
    const bookings = data!.columns.find((c) => c.name === 'bookings')!;
    expect(bookings.kind).toBe('metric');
    expect(bookings.unit).toBe('CURRENCY');
  });

  it('turns structured filters into the same condition as the where text', async () => {
    const base = { metrics: ['bookings'], groupBy: ['segment'], grain: 'YEAR', timeRange: RANGE, orderBy: [{ field: 'segment' }] };
    const byText = await run({ ...base, where: "segment in ('smb', 'mid_market') and segment != 'smb'" });
    const byFilters = await run({
      ...base,
      filters: [
        { dimension: 'segment', op: 'IN', values: ['smb', 'mid_market'] },
        { dimension: 'segment', op: 'NE', values: ['smb'] },
      ],
    });
    expect(byFilters.res.body.errors).toBeUndefined();
    expect(byFilters.data!.rows).toEqual(byText.data!.rows);
    expect(byFilters.data!.rows.every((r) => r['segment'] === 'mid_market')).toBe(true);
    // Values are bound, never pasted: the injected text is just a segment nobody has.
    const injected = await run({ ...base, filters: [{ dimension: 'segment', op: 'EQ', values: ["x' or '1'='1"] }] });
    expect(injected.res.body.errors).toBeUndefined();
    expect(injected.data!.rows).toEqual([]);
    expect(injected.data!.bindings).toContain("x' or '1'='1");
  });

  it('types structured filter values by the dimension: numbers, booleans, dates, nulls', async () => {
    const compile = async (filters: unknown[]) =>
      gql(server, 'query($f: [DimensionFilter!]) { compile(input: { metrics: [deals_won], filters: $f }) { sql bindings } }', { f: filters });
    const ok = await compile([
      { dimension: 'account__employee_count', op: 'GTE', values: ['100'] },
      { dimension: 'account__is_icp', op: 'EQ', values: ['true'] },
      { dimension: 'account__region', op: 'IS_NOT_NULL' },
      { dimension: 'account__created_at', op: 'BETWEEN', values: ['2024-01-01', '2025-06-30 12:00:00'] },
    ]);
    expect(ok.body.errors).toBeUndefined();
    const bindings = (ok.body.data!['compile'] as { bindings: unknown[] }).bindings;
    expect(bindings).toContain(100);
    for (const [filter, why] of [
      [{ dimension: 'account__employee_count', op: 'GT', values: ['1e5'] }, 'not a plain number'],
      [{ dimension: 'account__is_icp', op: 'EQ', values: ['yes'] }, 'not a boolean'],
      [{ dimension: 'account__created_at', op: 'LT', values: ['next tuesday'] }, 'not a date'],
      [{ dimension: 'account__region', op: 'IS_NULL', values: ['x'] }, 'IS_NULL takes no value'],
      [{ dimension: 'account__region', op: 'IN', values: [] }, 'IN needs a value'],
    ] as const) {
      expect(codes(await compile([filter])), why).toEqual(['INVALID_FILTER']);
    }
  });

  it('rejects hostile or malformed filters with INVALID_FILTER and changes nothing', async () => {
    const before = await direct.query('select count(*) as n from opportunities', []);
    for (const where of [
      "1=1; drop table opportunities",
      "segment = 'smb' --",
      'segment = "smb"',
      "segment = 'smb') or (1=1",
      'no_such_column = 1',
      'amount + 1',
    ]) {
      const { res } = await run({ metrics: ['bookings'], where });
      expect(codes(res), where).toEqual(['INVALID_FILTER']);
    }
    const bad = await run({ metrics: ['bookings'], filters: [{ dimension: 'segment', op: 'BETWEEN', values: ['a'] }] });
    expect(codes(bad.res)).toEqual(['INVALID_FILTER']);
    const after = await direct.query('select count(*) as n from opportunities', []);
    expect(after.rows).toEqual(before.rows);
  });

  it('caches results and runs identical concurrent requests once', async () => {
    const input = { metrics: ['deals_won'], grain: 'MONTH', timeRange: { from: '2025-03-01', to: '2025-09-01' } };
    const first = await run(input);
    const second = await run(input);
    expect(first.data!.cached).toBe(false);
    expect(second.data!.cached).toBe(true);
    expect(second.data!.rows).toEqual(first.data!.rows);
    // Served from the compiled-request memo: the same answer, whatever the order of the input's fields.
    const reordered = await run({ timeRange: { to: '2025-09-01', from: '2025-03-01' }, grain: 'MONTH', metrics: ['deals_won'] });
    expect(reordered.data).toEqual(second.data);
    expect({ ...first.data!, cached: true }).toEqual(second.data);
    // Asked again word for word: the remembered response body, the same answer.
    const again = await run(input);
    expect(again.res.body).toEqual(second.res.body);
    // Once the cache no longer holds the result, neither memo answers: the query runs again.
    await server.cache.close(); // the in-process cache's close() empties it
    const rerun = await run(input);
    expect(rerun.data!.cached).toBe(false);
    expect(rerun.data!.rows).toEqual(first.data!.rows);

    const fresh = { ...input, timeRange: { from: '2024-03-01', to: '2024-09-01' } };
    const burst = await Promise.all(Array.from({ length: 6 }, () => run(fresh)));
    expect(burst.filter((b) => b.data!.cached === false)).toHaveLength(1);
    expect(new Set(burst.map((b) => JSON.stringify(b.data!.rows))).size).toBe(1);
    const metrics = await (await server.yoga.fetch('http://canon/metrics')).text();
    expect(metrics).toMatch(/canon_query_cache_total\{outcome="hit"\} [1-9]/);
  });

  it('compares with the previous period', async () => {
    const { res, data } = await run({ metrics: ['bookings'], grain: 'QUARTER', timeRange: RANGE, compareTo: 'PREVIOUS_PERIOD' });
    expect(res.body.errors).toBeUndefined();
    expect(data!.columns.length).toBeGreaterThan(2);
  });

  it('enforces the row cap with ROW_LIMIT', async () => {
    const { res, data } = await run({ metrics: ['leads_created'], grain: 'DAY', groupBy: ['source'] });
    expect(codes(res), JSON.stringify(data?.rowCount)).toEqual(['ROW_LIMIT']);
    const limited = await run({ metrics: ['leads_created'], grain: 'DAY', groupBy: ['source'], limit: 10, orderBy: [{ field: 'metric_time' }] });
    expect(limited.data!.rowCount).toBe(10);
  });

  it('reports unknown names and bad requests with stable codes', async () => {
    expect(codes((await run({ metrics: ['nope'] })).res)).toEqual(['UNKNOWN_METRIC']);
    expect(codes((await run({ metrics: ['bookings'], groupBy: ['nope'] })).res)).toEqual(['UNKNOWN_DIMENSION']);
    expect(codes((await run({ metrics: ['bookings'], timeRange: { from: '2025-13-45' } })).res)).toEqual(['INVALID_REQUEST']);
    expect(codes((await run({ metrics: ['bookings'], limit: 0 })).res)).toEqual(['INVALID_REQUEST']);
  });

  it('compiles for every registered dialect without running', async () => {
    for (const dialect of ['DUCKDB', 'POSTGRES', 'MYSQL', 'SQLITE']) {
      const res = await gql(
        server,
        `query($d: Dialect) { compile(input: { metrics: [win_rate], groupBy: [account__segment], grain: FISCAL_QUARTER, where: "segment = 'smb'" }, dialect: $d) { sql bindings dialect columns { name } } }`,
        { d: dialect },
      );
      expect(res.body.errors, dialect).toBeUndefined();
      const compiled = res.body.data!['compile'] as { sql: string; bindings: unknown[]; dialect: string };
      expect(compiled.dialect).toBe(dialect.toLowerCase());
      expect(compiled.sql).toMatch(/select/i);
      expect(compiled.bindings).toContain('smb');
      expect(compiled.sql).not.toContain("'smb'");
    }
    expect(codes(await gql(server, '{ compile(input: { metrics: [win_rate] }, dialect: ORACLE) { sql } }'))).toEqual(['INVALID_REQUEST']);
  });

  it('reports a reachable warehouse on /health', async () => {
    const health = (await (await server.yoga.fetch('http://canon/health')).json()) as { status: string; warehouse: { reachable: boolean } };
    expect(health.warehouse.reachable).toBe(true);
    expect(health.status).toBe('ok');
  });
});
