import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue, WarehouseConnection } from '../../adapters/connection.js';
import { ddlDialect } from '../../sample/table-ddl.js';
import { openTestConnection, testEngines } from '../support/engines.js';

const SCHEMA = 'canon_it_bindings';

const HOSTILE = [
  "O'Brien",
  'say "hi"',
  "'; drop table probe; --",
  'back\\slash and `tick`',
  'Zoë · 日本語 · 🚀',
  'question? marks? $1 :name',
  '',
] as const;

/** One row per probe value, with every logical type the sample uses. */
const ROWS: readonly (readonly SqlValue[])[] = HOSTILE.map((text, i) => [
  i + 1,
  text,
  i % 2 === 0,
  Math.round(((i + 1) * 1234.56 + 0.01) * 100) / 100,
  i + 0.25,
  `2024-02-${String(20 + i).padStart(2, '0')}`,
  `2024-03-0${i + 1}T00:0${i}:59`,
  i === 3 ? null : 3_000_000_000 + i,
]);

for (const engine of testEngines()) {
  describe.skipIf(!engine.enabled)(`bindings and types on ${engine.name}`, () => {
    let connection: WarehouseConnection;

    beforeAll(async () => {
      connection = await openTestConnection(engine.name, engine.isServer ? { schema: SCHEMA } : {});
      const t = ddlDialect(connection.dialectName).types;
      await connection.execute('DROP TABLE IF EXISTS probe');
      await connection.execute(
        `CREATE TABLE probe (id ${t.int}, label ${t.text}, flag ${t.boolean}, money ${t.decimal}, ratio ${t.double}, ` +
          `day ${t.date}, happened_at ${t.timestamp}, big ${engine.name === 'sqlite' ? 'INTEGER' : 'BIGINT'})`,
      );
      await connection.insertRows('probe', ['id', 'label', 'flag', 'money', 'ratio', 'day', 'happened_at', 'big'], ROWS);
    });
    afterAll(async () => {
      await connection?.execute('DROP TABLE IF EXISTS probe');
      await connection?.close();
    });

    it('round-trips every type through insertRows and query', async () => {
      const { columns, rows } = await connection.query('select id, label, flag, money, ratio, day, happened_at, big from probe order by id', []);
      expect(columns).toEqual(['id', 'label', 'flag', 'money', 'ratio', 'day', 'happened_at', 'big']);
      expect(rows.map((r) => columns.map((c) => r[c]))).toEqual(ROWS);
    });

    it('binds hostile strings as values, never as SQL', async () => {
      for (const [i, text] of HOSTILE.entries()) {
        const { rows } = await connection.query('select id from probe where label = ?', [text]);
        expect(rows, JSON.stringify(text)).toEqual([{ id: i + 1 }]);
      }
      const { rows } = await connection.query('select count(*) as n from probe where label = ? or label = ?', ["x' or '1'='1", null]);
      expect(rows[0]?.['n']).toBe(0);
    });

    it('binds null, booleans, numbers, dates and timestamps positionally', async () => {
      const { rows } = await connection.query(
        'select id from probe where flag = ? and money > ? and day >= ? and happened_at < ? and (big is null or big > ?) order by id',
        [true, 1000, '2024-02-22', '2024-03-07T00:00:00', 3_000_000_001],
      );
      expect(rows.map((r) => r['id'])).toEqual([3, 5]);
      const nulls = await connection.query('select id from probe where big is null and label <> ?', ['']);
      expect(nulls.rows).toEqual([{ id: 4 }]);
    });

    it('normalises computed values the same way as stored ones', async () => {
      const { rows } = await connection.query(
        'select count(*) as n, sum(money) as total, sum(big) as bigs, min(day) as first_day, max(happened_at) as last_at, avg(ratio) as mean from probe',
        [],
      );
      expect(rows).toEqual([{
        n: 7,
        total: Math.round(ROWS.reduce((s, r) => s + Number(r[3]) * 100, 0)) / 100,
        bigs: 6 * 3_000_000_000 + (0 + 1 + 2 + 4 + 5 + 6),
        first_day: '2024-02-20',
        last_at: '2024-03-07T00:06:59',
        mean: 3.25,
      }]);
    });

    it.skipIf(engine.name !== 'postgres' && engine.name !== 'duckdb')('returns zoned timestamps as UTC ISO text', async () => {
      const { rows } = await connection.query('select cast(? as timestamptz) as t', ['2024-03-10 23:30:00-08:00']);
      expect(rows).toEqual([{ t: '2024-03-11T07:30:00' }]);
    });

    it('returns unicode text untouched', async () => {
      const { rows } = await connection.query('select label from probe where id = ?', [5]);
      expect(rows[0]?.['label']).toBe('Zoë · 日本語 · 🚀');
    });

    // DuckDB keeps prepared statements by SQL text; the same text must still see new values,
    // a changed table and a failed run like a fresh statement would.
    it('runs one SQL text again with new values, after its table changed, and after it failed', async () => {
      const sql = 'select id, label from probe where id >= ? order by id';
      expect((await connection.query(sql, [6])).rows).toEqual([{ id: 6, label: HOSTILE[5] }, { id: 7, label: '' }]);
      expect((await connection.query(sql, [7])).rows).toEqual([{ id: 7, label: '' }]);
      await connection.execute('DROP TABLE IF EXISTS probe_copy');
      await connection.execute('CREATE TABLE probe_copy AS SELECT id, label FROM probe');
      const copySql = 'select count(*) as n from probe_copy where id > ?';
      expect((await connection.query(copySql, [0])).rows).toEqual([{ n: 7 }]);
      await connection.execute('DROP TABLE probe_copy');
      await expect(connection.query(copySql, [0])).rejects.toThrow(/probe_copy/i);
      await connection.execute('CREATE TABLE probe_copy AS SELECT id, label FROM probe WHERE id > 5');
      expect((await connection.query(copySql, [0])).rows).toEqual([{ n: 2 }]);
      await connection.execute('DROP TABLE probe_copy');
    });
  });
}
