import { afterAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../adapters/connection.js';
import { generateSample } from '../../sample/generate-sample.js';
import { collectSample } from '../../sample/sample-data.js';
import { SAMPLE_TABLES } from '../../sample/tables.js';
import { releaseSampleWarehouses, testEngines, withSampleWarehouse } from '../support/engines.js';

const SCHEMA = 'canon_it_sample_load';
const expected = collectSample(generateSample({ seed: 42, scale: 1 }));

afterAll(releaseSampleWarehouses);

const cents = (v: unknown): number => Math.round(Number(v) * 100);
const key = (row: readonly SqlValue[]): string => JSON.stringify(row);

for (const engine of testEngines()) {
  describe.skipIf(!engine.enabled)(`sample warehouse on ${engine.name}`, () => {
    it('loads every table with the generated row counts', async () => {
      const { connection, report } = await withSampleWarehouse(engine.name, { schema: SCHEMA });
      for (const table of SAMPLE_TABLES) {
        const want = expected[table.name]?.length ?? 0;
        expect(report.rowCounts[table.name], table.name).toBe(want);
        const { rows } = await connection.query(`select count(*) as n from ${table.name}`, []);
        expect(rows[0]?.['n'], table.name).toBe(want);
      }
    });

    // Every value read back equals the generated one: numbers as numbers, dates and timestamps in
    // the same ISO text, booleans as booleans, nulls as null. This is what makes engines agree.
    it('reads every row back exactly as generated', async () => {
      const { connection } = await withSampleWarehouse(engine.name, { schema: SCHEMA });
      for (const table of SAMPLE_TABLES) {
        const names = table.columns.map((c) => c.name);
        const { rows, columns } = await connection.query(`select ${names.join(', ')} from ${table.name}`, []);
        expect(columns).toEqual(names);
        const got = rows.map((r) => key(names.map((n) => r[n] ?? null))).sort();
        const want = (expected[table.name] ?? []).map((r) => key(r)).sort();
        expect(got.length, table.name).toBe(want.length);
        const mismatches = got.filter((g, i) => g !== want[i]).slice(0, 3);
        expect(mismatches, table.name).toEqual([]);
      }
    });

    it('aggregates to the same totals on every engine', async () => {
      const { connection } = await withSampleWarehouse(engine.name, { schema: SCHEMA });
      const opportunities = expected['opportunities'] ?? [];
      const { rows: [o] } = await connection.query(
        `select count(*) as n, sum(amount) as total, sum(case when is_won then 1 else 0 end) as won,
                count(amount) as priced, min(created_at) as first_created, max(closed_at) as last_closed
           from opportunities where created_at >= ? and source <> ?`,
        ['2024-01-01T00:00:00', 'nope'],
      );
      expect(o?.['n']).toBe(opportunities.length);
      expect(cents(o?.['total'])).toBe(opportunities.reduce((s, r) => s + cents(r[7] ?? 0), 0));
      expect(o?.['won']).toBe(opportunities.filter((r) => r[11] === true).length);
      expect(o?.['priced']).toBe(opportunities.filter((r) => r[7] !== null).length);
      expect(o?.['first_created']).toBe(opportunities.map((r) => String(r[8])).sort()[0]);
      expect(o?.['last_closed']).toBe(opportunities.filter((r) => r[9] !== null).map((r) => String(r[9])).sort().at(-1));

      const snapshots = expected['arr_snapshots'] ?? [];
      const { rows: [a] } = await connection.query(
        'select sum(arr) as arr, min(snapshot_date) as first_day, max(snapshot_date) as last_day from arr_snapshots where snapshot_date <= ?',
        ['2026-06-30'],
      );
      expect(cents(a?.['arr'])).toBe(snapshots.reduce((s, r) => s + cents(r[2]), 0));
      expect(a?.['first_day']).toBe('2024-01-31');
      expect(a?.['last_day']).toBe('2026-06-30');

      const { rows: [r] } = await connection.query('select count(*) as n from accounts where region is null and is_icp = ?', [true]);
      expect(r?.['n']).toBe((expected['accounts'] ?? []).filter((x) => x[3] === null && x[8] === true).length);
    });
  });
}
