/**
 * Starter-catalog KPIs on the sample warehouse against values computed independently, in plain
 * JavaScript over the generated rows (time zone via Intl, fiscal quarters by month arithmetic),
 * on every enabled engine. Covers simple, ratio, derived (lag), cumulative, conversion and
 * semi-additive metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDialect } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { runRequest } from '../../compiler/compile-request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import type { SqlValue } from '../../compiler/sql/values.js';
import { generateSample } from '../../sample/generate-sample.js';
import { collectSample } from '../../sample/sample-data.js';
import { SAMPLE_TABLES } from '../../sample/tables.js';
import { enabledEngines, releaseSampleWarehouses, withSampleWarehouse } from '../support/engines.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;
const ZONE = catalog.project.timeZone;
const FY_START = catalog.project.fiscalYearStartMonth;
const FROM = '2025-01-01';
const TO = '2025-07-01';

type Obj = Record<string, SqlValue>;
const raw = collectSample(generateSample({ seed: 42, scale: 1 }));
function rows(name: string): Obj[] {
  const columns = SAMPLE_TABLES.find((t) => t.name === name)!.columns.map((c) => c.name);
  return raw[name]!.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null])));
}

const localFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const utcMs = (ts: SqlValue): number => Date.parse(`${String(ts).replace(' ', 'T')}Z`);
const localDay = (ts: SqlValue): string | null => (ts === null ? null : localFormat.format(new Date(utcMs(ts))));
const month = (day: string): string => `${day.slice(0, 7)}-01`;
function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
}
const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
function fiscalQuarter(day: string): string {
  const m = Number(day.slice(5, 7));
  const back = (m - FY_START + 12) % 12 % 3;
  return addMonths(month(day), -back);
}
const inRange = (day: string | null): day is string => day !== null && day >= FROM && day < TO;
const months = (): string[] => Array.from({ length: 6 }, (_, i) => addMonths(FROM, i));

type Series = Map<string, number | null>;
function bucket<T>(items: T[], key: (x: T) => string | null, value: (xs: T[]) => number | null): Series {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    if (k === null || !inRange(k)) continue;
    const p = month(k);
    groups.set(p, [...(groups.get(p) ?? []), x]);
  }
  return new Map([...groups].map(([k, xs]) => [k, value(xs)]));
}
const nums = (xs: readonly (SqlValue | undefined)[]): number[] => xs.filter((x): x is number => typeof x === 'number');
const sum = (xs: readonly (SqlValue | undefined)[]): number | null => (nums(xs).length === 0 ? null : nums(xs).reduce((a, b) => a + b, 0));
const avg = (xs: readonly (SqlValue | undefined)[]): number | null => (nums(xs).length === 0 ? null : sum(xs)! / nums(xs).length);
const ratio = (a: Series, b: Series): Series => {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return new Map(keys.map((k) => { const d = b.get(k) ?? 0; return [k, d === 0 ? null : (a.get(k) ?? 0) / d]; }));
};
const daysBetween = (a: SqlValue, b: SqlValue): number => (Date.parse(String(b).slice(0, 10)) - Date.parse(String(a).slice(0, 10))) / 86_400_000;

const opps = rows('opportunities');
const leads = rows('leads');
const trials = rows('trials');
const snapshots = rows('arr_snapshots');
const won = opps.filter((o) => o.is_won === true);
const closed = opps.filter((o) => o.is_closed === true);

/** Semi-additive: per month, the rows at the month's last snapshot date. */
function lastSnapshot(value: (xs: Obj[]) => number | null, from = FROM, to = TO): Series {
  const out: Series = new Map();
  for (let p = from; p < to; p = addMonths(p, 1)) {
    const inMonth = snapshots.filter((s) => String(s.snapshot_date) >= p && String(s.snapshot_date) < addMonths(p, 1));
    if (inMonth.length === 0) continue;
    const last = inMonth.map((s) => String(s.snapshot_date)).sort().pop()!;
    out.set(p, value(inMonth.filter((s) => s.snapshot_date === last)));
  }
  return out;
}

/** Conversions: base rows with an event on the same row's entity within (t, t + days]. */
function conversion(base: Obj[], baseAt: string, convAt: string, days: number): Series {
  const flagged = base.filter((b) => b[baseAt] !== null).map((b) => {
    const t = utcMs(b[baseAt]!);
    const c = b[convAt] === null ? null : utcMs(b[convAt]!);
    return { day: localDay(b[baseAt]!), converted: c !== null && c > t && c <= t + days * 86_400_000 ? 1 : 0 };
  });
  return bucket(flagged, (x) => x.day, (xs) => xs.reduce((a, x) => a + x.converted, 0) / xs.length);
}

function cumulative(items: Obj[], at: string, value: string, lower: (periodStart: string, periodEnd: string) => string): Series {
  const days = items.map((o) => ({ day: localDay(o[at]!), v: o[value] ?? null }));
  return new Map(months().map((p) => {
    const end = addMonths(p, 1);
    const lo = lower(p, end);
    return [p, sum(days.filter((d) => d.day !== null && d.day >= lo && d.day < end && d.day < TO).map((d) => d.v)) ?? 0];
  }));
}

const arrBalance = lastSnapshot((xs) => sum(xs.map((s) => s.arr)));
const arrYearEarlier = lastSnapshot((xs) => sum(xs.map((s) => s.arr)), addMonths(FROM, -12), addMonths(TO, -12));

const EXPECTED: Readonly<Record<string, Series>> = {
  opportunities_created: bucket(opps, (o) => localDay(o.created_at!), (xs) => xs.length),
  pipeline_created: bucket(opps, (o) => localDay(o.created_at!), (xs) => sum(xs.map((o) => o.amount))),
  deals_won: bucket(won, (o) => localDay(o.closed_at ?? null), (xs) => xs.length),
  deals_closed: bucket(closed, (o) => localDay(o.closed_at ?? null), (xs) => xs.length),
  win_rate: ratio(bucket(won, (o) => localDay(o.closed_at ?? null), (xs) => xs.length), bucket(closed, (o) => localDay(o.closed_at ?? null), (xs) => xs.length)),
  new_business_win_rate: ratio(
    bucket(won.filter((o) => o.opportunity_type === 'new_business'), (o) => localDay(o.closed_at ?? null), (xs) => xs.length),
    bucket(closed.filter((o) => o.opportunity_type === 'new_business'), (o) => localDay(o.closed_at ?? null), (xs) => xs.length),
  ),
  average_deal_size: bucket(won, (o) => localDay(o.closed_at ?? null), (xs) => avg(xs.map((o) => o.amount))),
  bookings: bucket(won, (o) => localDay(o.closed_at ?? null), (xs) => sum(xs.map((o) => o.amount))),
  sales_cycle_length: bucket(won, (o) => localDay(o.closed_at ?? null), (xs) => avg(xs.map((o) => daysBetween(o.created_at!, o.closed_at!)))),
  leads_created: bucket(leads, (l) => localDay(l.created_at!), (xs) => xs.length),
  mqls: bucket(leads, (l) => localDay(l.mql_at ?? null), (xs) => xs.length),
  sqls: bucket(leads, (l) => localDay(l.sql_at ?? null), (xs) => xs.length),
  trials_started: bucket(trials, (t) => localDay(t.started_at!), (xs) => xs.length),
  trial_signups: bucket(trials, (t) => localDay(t.started_at!), (xs) => xs.filter((t) => t.signup_completed === true).length),
  marketing_spend: bucket(rows('spend').filter((s) => s.department === 'marketing'), (s) => String(s.spend_month), (xs) => sum(xs.map((s) => s.amount))),
  support_tickets_opened: bucket(rows('support_tickets'), (t) => localDay(t.created_at!), (xs) => xs.length),
  arr: arrBalance,
  customer_count: lastSnapshot((xs) => new Set(xs.filter((s) => s.is_customer === true).map((s) => s.account_id)).size),
  revenue_growth: new Map([...arrBalance].map(([p, v]) => {
    const before = arrYearEarlier.get(addMonths(p, -12)) ?? null;
    return [p, before === null || before === 0 || v === null ? null : (v - before) / before];
  })),
  activation_rate: conversion(trials, 'started_at', 'activated_at', 14),
  mql_to_sql_conversion: conversion(leads, 'mql_at', 'sql_at', 30),
  bookings_qtd: cumulative(won, 'closed_at', 'amount', (start) => fiscalQuarter(start)),
  pipeline_created_trailing_90d: cumulative(opps, 'created_at', 'amount', (_, end) => addDays(end, -90)),
};

const engines = enabledEngines();

describe.skipIf(engines.length === 0)('KPIs against independently computed values', () => {
  afterAll(async () => {
    await releaseSampleWarehouses();
  });

  for (const engine of engines) {
    describe(engine.name, () => {
      beforeAll(async () => {
        await withSampleWarehouse(engine.name, { schema: 'canon_it_independent' });
      }, 300_000);

      for (const [metric, expected] of Object.entries(EXPECTED)) {
        it(`${metric} by month`, async () => {
          const { connection } = await withSampleWarehouse(engine.name, { schema: 'canon_it_independent' });
          const result = await runRequest(catalog, { metrics: [metric], grain: 'month', timeRange: { from: FROM, to: TO } }, connection, getDialect(engine.name)!);
          expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const actual = new Map(result.rows.map((r) => [String(r.metric_time), r[metric] as number | null]));
          expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [period, value] of expected) {
            const got = actual.get(period) ?? null;
            if (value === null || got === null) expect({ period, got }).toEqual({ period, got: value });
            else expect(Math.abs(got - value), `${metric} ${period}: ${got} vs ${value}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(value)));
          }
        });
      }
    });
  }
});
