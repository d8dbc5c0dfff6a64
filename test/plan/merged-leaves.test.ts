/**
 * Aggregate leaves on the same model and keys share one scan (measure filters become CASE WHEN):
 * the merged query must give exactly the rows and values of the leaves computed one by one,
 * including keys only one measure has and keys no measure has (which must not appear).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest, runRequest } from '../../compiler/compile-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { openTestConnection } from '../support/engines.js';

const CANON_YAML = `
project: merge
default_warehouse: local
time_zone: UTC
warehouses:
  local: { type: duckdb, path: ":memory:" }
lint:
  rules: { missing-description: "off", missing-owner: "off", missing-focus-area: "off", missing-label: "off" }
`;

const MODELS = `
semantic_models:
  - name: events
    table: merge_events
    default_time_dimension: day
    entities:
      - { name: event, type: primary, expr: event_id }
    dimensions:
      - { name: kind, type: categorical, expr: kind }
      - { name: region, type: categorical, expr: region }
      - { name: day, type: time, expr: day, grain: day, data_type: date }
    measures:
      - { name: signups, agg: count, expr: event_id, filter: "kind = 'signup'", unit: count }
      - { name: upgrades, agg: count, expr: event_id, filter: "kind = 'upgrade'", unit: count }
      - { name: signup_amount, agg: sum, expr: amount, filter: "kind = 'signup'", unit: currency }
      - { name: upgrade_amount, agg: sum, expr: amount, filter: "kind = 'upgrade'", unit: currency }
      - { name: upgrade_avg, agg: average, expr: amount, filter: "kind = 'upgrade'", unit: currency }
      - { name: upgrade_max, agg: max, expr: amount, filter: "kind = 'upgrade'", unit: currency }
`;

const METRICS = `
metrics:
  - { name: signups, type: simple, measure: signups, unit: count }
  - { name: upgrades, type: simple, measure: upgrades, unit: count }
  - { name: signup_amount, type: simple, measure: signup_amount, unit: currency }
  - { name: upgrade_amount, type: simple, measure: upgrade_amount, unit: currency }
  - { name: upgrade_avg, type: simple, measure: upgrade_avg, unit: currency }
  - { name: upgrade_max, type: simple, measure: upgrade_max, unit: currency }
  - { name: upgrade_share, type: ratio, numerator: upgrades, denominator: signups, unit: ratio }
`;

const result = compileProject(memorySource({ 'canon.yaml': CANON_YAML, 'metrics/models.yaml': MODELS, 'metrics/metrics.yaml': METRICS }));
const catalog = result.catalog!;
const dialect = getDialect('duckdb')!;
const METRIC_NAMES = ['signups', 'upgrades', 'signup_amount', 'upgrade_amount', 'upgrade_avg', 'upgrade_max', 'upgrade_share'];

describe('merged aggregate leaves', () => {
  let connection: WarehouseConnection;
  beforeAll(async () => {
    connection = await openTestConnection('duckdb');
    await connection.execute('CREATE TABLE merge_events (event_id INTEGER, kind VARCHAR, region VARCHAR, amount DOUBLE, day DATE)');
    // January: signups only in east; upgrades only in west (one with a NULL amount);
    // February: only 'other' events, a key no measure has; March: an upgrade in a NULL region.
    await connection.execute(`INSERT INTO merge_events VALUES
      (1, 'signup', 'east', 10, DATE '2026-01-03'), (2, 'signup', 'east', NULL, DATE '2026-01-09'),
      (3, 'upgrade', 'west', 5, DATE '2026-01-04'), (4, 'upgrade', 'west', NULL, DATE '2026-01-20'),
      (5, 'other', 'north', 7, DATE '2026-02-02'), (6, 'upgrade', NULL, 3, DATE '2026-03-01')`);
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('compiles several measures of one model into one scan', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sql = compileRequest(catalog, { metrics: METRIC_NAMES, grain: 'month', groupBy: ['region'] }, dialect).sql;
    expect(sql.match(/_rows" AS \(/g)).toHaveLength(1);
  });

  const requests: MetricRequest[] = [
    { metrics: METRIC_NAMES, grain: 'month', groupBy: ['region'] },
    { metrics: METRIC_NAMES, grain: 'month' },
    { metrics: METRIC_NAMES, groupBy: ['region'] },
    { metrics: METRIC_NAMES },
    { metrics: METRIC_NAMES, grain: 'month', timeRange: { from: '2026-02-01', to: '2026-04-01' } },
    { metrics: METRIC_NAMES, groupBy: ['kind'], where: "region = 'west' or region is null" },
  ];
  for (const request of requests) {
    it(`gives the values of the leaves computed one by one: ${JSON.stringify(request)}`, async () => {
      const together = await runRequest(catalog, request, connection, dialect);
      expect(together.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const keyOf = (row: Record<string, unknown>): string => JSON.stringify([row.metric_time, row.region, row.kind]);
      const expected = new Map<string, Record<string, unknown>>();
      for (const metric of METRIC_NAMES) {
        const alone = await runRequest(catalog, { ...request, metrics: [metric] }, connection, dialect);
        for (const row of alone.rows) {
          const key = keyOf(row);
          expected.set(key, { ...(expected.get(key) ?? {}), ...row });
        }
      }
      const byKey = new Map(together.rows.map((row) => [keyOf(row), row] as const));
      expect([...byKey.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, row] of expected) {
        for (const metric of METRIC_NAMES) {
          // A metric alone omits the keys it has no rows for; together they read NULL (0 for counts).
          const want = row[metric] ?? byKey.get(key)![metric];
          expect(byKey.get(key)![metric], `${key} ${metric}`).toEqual(want);
        }
      }
    });
  }
});
