import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { realEngine, copyProject, gql } from './helpers.js';

const NEW_METRIC = `
metrics:
  - name: open_pipeline_copy
    label: Pipeline Value (copy)
    description: The open pipeline again, added by the hot-reload test.
    type: simple
    measure: open_pipeline_amount
    owner: sales_ops
    indicator: leading
    focus_areas: [pipeline_health]
    stage: acquisition
    cadence: weekly
    audience: [frontline]
    unit: currency
    direction: higher_is_better
    status: draft
    version: 1
`;

/** Polls until `check` holds (the watcher debounces and compiles in the background). */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('hot reload of metrics/', () => {
  const project = copyProject();
  const kpis = join(project.root, 'metrics', 'kpis', 'pipeline-health.yaml');
  const original = readFileSync(kpis, 'utf8');
  let server: CanonServer;
  beforeAll(() => {
    server = createCanonServer({
      projectRoot: project.root,
      engine: realEngine(),
      config: serverConfigFrom({}, {}),
      watch: { debounceMs: 50, pollMs: 250 },
      log: () => {},
    });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('keeps serving the last good catalog through a broken edit and reports its errors', async () => {
    const good = server.store.current.loaded.catalog.version;
    writeFileSync(kpis, original.replace('measure: open_pipeline_amount', 'measure: open_pipeline_amuont'));
    await until(() => server.store.current.errors.length > 0, 'the broken edit to be reported');

    const res = await gql(server, '{ catalog { version errors { code message file line col } } metric(name: open_pipeline) { name measure { name } } }');
    expect(res.body.errors).toBeUndefined();
    const catalog = res.body.data!['catalog'] as { version: string; errors: { code: string; message: string; file: string; line: number; col: number }[] };
    expect(catalog.version).toBe(good);
    const error = catalog.errors.find((e) => e.message.includes('open_pipeline_amuont'));
    expect(error).toBeDefined();
    expect(error!.file).toBe('metrics/kpis/pipeline-health.yaml');
    expect(error!.line).toBeGreaterThan(0);
    expect(error!.col).toBeGreaterThan(0);
    expect((res.body.data!['metric'] as { measure: { name: string } }).measure.name).toBe('open_pipeline_amount');

    const metrics = await (await server.yoga.fetch('http://canon/metrics')).text();
    expect(metrics).toMatch(/canon_catalog_reloads_total\{outcome="failed"\} [1-9]/);
    const health = (await (await server.yoga.fetch('http://canon/health')).json()) as { status: string; catalog: { errors: number } };
    expect(health.status).toBe('degraded');
    expect(health.catalog.errors).toBeGreaterThan(0);
  });

  it('swaps in a good edit: new definitions and new enum values appear', async () => {
    const before = server.store.current.loaded.catalog.version;
    writeFileSync(kpis, original.replace('label: Pipeline Value\n', 'label: Open Pipeline Value\n'));
    writeFileSync(join(project.root, 'metrics', 'kpis', 'extra.yaml'), NEW_METRIC);
    await until(
      () => server.store.current.errors.length === 0 && server.store.current.loaded.catalog.metrics['open_pipeline_copy'] !== undefined,
      'the good edit to be loaded',
    );
    const res = await gql(server, '{ catalog { version errors { code } } metric(name: open_pipeline) { label } copy: metric(name: open_pipeline_copy) { name label } }');
    expect(res.body.errors).toBeUndefined();
    const catalog = res.body.data!['catalog'] as { version: string; errors: unknown[] };
    expect(catalog.version).not.toBe(before);
    expect(catalog.errors).toEqual([]);
    expect((res.body.data!['metric'] as { label: string }).label).toBe('Open Pipeline Value');
    expect((res.body.data!['copy'] as { name: string }).name).toBe('open_pipeline_copy');
  });

  it('keeps a request on the snapshot it started with', async () => {
    const snapshot = server.store.current;
    writeFileSync(join(project.root, 'metrics', 'kpis', 'extra.yaml'), NEW_METRIC.replace('(copy)', '(copy 2)'));
    await until(() => server.store.current !== snapshot && server.store.current.errors.length === 0, 'the second edit');
    // The old snapshot is untouched: its catalog and schema are those of the earlier version.
    expect(snapshot.loaded.catalog.metrics['open_pipeline_copy']!.label).toBe('Pipeline Value (copy)');
    expect(server.store.current.loaded.catalog.metrics['open_pipeline_copy']!.label).toBe('Pipeline Value (copy 2)');
  });
});

describe('hot reload through fs.watch alone (recursive watch on Node 20, poll out of the way)', () => {
  const project = copyProject();
  let server: CanonServer;
  beforeAll(() => {
    server = createCanonServer({
      projectRoot: project.root,
      engine: realEngine(),
      config: serverConfigFrom({}, {}),
      watch: { debounceMs: 50, pollMs: 600_000 },
      log: () => {},
    });
  });
  afterAll(async () => {
    await server.close();
    project.remove();
  });

  it('sees a new file in a nested folder', async () => {
    writeFileSync(join(project.root, 'metrics', 'kpis', 'extra.yaml'), NEW_METRIC);
    await until(() => server.store.current.loaded.catalog.metrics['open_pipeline_copy'] !== undefined, 'the new metric');
    const res = await gql(server, '{ metric(name: open_pipeline_copy) { label } }');
    expect(res.body.errors).toBeUndefined();
  });
});
