import { describe, expect, it } from 'vitest';
import { generateSample } from '../../sample/generate-sample.js';
import { collectSample, type SampleRow } from '../../sample/sample-data.js';
import { SAMPLE_TABLES, sampleTable } from '../../sample/tables.js';
import { createRandom } from '../../sample/random.js';

const data = collectSample(generateSample({ seed: 42, scale: 1 }));

/** Rows of `table` as objects keyed by column name. */
function records(table: string): Record<string, unknown>[] {
  const columns = sampleTable(table).columns.map((c) => c.name);
  return (data[table] ?? []).map((row: SampleRow) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}

function ids(table: string, column: string): Set<unknown> {
  return new Set(records(table).map((r) => r[column]));
}

describe('random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateSample', () => {
  it('gives identical rows for the same seed, whatever the batch size', () => {
    const again = collectSample(generateSample({ seed: 42, scale: 1, batchAccounts: 137 }));
    expect(again).toEqual(data);
  });

  it('gives different rows for a different seed', () => {
    const other = collectSample(generateSample({ seed: 43, scale: 0.2 }));
    const small = collectSample(generateSample({ seed: 42, scale: 0.2 }));
    expect(other['accounts']).not.toEqual(small['accounts']);
  });

  it('has exactly the documented tables, with rows shaped like their columns', () => {
    expect(Object.keys(data).sort()).toEqual(SAMPLE_TABLES.map((t) => t.name).sort());
    const problems: string[] = [];
    const fits: Record<string, (v: unknown) => boolean> = {
      int: (v) => Number.isInteger(v),
      double: (v) => typeof v === 'number' && Number.isFinite(v),
      decimal: (v) => typeof v === 'number' && Math.round(v * 100) / 100 === v,
      text: (v) => typeof v === 'string',
      boolean: (v) => typeof v === 'boolean',
      date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
      timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v),
    };
    for (const table of SAMPLE_TABLES) {
      const rows = data[table.name] ?? [];
      if (rows.length === 0) problems.push(`${table.name} is empty`);
      for (const row of rows) {
        if (row.length !== table.columns.length) problems.push(`${table.name} row has ${row.length} values`);
        table.columns.forEach((column, i) => {
          const value = row[i];
          const ok = value === null ? column.nullable === true : fits[column.type]?.(value);
          if (!ok) problems.push(`${table.name}.${column.name} = ${JSON.stringify(value)}`);
        });
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('is about 2,000 accounts and ~50k rows at scale 1, inside 2024-01-01 .. 2026-06-30', () => {
    expect(data['accounts']?.length).toBe(2000);
    const total = Object.values(data).reduce((n, rows) => n + rows.length, 0);
    expect(total).toBeGreaterThan(35_000);
    expect(total).toBeLessThan(90_000);
    const outside: string[] = [];
    for (const table of SAMPLE_TABLES) {
      table.columns.forEach((column, i) => {
        if (column.type !== 'date' && column.type !== 'timestamp') return;
        if (table.name === 'reps') return; // most sellers were hired before the history starts
        if (column.name === 'expected_close_date') return; // open deals expect to close later
        for (const row of data[table.name] ?? []) {
          const v = row[i];
          if (typeof v !== 'string') continue;
          if (v < '2024-01-01' || v.slice(0, 10) > '2026-06-30') outside.push(`${table.name}.${column.name} ${v}`);
        }
      });
    }
    expect(outside.slice(0, 10)).toEqual([]);
  });

  it('resolves every foreign key', () => {
    const accounts = ids('accounts', 'account_id');
    const reps = ids('reps', 'rep_id');
    const leads = ids('leads', 'lead_id');
    const opportunities = ids('opportunities', 'opportunity_id');
    const checks: [string, string, Set<unknown>][] = [
      ['reps', 'manager_id', reps], ['accounts', 'owner_rep_id', reps], ['leads', 'account_id', accounts],
      ['leads', 'opportunity_id', opportunities], ['opportunities', 'account_id', accounts],
      ['opportunities', 'owner_rep_id', reps], ['opportunities', 'lead_id', leads],
      ['pipeline_snapshots', 'opportunity_id', opportunities], ['pipeline_snapshots', 'account_id', accounts],
      ['pipeline_snapshots', 'owner_rep_id', reps], ['arr_movements', 'account_id', accounts],
      ['arr_snapshots', 'account_id', accounts], ['renewals', 'account_id', accounts], ['trials', 'account_id', accounts],
      ['trials', 'lead_id', leads], ['account_health', 'account_id', accounts], ['support_tickets', 'account_id', accounts],
      ['survey_responses', 'account_id', accounts], ['referrals', 'referrer_account_id', accounts],
      ['referrals', 'referred_lead_id', leads], ['referrals', 'opportunity_id', opportunities], ['quotas', 'rep_id', reps],
      ['forecasts', 'rep_id', reps],
    ];
    const dangling: string[] = [];
    for (const [table, column, targets] of checks) {
      for (const r of records(table)) {
        if (r[column] !== null && !targets.has(r[column])) dangling.push(`${table}.${column} = ${String(r[column])}`);
      }
    }
    expect(dangling.slice(0, 10)).toEqual([]);
    // A converted lead and its opportunity point at each other.
    const byId = new Map(records('opportunities').map((o) => [o['opportunity_id'], o]));
    for (const lead of records('leads')) {
      if (lead['opportunity_id'] === null) continue;
      expect(byId.get(lead['opportunity_id'])?.['lead_id']).toBe(lead['lead_id']);
      expect(lead['converted_at']).not.toBeNull();
    }
  });

  it('keeps primary keys unique', () => {
    for (const table of SAMPLE_TABLES) {
      if (!table.primaryKey) continue;
      const values = records(table.name).map((r) => r[table.primaryKey ?? '']);
      expect(new Set(values).size, table.name).toBe(values.length);
    }
  });

  it('keeps opportunities consistent: closed after created, won means closed_won, amounts sometimes missing', () => {
    const opportunities = records('opportunities');
    for (const o of opportunities) {
      if (o['closed_at'] !== null) expect(String(o['closed_at']) >= String(o['created_at'])).toBe(true);
      if (o['is_won']) {
        expect(o['stage']).toBe('closed_won');
        expect(o['is_closed']).toBe(true);
      }
      expect(o['is_closed']).toBe(o['closed_at'] !== null);
      expect(o['is_closed']).toBe(o['stage'] === 'closed_won' || o['stage'] === 'closed_lost');
      if (o['stage'] === 'closed_won') expect(o['forecast_category']).toBe('closed');
    }
    expect(opportunities.some((o) => o['amount'] === null)).toBe(true);
    expect(opportunities.some((o) => !o['is_closed'])).toBe(true);
    expect(new Set(opportunities.map((o) => o['opportunity_type']))).toEqual(new Set(['new_business', 'expansion', 'renewal']));
    for (const lead of records('leads')) {
      for (const [later, earlier] of [['mql_at', 'created_at'], ['sql_at', 'mql_at'], ['converted_at', 'sql_at']] as const) {
        if (lead[later] !== null) expect(String(lead[later]) >= String(lead[earlier])).toBe(true);
      }
    }
  });

  it('has accounts with no region, and events minutes after UTC midnight', () => {
    const accounts = records('accounts');
    const unknown = accounts.filter((a) => a['region'] === null).length;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown / accounts.length).toBeLessThan(0.05);
    const nearMidnight = records('opportunities').filter((o) => /T00:(0\d|1[0-4]):/.test(String(o['closed_at'])));
    expect(nearMidnight.length).toBeGreaterThan(5);
    expect(records('leads').some((l) => /T00:0\d:/.test(String(l['created_at'])))).toBe(true);
  });

  it('keeps arr_snapshots equal to the running sum of arr_movements, never zero or negative', () => {
    const movements = records('arr_movements');
    for (const m of movements) {
      const change = Number(m['arr_change']);
      if (m['movement_type'] === 'churn' || m['movement_type'] === 'contraction') expect(change).toBeLessThan(0);
      else expect(change).toBeGreaterThan(0);
    }
    const byAccount = new Map<unknown, Record<string, unknown>[]>();
    for (const m of movements) byAccount.set(m['account_id'], [...(byAccount.get(m['account_id']) ?? []), m]);
    const snapshots = records('arr_snapshots');
    expect(snapshots.length).toBeGreaterThan(1000);
    for (const s of snapshots) {
      const cents = (byAccount.get(s['account_id']) ?? [])
        .filter((m) => String(m['movement_date']) <= String(s['snapshot_date']))
        .reduce((sum, m) => sum + Math.round(Number(m['arr_change']) * 100), 0);
      expect(Math.round(Number(s['arr']) * 100)).toBe(cents);
      expect(cents).toBeGreaterThan(0);
    }
    // Month ends with ARR > 0 all have a snapshot (none missing, none extra).
    const types = new Set(movements.map((m) => m['movement_type']));
    expect(types).toEqual(new Set(['new', 'expansion', 'contraction', 'churn', 'reactivation']));
    expect(movements.some((m) => m['self_serve'] === true)).toBe(true);
  });

  it('keeps renewals coherent', () => {
    for (const r of records('renewals')) {
      if (r['is_renewed']) {
        expect(r['renewed_on']).not.toBeNull();
        expect(Number(r['arr_renewed'])).toBeGreaterThan(0);
      } else {
        expect(r['renewed_on']).toBeNull();
        expect(r['arr_renewed']).toBe(0);
      }
    }
  });

  it('takes snapshots on Mondays and month ends, spend on the first of the month', () => {
    const mondays = new Set(records('pipeline_snapshots').map((s) => new Date(`${String(s['snapshot_date'])}T00:00:00Z`).getUTCDay()));
    expect(mondays).toEqual(new Set([1]));
    const dayAfter = new Set([...records('arr_snapshots'), ...records('account_health')].map((s) => {
      const d = new Date(`${String(s['snapshot_date'])}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 1);
      return d.getUTCDate();
    }));
    expect(dayAfter).toEqual(new Set([1]));
    for (const s of records('spend')) expect(String(s['spend_month']).endsWith('-01')).toBe(true);
    for (const q of records('quotas')) expect(String(q['quarter_start'])).toMatch(/-(01|04|07|10)-01$/);
  });

  it('keeps scores in range', () => {
    const bad: string[] = [];
    const within = (v: unknown, lo: number, hi: number, what: string): void => {
      if (!(Number(v) >= lo && Number(v) <= hi)) bad.push(`${what} = ${String(v)}`);
    };
    for (const l of records('leads')) within(l['lead_score'], 0, 100, 'lead_score');
    for (const h of records('account_health')) {
      for (const c of ['health_score', 'engagement_score', 'churn_risk_score']) within(h[c], 0, 100, c);
    }
    for (const s of records('survey_responses')) {
      const [lo, hi] = s['survey_type'] === 'nps' ? [0, 10] : [1, 5];
      within(s['score'], lo, hi, String(s['survey_type']));
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('shows seasonality: a January dip in leads and quarter-end pushes in closed deals', () => {
    const leadsByMonth = new Map<number, number>();
    for (const l of records('leads')) {
      const created = String(l['created_at']);
      if (created < '2025-01-01' || created >= '2026-01-01') continue;
      const month = Number(created.slice(5, 7));
      leadsByMonth.set(month, (leadsByMonth.get(month) ?? 0) + 1);
    }
    const january = leadsByMonth.get(1) ?? 0;
    const others = [...leadsByMonth.entries()].filter(([m]) => m !== 1).map(([, n]) => n);
    expect(january).toBeLessThan(others.reduce((a, b) => a + b, 0) / others.length);

    // Renewals close on their renewal dates, so only sales-cycle deals show the push.
    const won = records('opportunities').filter((o) => o['is_won'] && o['opportunity_type'] !== 'renewal');
    const lastTwoWeeks = won.filter((o) => {
      const d = new Date(`${String(o['closed_at']).slice(0, 10)}T00:00:00Z`);
      const quarterEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3) + 3, 0));
      return (quarterEnd.getTime() - d.getTime()) / 86_400_000 < 14;
    });
    // Uniform closing would put about 14/91 (15%) of wins in a quarter's last two weeks.
    expect(lastTwoWeeks.length / won.length).toBeGreaterThan(0.3);
  });
});
