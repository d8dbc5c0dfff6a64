/**
 * A tiny hand-made project and data set whose right answers are worked out by hand in the tests:
 * fan-out trap, zero denominator, nulls, fiscal boundaries, first-period growth, conversion window
 * edges, semi-additive snapshots and the west-of-UTC midnight event.
 */
import type { SqlValue } from '../../adapters/connection.js';
import type { WarehouseConnection } from '../../adapters/connection.js';
import type { Catalog } from '../../compiler/catalog/types.js';
import { compileProject } from '../../compiler/compile-project.js';
import { memorySource } from '../../compiler/source/fs-source.js';

const CANON_YAML = `
project: edge
default_warehouse: local
time_zone: America/Los_Angeles
fiscal_year_start_month: 2
week_start: monday
warehouses:
  local: { type: duckdb, path: ":memory:" }
lint:
  rules: { missing-description: "off", missing-owner: "off", missing-focus-area: "off", missing-label: "off" }
`;

const MODELS = `
semantic_models:
  - name: accounts
    table: edge_accounts
    default_time_dimension: created_at
    entities:
      - { name: account, type: primary, expr: account_id }
    dimensions:
      - { name: segment, type: categorical, expr: segment }
      - { name: created_at, type: time, expr: created_at, grain: day, data_type: timestamp }
    measures:
      - { name: account_count, agg: count, expr: account_id, unit: count }
      - { name: seats, agg: sum, expr: seats, unit: number }
  - name: deals
    table: edge_deals
    default_time_dimension: created_at
    entities:
      - { name: deal, type: primary, expr: deal_id }
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: stage, type: categorical, expr: stage }
      - { name: created_at, type: time, expr: created_at, grain: day, data_type: timestamp }
      - { name: is_won, type: boolean, expr: is_won }
    measures:
      - { name: deal_count, agg: count, expr: deal_id, unit: count }
      - { name: won_count, agg: sum_boolean, expr: is_won, unit: count }
      - { name: deal_amount, agg: sum, expr: amount, unit: currency }
      - { name: avg_amount, agg: average, expr: amount, unit: currency }
      - { name: median_amount, agg: median, expr: amount, unit: currency }
      - { name: p90_amount, agg: percentile, percentile: 0.9, expr: amount, unit: currency }
  - name: balances
    table: edge_balances
    default_time_dimension: snapshot_date
    entities:
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: snapshot_date, type: time, expr: snapshot_date, grain: day, data_type: date }
      - { name: booked_at, type: time, expr: booked_at, grain: day, data_type: timestamp }
    measures:
      - name: balance
        agg: sum
        expr: balance
        unit: currency
        non_additive_dimension: { name: snapshot_date, window_choice: max }
      - name: opening_balance
        agg: sum
        expr: balance
        unit: currency
        non_additive_dimension: { name: snapshot_date, window_choice: min }
      # Bucketed by when the row was booked, while the snapshot kept is still the latest one.
      - name: booked_balance
        agg: sum
        expr: balance
        agg_time_dimension: booked_at
        unit: currency
        non_additive_dimension: { name: snapshot_date, window_choice: max }
      - name: balance_accounts
        agg: count_distinct
        expr: account_id
        unit: count
        non_additive_dimension: { name: snapshot_date, window_choice: max }
  - name: events
    table: edge_events
    default_time_dimension: happened_at
    entities:
      - { name: event, type: primary, expr: event_id }
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: kind, type: categorical, expr: kind }
      - { name: happened_at, type: time, expr: happened_at, grain: day, data_type: timestamp }
    measures:
      - { name: signups, agg: count, expr: event_id, filter: "kind = 'signup'", unit: count }
      - { name: activations, agg: count, expr: event_id, filter: "kind = 'activation'", unit: count }
  # One row per trial, both milestones on the row: a conversion on the trial entity is the row's own.
  - name: trials
    table: edge_trials
    default_time_dimension: started_at
    entities:
      - { name: trial, type: primary, expr: trial_id }
    dimensions:
      - { name: plan, type: categorical, expr: plan }
      - { name: started_at, type: time, expr: started_at, grain: day, data_type: timestamp }
      - { name: converted_at, type: time, expr: converted_at, grain: day, data_type: timestamp }
    measures:
      - { name: trials_started, agg: count, expr: trial_id, unit: count }
      - { name: paid_conversions, agg: count, expr: trial_id, filter: "converted_plan = 'paid'", agg_time_dimension: converted_at, unit: count }
  # The same milestones as instants and as days, for calendar-month conversion windows.
  - name: milestones
    table: edge_milestones
    default_time_dimension: happened_at
    entities:
      - { name: milestone, type: primary, expr: milestone_id }
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: kind, type: categorical, expr: kind }
      - { name: happened_at, type: time, expr: happened_at, grain: day, data_type: timestamp }
      - { name: happened_on, type: time, expr: happened_on, grain: day, data_type: date }
    measures:
      - { name: pilots, agg: count, expr: milestone_id, filter: "kind = 'pilot'", unit: count }
      - { name: purchases, agg: count, expr: milestone_id, filter: "kind = 'purchase'", unit: count }
      - { name: pilot_days, agg: count, expr: milestone_id, filter: "kind = 'pilot'", agg_time_dimension: happened_on, unit: count }
      - { name: purchase_days, agg: count, expr: milestone_id, filter: "kind = 'purchase'", agg_time_dimension: happened_on, unit: count }
`;

const METRICS = `
metrics:
  - { name: accounts, type: simple, measure: account_count, unit: count }
  - { name: seats, type: simple, measure: seats, unit: number }
  - { name: deals, type: simple, measure: deal_count, unit: count }
  - { name: won_deals, type: simple, measure: won_count, unit: count }
  - { name: amount, type: simple, measure: deal_amount, unit: currency }
  - { name: average_amount, type: simple, measure: avg_amount, unit: currency }
  - { name: median_amount, type: simple, measure: median_amount, unit: currency }
  - { name: p90_amount, type: simple, measure: p90_amount, unit: currency }
  - { name: win_rate, type: ratio, numerator: won_deals, denominator: deals, unit: ratio }
  - { name: amount_per_win, type: ratio, numerator: amount, denominator: won_deals, unit: currency }
  - { name: deals_growth, type: derived, expr: "(deals - lag(deals, 1 month)) / lag(deals, 1 month)", unit: ratio }
  - { name: deals_running, type: cumulative, measure: deal_count, unit: count }
  - { name: deals_fqtd, type: cumulative, measure: deal_count, grain_to_date: fiscal_quarter, unit: count }
  - { name: deals_trailing_2m, type: cumulative, measure: deal_count, window: "2 months", unit: count }
  - { name: balance, type: simple, measure: balance, unit: currency }
  - { name: opening_balance, type: simple, measure: opening_balance, unit: currency }
  - { name: booked_balance, type: simple, measure: booked_balance, unit: currency }
  - { name: balance_accounts, type: simple, measure: balance_accounts, unit: count }
  - { name: balance_per_account, type: ratio, numerator: balance, denominator: balance_accounts, unit: currency }
  - name: activation_rate
    type: conversion
    entity: account
    base_measure: signups
    conversion_measure: activations
    window: "7 days"
    calculation: conversion_rate
    unit: ratio
  - name: activations_in_window
    type: conversion
    entity: account
    base_measure: signups
    conversion_measure: activations
    window: "7 days"
    calculation: conversions
    unit: count
  - { name: trial_conversion, type: conversion, entity: trial, base_measure: trials_started, conversion_measure: paid_conversions, window: "7 days", calculation: conversion_rate, unit: ratio }
  - { name: purchases_within_month, type: conversion, entity: account, base_measure: pilots, conversion_measure: purchases, window: "1 month", calculation: conversions, unit: count }
  - { name: purchase_days_within_month, type: conversion, entity: account, base_measure: pilot_days, conversion_measure: purchase_days, window: "1 month", calculation: conversions, unit: count }
  - { name: trial_conversions, type: conversion, entity: trial, base_measure: trials_started, conversion_measure: paid_conversions, window: "7 days", calculation: conversions, unit: count }
`;

export function edgeCatalog(): Catalog {
  const result = compileProject(memorySource({ 'canon.yaml': CANON_YAML, 'metrics/models.yaml': MODELS, 'metrics/metrics.yaml': METRICS }));
  if (!result.catalog) {
    throw new Error(`edge project does not compile:\n${result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`).join('\n')}`);
  }
  return result.catalog;
}

interface Table {
  readonly name: string;
  readonly columns: readonly (readonly [string, 'int' | 'text' | 'double' | 'boolean' | 'date' | 'timestamp'])[];
  readonly rows: readonly (readonly SqlValue[])[];
}

/**
 * accounts: 1 (smb, 10 seats), 2 (smb, 20), 3 (enterprise, 30), 4 (null segment, null seats).
 * Account 1 has three deals, so grouping accounts by deal stage is the fan-out trap.
 */
export const EDGE_TABLES: readonly Table[] = [
  {
    name: 'edge_accounts',
    columns: [['account_id', 'int'], ['segment', 'text'], ['seats', 'int'], ['created_at', 'timestamp']],
    rows: [
      [1, 'smb', 10, '2026-01-10 12:00:00'],
      [2, 'smb', 20, '2026-01-20 12:00:00'],
      [3, 'enterprise', 30, '2026-02-05 12:00:00'],
      [4, null, null, '2026-02-06 12:00:00'],
    ],
  },
  {
    name: 'edge_deals',
    columns: [['deal_id', 'int'], ['account_id', 'int'], ['stage', 'text'], ['amount', 'double'], ['is_won', 'boolean'], ['created_at', 'timestamp']],
    rows: [
      // 00:05 UTC on 1 March is still 28 February in Los Angeles (UTC-8).
      [10, 1, 'won', 100, true, '2026-03-01 00:05:00'],
      [11, 1, 'won', 200, true, '2026-01-15 18:00:00'],
      [12, 1, 'lost', null, false, '2026-01-20 18:00:00'],
      [13, 2, 'open', 50, false, '2026-04-10 18:00:00'],
      // 08:30 UTC on 1 May is 01:30 PDT: May, the first month of fiscal Q2 (FY starts in February).
      [14, 3, 'won', 300, true, '2026-05-01 08:30:00'],
      // 03:00 UTC on 1 May is 20:00 PDT on 30 April: still fiscal Q1 (Feb-Apr), not Q2 as in UTC.
      [15, 3, 'lost', 25, false, '2026-05-01 03:00:00'],
    ],
  },
  {
    name: 'edge_balances',
    // Several snapshots per month, the last on the month's last day; none in March or April.
    // booked_at is UTC: 03:00 on 1 February is still 31 January in Los Angeles, 09:00 is not.
    columns: [['snapshot_date', 'date'], ['account_id', 'int'], ['balance', 'double'], ['booked_at', 'timestamp']],
    rows: [
      ['2026-01-15', 1, 100, '2026-01-15 20:00:00'], ['2026-01-15', 2, 50, '2026-01-16 09:00:00'],
      ['2026-01-31', 1, 120, '2026-02-01 03:00:00'], ['2026-01-31', 2, 60, '2026-02-01 09:00:00'],
      ['2026-02-14', 1, 130, '2026-02-14 12:00:00'],
      ['2026-02-28', 1, 140, '2026-03-01 12:00:00'], ['2026-02-28', 3, 10, '2026-02-28 12:00:00'],
    ],
  },
  {
    name: 'edge_events',
    columns: [['event_id', 'int'], ['account_id', 'int'], ['kind', 'text'], ['happened_at', 'timestamp']],
    rows: [
      [100, 1, 'signup', '2026-03-02 12:00:00'],
      [101, 1, 'activation', '2026-03-09 12:00:00'], // exactly 7 days later: inside (t, t + 7 days]
      [102, 2, 'signup', '2026-03-03 12:00:00'],
      [103, 2, 'activation', '2026-03-10 12:00:01'], // one second past the window
      [104, 3, 'signup', '2026-03-04 12:00:00'],
      [105, 3, 'activation', '2026-03-04 12:00:00'], // same instant: not after the signup
      [106, 4, 'signup', '2026-03-05 12:00:00'],
      [107, 4, 'activation', '2026-03-06 12:00:00'],
    ],
  },
  {
    name: 'edge_trials',
    columns: [['trial_id', 'int'], ['plan', 'text'], ['started_at', 'timestamp'], ['converted_at', 'timestamp'], ['converted_plan', 'text']],
    rows: [
      [1, 'team', '2026-03-02 12:00:00', '2026-03-09 12:00:00', 'paid'], // exactly 7 days later: inside
      [2, 'team', '2026-03-03 12:00:00', '2026-03-10 12:00:01', 'paid'], // one second past the window
      [3, 'solo', '2026-03-04 12:00:00', '2026-03-04 12:00:00', 'paid'], // same instant: not after
      [4, 'solo', '2026-03-05 12:00:00', '2026-03-06 12:00:00', 'paid'],
      [5, 'solo', '2026-03-06 12:00:00', null, null], // never converted
      // 06:00 UTC on 1 April is 23:00 PDT on 31 March; converted to the free plan: not a paid conversion.
      [6, 'team', '2026-04-01 06:00:00', '2026-04-02 12:00:00', 'free'],
      [7, 'team', '2026-04-01 08:00:00', '2026-04-03 12:00:00', 'paid'], // 01:00 PDT: April
    ],
  },
  {
    name: 'edge_milestones',
    // A pilot, then a purchase, per account; a 1-month window is the calendar month (clamped at
    // month end), inclusive at its end. happened_on is the same day as happened_at (noon UTC).
    columns: [['milestone_id', 'int'], ['account_id', 'int'], ['kind', 'text'], ['happened_at', 'timestamp'], ['happened_on', 'date']],
    rows: [
      [1, 1, 'pilot', '2026-01-31 12:00:00', '2026-01-31'],
      [2, 1, 'purchase', '2026-02-28 12:00:00', '2026-02-28'], // Jan 31 + 1 month = Feb 28: inside
      [3, 2, 'pilot', '2026-01-31 12:00:00', '2026-01-31'],
      [4, 2, 'purchase', '2026-03-01 12:00:00', '2026-03-01'], // past Feb 28 (30 days would reach Mar 2)
      [5, 3, 'pilot', '2026-03-15 12:00:00', '2026-03-15'],
      [6, 3, 'purchase', '2026-04-15 12:00:00', '2026-04-15'], // exactly one month: inside (30 days ends Apr 14)
      [7, 4, 'pilot', '2026-03-15 12:00:00', '2026-03-15'],
      [8, 4, 'purchase', '2026-04-16 12:00:00', '2026-04-16'], // a day past the month
    ],
  },
];

const SQL_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  duckdb: { int: 'INTEGER', text: 'VARCHAR', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
  postgres: { int: 'INTEGER', text: 'TEXT', double: 'DOUBLE PRECISION', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
  mysql: { int: 'INT', text: 'VARCHAR(100)', double: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'DATETIME' },
  sqlite: { int: 'INTEGER', text: 'TEXT', double: 'REAL', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
};

export async function loadEdgeTables(connection: WarehouseConnection, engine: string): Promise<void> {
  const types = SQL_TYPES[engine]!;
  const q = (n: string): string => (engine === 'mysql' ? `\`${n}\`` : `"${n}"`);
  for (const table of EDGE_TABLES) {
    await connection.execute(`DROP TABLE IF EXISTS ${q(table.name)}`);
    await connection.execute(`CREATE TABLE ${q(table.name)} (${table.columns.map(([n, t]) => `${q(n)} ${types[t]}`).join(', ')})`);
    await connection.insertRows(table.name, table.columns.map(([n]) => n), table.rows);
  }
}
