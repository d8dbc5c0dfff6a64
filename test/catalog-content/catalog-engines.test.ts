import { afterAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../adapters/dialect-registry.js';
import type { Catalog } from '../../compiler/catalog/types.js';
import { runRequest } from '../../compiler/compile-request.js';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { enabledEngines, releaseSampleWarehouses, testEngines, withSampleWarehouse, type EngineName } from '../support/engines.js';
import { PROJECT_ROOT } from './catalog-files.js';

/**
 * Every metric of the starter catalog, run on every enabled engine (DIALECTS) over the sample
 * warehouse: each one returns numbers, and all engines return the same numbers. A definition that
 * leans on one engine's behaviour (integer division, null ordering, a missing aggregate) fails here.
 */

const SCHEMA = 'canon_it_catalog_content';
/** Six calendar quarters; quarter is the one grain every KPI of the catalog is meaningful at. */
const RANGE = { from: '2025-01-01', to: '2026-07-01' };
/** Metrics per request: several per query also exercises combining models in one statement. */
const BATCH = 8;

function compiledCatalog(): Catalog {
  const compiled = compileProject(directorySource(PROJECT_ROOT));
  if (!compiled.catalog) throw new Error(`starter catalog does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  return compiled.catalog;
}

/** metric -> quarter -> value, for one engine. */
type Values = Map<string, Map<string, number | null>>;

async function quarterlyValues(catalog: Catalog, engineName: EngineName): Promise<Values> {
  const { connection } = await withSampleWarehouse(engineName, { schema: SCHEMA });
  const dialect = getDialect(engineName);
  if (!dialect) throw new Error(`no dialect for ${engineName}`);
  const names = Object.keys(catalog.metrics);
  const values: Values = new Map(names.map((n) => [n, new Map()]));
  for (let i = 0; i < names.length; i += BATCH) {
    const metrics = names.slice(i, i + BATCH);
    const result = await runRequest(catalog, { metrics, grain: 'quarter', timeRange: RANGE }, connection, dialect);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`${metrics.join(', ')}: ${errors.map((d) => d.message).join('; ')}`);
    for (const row of result.rows) {
      for (const metric of metrics) {
        const v = row[metric];
        values.get(metric)!.set(String(row['metric_time']), typeof v === 'number' ? v : null);
      }
    }
  }
  return values;
}

const engines = enabledEngines();
const catalog = compiledCatalog();
const results = new Map<string, Values>();

afterAll(async () => {
  await releaseSampleWarehouses();
});

describe('every starter metric on every engine', () => {
  testEngines(); // prints how to enable skipped engines

  for (const engine of engines) {
    it(`${engine.name}: every metric has values for the sample quarters`, { timeout: 300_000 }, async () => {
      const values = await quarterlyValues(catalog, engine.name);
      results.set(engine.name, values);
      for (const [metric, byQuarter] of values) {
        const present = [...byQuarter.values()].filter((v) => v !== null);
        expect(present.length, `${metric} on ${engine.name}`).toBeGreaterThan(0);
        for (const v of present) expect(Number.isFinite(v), `${metric} on ${engine.name}`).toBe(true);
      }
    });
  }

  it.skipIf(engines.length < 2)('all engines agree on every value', () => {
    const [reference, ...others] = engines.map((e) => e.name).filter((n) => results.has(n));
    expect(reference).toBeDefined();
    const expected = results.get(reference!)!;
    for (const other of others) {
      const actual = results.get(other)!;
      for (const [metric, byQuarter] of expected) {
        for (const [quarter, v] of byQuarter) {
          const w = actual.get(metric)?.get(quarter);
          const where = `${metric} ${quarter}: ${reference}=${v} ${other}=${w}`;
          if (v === null) expect(w ?? null, where).toBeNull();
          else expect(Math.abs((w ?? NaN) - v), where).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
        }
      }
    }
  });
});
