/**
 * Every KPI of the starter catalog on the sample warehouse, by month and by fiscal quarter, with
 * and without a group-by and a filter: every enabled engine must return the same rows as the
 * first one (floats within 1e-9 relative). One number per question, whatever the warehouse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest, runRequest } from '../../compiler/compile-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import type { SqlValue } from '../../compiler/sql/values.js';
import { enabledEngines, releaseSampleWarehouses, withSampleWarehouse, type SampleWarehouse } from '../support/engines.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;
const engines = enabledEngines();
const SCHEMA = 'canon_it_kpis';

type Row = Readonly<Record<string, SqlValue>>;

function close(a: SqlValue, b: SqlValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

/** Rows in a canonical order (engines sort text differently) for comparison. */
function canonical(rows: readonly Row[]): Row[] {
  const key = (r: Row): string => JSON.stringify(Object.entries(r).filter(([, v]) => typeof v !== 'number'));
  return [...rows].sort((x, y) => key(x).localeCompare(key(y)));
}

function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) => Object.keys(row).every((k) => close(row[k] ?? null, b[i]![k] ?? null)));
}

function variants(metric: string): MetricRequest[] {
  return [
    { metrics: [metric], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-07-01' } },
    { metrics: [metric], grain: 'fiscal_quarter' },
    { metrics: [metric], grain: 'month', groupBy: ['account.region'], where: "account.region != 'apac'", timeRange: { from: '2025-02-01', to: '2025-08-01' } },
    { metrics: [metric], grain: 'fiscal_quarter', groupBy: ['segment'], where: "segment in ('smb', 'enterprise')" },
  ];
}

describe.skipIf(engines.length === 0)('every KPI agrees across engines', () => {
  const warehouses: SampleWarehouse[] = [];
  beforeAll(async () => {
    for (const engine of engines) warehouses.push(await withSampleWarehouse(engine.name, { schema: SCHEMA }));
  }, 600_000);
  afterAll(async () => {
    await releaseSampleWarehouses();
  });

  for (const metric of Object.keys(catalog.metrics)) {
    it(`${metric}`, async () => {
      for (const request of variants(metric)) {
        const first = compileRequest(catalog, request, getDialect(engines[0]!.name)!);
        const errors = first.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length > 0) {
          // Group-by/filter dimensions the metric cannot reach are refused, never guessed.
          expect(errors.map((d) => d.code).every((c) => ['unknown-dimension', 'ambiguous-dimension', 'invalid-filter', 'invalid-grain', 'fan-out-join', 'unsupported-aggregation'].includes(c))).toBe(true);
          if (request.groupBy === undefined) expect(errors.map((d) => d.code)).not.toContain('unknown-dimension');
          continue;
        }
        let reference: Row[] | undefined;
        for (const warehouse of warehouses) {
          const result = await runRequest(catalog, request, warehouse.connection, getDialect(warehouse.engine)!);
          expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const rows = canonical(result.rows);
          if (reference === undefined) {
            reference = rows;
            continue;
          }
          if (!sameRows(reference, rows)) {
            expect({ engine: warehouse.engine, request, rows }).toEqual({ engine: warehouse.engine, request, rows: reference });
          }
        }
      }
    });
  }
});
