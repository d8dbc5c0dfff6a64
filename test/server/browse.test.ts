import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { realEngine, codes, copyProject, gql } from './helpers.js';

describe('browse API over the starter catalog', () => {
  const project = copyProject();
  let server: CanonServer;
  beforeAll(() => {
    server = createCanonServer({ projectRoot: project.root, engine: realEngine(), config: serverConfigFrom({}, {}), watch: false, log: () => {} });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('lists every metric, and MetricName enumerates exactly the catalog', async () => {
    const catalog = server.store.current.loaded.catalog;
    const res = await gql(server, '{ metrics { name } __type(name: "MetricName") { enumValues { name } } }');
    expect(res.body.errors).toBeUndefined();
    const names = (res.body.data!['metrics'] as { name: string }[]).map((m) => m.name);
    expect(names).toEqual(Object.keys(catalog.metrics).sort());
    const enumNames = ((res.body.data!['__type'] as { enumValues: { name: string }[] }).enumValues).map((v) => v.name);
    expect(enumNames).toEqual(names);
  });

  it('returns a full definition with owner, focus areas, targets and formula', async () => {
    const catalog = server.store.current.loaded.catalog;
    const ratio = Object.values(catalog.metrics).find((m) => m.type === 'ratio')!;
    const res = await gql(
      server,
      `query($n: MetricName!) { metric(name: $n) { name type label unit formula owner { name label kind } focusAreas { name label }
        numerator { name filter } denominator { name } targets { period value } thresholds { level below above } status version source { file line } } }`,
      { n: ratio.name },
    );
    expect(res.body.errors).toBeUndefined();
    const metric = res.body.data!['metric'] as Record<string, unknown>;
    expect(metric['name']).toBe(ratio.name);
    expect(metric['type']).toBe('RATIO');
    expect(metric['formula']).toContain(' / ');
    expect((metric['numerator'] as { name: string }).name).toBe(ratio.numerator.metric);
    expect((metric['focusAreas'] as { name: string }[]).map((a) => a.name)).toEqual([...ratio.focusAreas]);
    if (ratio.owner) expect((metric['owner'] as { name: string }).name).toBe(ratio.owner);
    expect((metric['source'] as { file: string }).file).toMatch(/^metrics\//);
  });

  it('filters by focus area, indicator and search', async () => {
    const catalog = server.store.current.loaded.catalog;
    const area = Object.keys(catalog.focusAreas).sort()[0]!;
    const res = await gql(server, `query($a: FocusAreaName) { metrics(focusArea: $a, indicator: LEADING) { name indicator focusAreas { name } } }`, { a: area });
    expect(res.body.errors).toBeUndefined();
    const expected = Object.values(catalog.metrics).filter((m) => m.focusAreas.includes(area) && m.indicator === 'leading').map((m) => m.name).sort();
    expect((res.body.data!['metrics'] as { name: string }[]).map((m) => m.name)).toEqual(expected);
    const search = await gql(server, '{ metrics(search: "WIN") { name } }');
    expect((search.body.data!['metrics'] as { name: string }[]).some((m) => m.name === 'win_rate')).toBe(true);
  });

  it('answers dependencies and dependents from the catalog', async () => {
    const catalog = server.store.current.loaded.catalog;
    const ratio = Object.values(catalog.metrics).find((m) => m.type === 'ratio')!;
    const res = await gql(server, `query($n: MetricName!, $d: MetricName!) { dependencies(name: $n) { name } dependents(name: $d) { name } }`, {
      n: ratio.name,
      d: ratio.numerator.metric,
    });
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data!['dependencies'] as { name: string }[]).map((m) => m.name)).toEqual(
      [...new Set([ratio.numerator.metric, ratio.denominator.metric])].sort(),
    );
    expect((res.body.data!['dependents'] as { name: string }[]).map((m) => m.name)).toContain(ratio.name);
  });

  it('lists focus areas, owners, dimensions and the catalog version', async () => {
    const res = await gql(server, '{ focusAreas { name metrics { name } } owners { name kind } dimensions { name model type } catalog { version loadedAt errors { code } metricCount } }');
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data!;
    expect((data['focusAreas'] as unknown[]).length).toBe(5);
    expect((data['dimensions'] as { name: string }[]).some((d) => d.name === 'account.segment')).toBe(true);
    expect((data['catalog'] as { version: string }).version).toBe(server.store.current.loaded.catalog.version);
    expect((data['catalog'] as { errors: unknown[] }).errors).toEqual([]);
  });

  it('rejects unknown metric and dimension names as enum values, with stable codes', async () => {
    const literal = await gql(server, '{ metric(name: no_such_metric) { name } }');
    expect(codes(literal)).toEqual(['UNKNOWN_METRIC']);
    const variable = await gql(server, 'query($n: MetricName!) { metric(name: $n) { name } }', { n: 'no_such_metric' });
    expect(codes(variable)).toEqual(['UNKNOWN_METRIC']);
    const dim = await gql(server, 'query($d: [DimensionName!]) { compile(input: { metrics: [win_rate], groupBy: $d }) { sql } }', { d: ['nope'] });
    expect(codes(dim)).toEqual(['UNKNOWN_DIMENSION']);
    const typo = await gql(server, '{ metrics { nmae } }');
    expect(codes(typo)).toEqual(['INVALID_REQUEST']);
  });

  it('limits query depth, aliases and tokens', async () => {
    const nested = Array.from({ length: 12 }, () => 'dependencies {').join(' ');
    const deep = await gql(server, `{ metrics { ${nested} name ${'}'.repeat(12)} } }`);
    expect(codes(deep)).toContain('QUERY_TOO_COMPLEX');
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: catalog { version }`).join(' ');
    expect(codes(await gql(server, `{ ${aliases} }`))).toContain('QUERY_TOO_COMPLEX');
  });

  it('serves /health and /metrics', async () => {
    const health = await server.yoga.fetch('http://canon/health');
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; catalog: { version: string }; warehouse: { reachable: boolean } };
    expect(body.catalog.version).toBe(server.store.current.loaded.catalog.version);
    expect(typeof body.warehouse.reachable).toBe("boolean");
    const metrics = await (await server.yoga.fetch('http://canon/metrics')).text();
    expect(metrics).toContain('canon_graphql_requests_total');
    expect(metrics).toContain('canon_catalog_reloads_total');
  });
});

describe('masking of unexpected errors', () => {
  const project = copyProject();
  const logged: string[] = [];
  let server: CanonServer;
  beforeAll(() => {
    const engine = realEngine();
    // A compiler bug stand-in: an exception whose message must never reach a client.
    const broken = {
      ...engine,
      runRequest: () => Promise.reject(new Error('SELECT secret FROM internals -- password=hunter2')),
      compileRequest: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'measures')");
      },
    };
    server = createCanonServer({ projectRoot: project.root, engine: broken, config: serverConfigFrom({}, {}), watch: false, log: (m) => logged.push(m) });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('answers INTERNAL with a fixed message and logs the original', async () => {
    for (const query of ['{ query(input: { metrics: [bookings] }) { rows } }', '{ compile(input: { metrics: [bookings] }) { sql } }']) {
      const res = await gql(server, query);
      expect(codes(res)).toEqual(['INTERNAL']);
      expect(res.body.errors![0]!.message).toBe('Unexpected error.');
      expect(JSON.stringify(res.body)).not.toMatch(/secret|hunter2|measures|stack/);
    }
    expect(logged.some((l) => l.includes('hunter2'))).toBe(true);
    const metrics = await (await server.yoga.fetch('http://canon/metrics')).text();
    expect(metrics).toMatch(/canon_graphql_errors_total\{code="INTERNAL"\} 2/);
  });
});
