/**
 * Hand-worked answers on a tiny data set, on every enabled engine: each expectation below is
 * computed by hand from EDGE_TABLES (see the comments there), not by the compiler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
import { runRequest } from '../../compiler/compile-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { openTestConnection, testEngines } from '../support/engines.js';
import { edgeCatalog, loadEdgeTables } from './edge-project.js';

const catalog = edgeCatalog();

for (const engine of testEngines()) {
  describe.skipIf(!engine.enabled)(`edge cases on ${engine.name}`, () => {
    let connection: WarehouseConnection;
    beforeAll(async () => {
      connection = await openTestConnection(engine.name, engine.isServer ? { schema: 'canon_it_edge' } : {});
      await loadEdgeTables(connection, engine.name);
    });
    afterAll(async () => {
      await connection?.close();
    });

    async function rows(request: MetricRequest): Promise<Record<string, unknown>[]> {
      const result = await runRequest(catalog, request, connection, getDialect(engine.name)!);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return result.rows.map((r) => ({ ...r }));
    }

    it('cuts months in the project zone: 00:05 UTC on 1 March is February in Los Angeles', async () => {
      expect(await rows({ metrics: ['deals'], grain: 'day', timeRange: { from: '2026-02-28', to: '2026-03-02' } })).toEqual([
        { metric_time: '2026-02-28', deals: 1 },
      ]);
      expect(await rows({ metrics: ['deals', 'won_deals', 'win_rate'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', deals: 2, won_deals: 1, win_rate: 0.5 },
        { metric_time: '2026-02-01', deals: 1, won_deals: 1, win_rate: 1 },
        { metric_time: '2026-04-01', deals: 2, won_deals: 0, win_rate: 0 },
        { metric_time: '2026-05-01', deals: 1, won_deals: 1, win_rate: 1 },
      ]);
    });

    it('cuts a time range at local midnight, not UTC midnight', async () => {
      // 03:00 UTC on 1 May is 30 April in Los Angeles; 08:30 UTC is 1 May.
      expect(await rows({ metrics: ['deals'], grain: 'day', timeRange: { from: '2026-04-30', to: '2026-05-01' } })).toEqual([
        { metric_time: '2026-04-30', deals: 1 },
      ]);
      expect(await rows({ metrics: ['deals', 'amount'], timeRange: { from: '2026-05-01', to: '2026-05-02' } })).toEqual([{ deals: 1, amount: 300 }]);
      // 00:05 UTC on 1 March is still February: a range ending on 1 March keeps it.
      expect(await rows({ metrics: ['deals'], timeRange: { from: '2026-02-01', to: '2026-03-01' } })).toEqual([{ deals: 1 }]);
      expect(await rows({ metrics: ['deals'], timeRange: { from: '2026-03-01', to: '2026-04-01' } })).toEqual([{ deals: 0 }]);
    });

    it('reads date and timestamp literals in a request filter as local times', async () => {
      const deals = async (where: string): Promise<unknown> => (await rows({ metrics: ['deals'], where }))[0]?.['deals'];
      // Local (Los Angeles) days of the deals: 10 Feb 28, 11 Jan 15, 12 Jan 20, 13 Apr 10, 14 May 1, 15 Apr 30 (20:00).
      expect(await deals("created_at >= '2026-03-01'")).toBe(3); // 13, 14, 15; 10 is Feb 28 there
      expect(await deals("created_at < '2026-03-01'")).toBe(3); // 10, 11, 12
      expect(await deals("created_at <= '2026-02-28'")).toBe(3);
      expect(await deals("'2026-02-28' >= created_at")).toBe(3);
      expect(await deals("created_at = '2026-04-30'")).toBe(1); // 15, which is 1 May in UTC
      expect(await deals("created_at != '2026-02-28'")).toBe(5);
      expect(await deals("created_at between '2026-04-30' and '2026-05-01'")).toBe(2);
      expect(await deals("created_at not between '2026-04-30' and '2026-05-01'")).toBe(4);
      // 20:00 on 30 April in Los Angeles is 03:00 UTC on 1 May, deal 15's instant.
      expect(await deals("created_at >= '2026-04-30 20:00:00'")).toBe(2);
      expect(await deals("created_at > '2026-04-30 20:00:00'")).toBe(1);
      expect(await deals("created_at >= '2026-03-01' and stage = 'won'")).toBe(1);
    });

    it('cuts fiscal quarters at the fiscal year start month, in the project zone', async () => {
      expect(await rows({ metrics: ['deals'], grain: 'fiscal_quarter' })).toEqual([
        { metric_time: '2025-11-01', deals: 2 },
        { metric_time: '2026-02-01', deals: 3 },
        { metric_time: '2026-05-01', deals: 1 },
      ]);
      expect(await rows({ metrics: ['deals'], grain: 'fiscal_year' })).toEqual([
        { metric_time: '2025-02-01', deals: 2 },
        { metric_time: '2026-02-01', deals: 4 },
      ]);
    });

    it('does not double count a measure grouped by a one-to-many dimension (fan-out trap)', async () => {
      expect(await rows({ metrics: ['accounts', 'seats'], groupBy: ['stage'], orderBy: [{ field: 'stage' }] })).toEqual([
        { stage: 'lost', accounts: 2, seats: 40 },
        { stage: 'open', accounts: 1, seats: 20 },
        { stage: 'won', accounts: 2, seats: 40 },
        { stage: null, accounts: 1, seats: null },
      ]);
    });

    it('keeps null dimension values and ignores null measure values', async () => {
      expect(await rows({ metrics: ['accounts'], groupBy: ['segment'], orderBy: [{ field: 'segment' }] })).toEqual([
        { segment: 'enterprise', accounts: 1 },
        { segment: 'smb', accounts: 2 },
        { segment: null, accounts: 1 },
      ]);
      // Descending too: PostgreSQL alone would put NULL first there.
      expect(await rows({ metrics: ['accounts'], groupBy: ['segment'], orderBy: [{ field: 'segment', descending: true }] })).toEqual([
        { segment: 'smb', accounts: 2 },
        { segment: 'enterprise', accounts: 1 },
        { segment: null, accounts: 1 },
      ]);
      expect(await rows({ metrics: ['average_amount'] })).toEqual([{ average_amount: 135 }]);
      // Boolean dimensions come back as booleans on every engine (SQLite and MySQL store 0/1).
      expect(await rows({ metrics: ['deals', 'amount'], groupBy: ['is_won'] })).toEqual([
        { is_won: false, deals: 3, amount: 75 },
        { is_won: true, deals: 3, amount: 600 },
      ]);
      // A time dimension in the group-by is the local calendar day, as text.
      expect(await rows({ metrics: ['deals'], groupBy: ['created_at'], where: "stage = 'won'" })).toEqual([
        { created_at: '2026-01-15', deals: 1 },
        { created_at: '2026-02-28', deals: 1 },
        { created_at: '2026-05-01', deals: 1 },
      ]);
    });

    it('combines three models on the keys, keeping keys only one has and a null dimension value', async () => {
      expect(await rows({ metrics: ['accounts', 'amount', 'balance'], groupBy: ['account.segment'], orderBy: [{ field: 'account.segment' }] })).toEqual([
        { account__segment: 'enterprise', accounts: 1, amount: 325, balance: 10 },
        { account__segment: 'smb', accounts: 2, amount: 350, balance: 140 },
        { account__segment: null, accounts: 1, amount: null, balance: null },
      ]);
      // April and May have deals only: counts read 0, the balance NULL; the lag adds no month.
      expect(await rows({ metrics: ['accounts', 'deals', 'balance', 'deals_growth'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', accounts: 2, deals: 2, balance: 180, deals_growth: null },
        { metric_time: '2026-02-01', accounts: 2, deals: 1, balance: 150, deals_growth: -0.5 },
        { metric_time: '2026-04-01', accounts: 0, deals: 2, balance: null, deals_growth: null },
        { metric_time: '2026-05-01', accounts: 0, deals: 1, balance: null, deals_growth: -0.5 },
      ]);
    });

    it('returns NULL for a ratio over a zero denominator', async () => {
      expect(await rows({ metrics: ['amount_per_win'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', amount_per_win: 200 },
        { metric_time: '2026-02-01', amount_per_win: 100 },
        { metric_time: '2026-04-01', amount_per_win: null },
        { metric_time: '2026-05-01', amount_per_win: 300 },
      ]);
    });

    it('gives NULL growth at the first period and compares with the previous period', async () => {
      expect(await rows({ metrics: ['deals_growth'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', deals_growth: null },
        { metric_time: '2026-02-01', deals_growth: -0.5 },
        { metric_time: '2026-04-01', deals_growth: null },
        { metric_time: '2026-05-01', deals_growth: -0.5 },
      ]);
      expect(await rows({ metrics: ['amount'], grain: 'month', compareTo: 'previous_period', timeRange: { from: '2026-02-01', to: '2026-03-01' } })).toEqual([
        { metric_time: '2026-02-01', amount: 100, amount__previous: 200, amount__change: -100, amount__change_pct: -0.5 },
      ]);
    });

    it('accumulates over a date spine, so empty periods still carry the total', async () => {
      const request: MetricRequest = {
        metrics: ['deals_running', 'deals_fqtd', 'deals_trailing_2m'],
        grain: 'month',
        timeRange: { from: '2026-01-01', to: '2026-07-01' },
      };
      expect(await rows(request)).toEqual([
        { metric_time: '2026-01-01', deals_running: 2, deals_fqtd: 2, deals_trailing_2m: 2 },
        { metric_time: '2026-02-01', deals_running: 3, deals_fqtd: 1, deals_trailing_2m: 3 },
        { metric_time: '2026-03-01', deals_running: 3, deals_fqtd: 1, deals_trailing_2m: 1 },
        { metric_time: '2026-04-01', deals_running: 5, deals_fqtd: 3, deals_trailing_2m: 2 },
        { metric_time: '2026-05-01', deals_running: 6, deals_fqtd: 1, deals_trailing_2m: 3 },
        { metric_time: '2026-06-01', deals_running: 6, deals_fqtd: 1, deals_trailing_2m: 1 },
      ]);
    });

    it('counts conversions strictly after the base event and up to the window end inclusive', async () => {
      expect(await rows({ metrics: ['activation_rate', 'activations_in_window'], grain: 'month' })).toEqual([
        { metric_time: '2026-03-01', activation_rate: 0.5, activations_in_window: 2 },
      ]);
    });

    it('counts a conversion on the same row within the window, after the base event, with its own filter', async () => {
      expect(await rows({ metrics: ['trial_conversion', 'trial_conversions'], grain: 'month' })).toEqual([
        { metric_time: '2026-03-01', trial_conversion: 2 / 6, trial_conversions: 2 },
        { metric_time: '2026-04-01', trial_conversion: 1, trial_conversions: 1 },
      ]);
      expect(await rows({ metrics: ['trial_conversion'], groupBy: ['plan'], orderBy: [{ field: 'plan' }] })).toEqual([
        { plan: 'solo', trial_conversion: 1 / 3 },
        { plan: 'team', trial_conversion: 0.5 },
      ]);
      expect(await rows({ metrics: ['trial_conversions'], grain: 'month', where: "plan = 'team'", timeRange: { from: '2026-03-01', to: '2026-04-01' } })).toEqual([
        { metric_time: '2026-03-01', trial_conversions: 1 },
      ]);
    });

    it('takes the last snapshot of each period for a semi-additive measure', async () => {
      expect(await rows({ metrics: ['balance'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', balance: 180 },
        { metric_time: '2026-02-01', balance: 150 },
      ]);
      expect(await rows({ metrics: ['balance'] })).toEqual([{ balance: 150 }]);
      expect(await rows({ metrics: ['balance'], timeRange: { to: '2026-02-01' } })).toEqual([{ balance: 180 }]);
    });

    it('keeps the snapshot at the period end among several, and no row for a period without one', async () => {
      // March and April have no snapshot: no row, not a carried-forward balance.
      expect(await rows({ metrics: ['balance'], grain: 'month', timeRange: { from: '2026-01-01', to: '2026-05-01' } })).toEqual([
        { metric_time: '2026-01-01', balance: 180 },
        { metric_time: '2026-02-01', balance: 150 },
      ]);
      expect(await rows({ metrics: ['balance'], grain: 'quarter' })).toEqual([{ metric_time: '2026-01-01', balance: 150 }]);
      // Fiscal quarters start in February: 31 January closes the Nov-Jan quarter.
      expect(await rows({ metrics: ['balance'], grain: 'fiscal_quarter' })).toEqual([
        { metric_time: '2025-11-01', balance: 180 },
        { metric_time: '2026-02-01', balance: 150 },
      ]);
      // At day grain each snapshot day is its own period.
      expect(await rows({ metrics: ['balance'], grain: 'day' })).toEqual([
        { metric_time: '2026-01-15', balance: 150 },
        { metric_time: '2026-01-31', balance: 180 },
        { metric_time: '2026-02-14', balance: 130 },
        { metric_time: '2026-02-28', balance: 150 },
      ]);
      // The range cuts rows before the last snapshot is chosen: 14 February is February's last here.
      expect(await rows({ metrics: ['balance'], grain: 'month', timeRange: { from: '2026-01-20', to: '2026-02-20' } })).toEqual([
        { metric_time: '2026-01-01', balance: 180 },
        { metric_time: '2026-02-01', balance: 130 },
      ]);
    });

    it('takes the first snapshot when the measure asks for it', async () => {
      expect(await rows({ metrics: ['opening_balance', 'balance'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', opening_balance: 150, balance: 180 },
        { metric_time: '2026-02-01', opening_balance: 130, balance: 150 },
      ]);
      expect(await rows({ metrics: ['opening_balance'] })).toEqual([{ opening_balance: 150 }]);
    });

    it('chooses the snapshot per period over all groups, not per group', async () => {
      // 28 February is February's last snapshot; account 2 (smb) has no row on it, so smb is
      // account 1 alone and no earlier row of account 2 stands in.
      expect(await rows({ metrics: ['balance', 'balance_accounts'], grain: 'month', groupBy: ['account.segment'] })).toEqual([
        { metric_time: '2026-01-01', account__segment: 'smb', balance: 180, balance_accounts: 2 },
        { metric_time: '2026-02-01', account__segment: 'enterprise', balance: 10, balance_accounts: 1 },
        { metric_time: '2026-02-01', account__segment: 'smb', balance: 140, balance_accounts: 1 },
      ]);
      // A filter cuts rows first: among smb rows, 28 February (account 1) is still the last.
      expect(await rows({ metrics: ['balance'], grain: 'month', where: "account.segment = 'smb'" })).toEqual([
        { metric_time: '2026-01-01', balance: 180 },
        { metric_time: '2026-02-01', balance: 140 },
      ]);
      expect(await rows({ metrics: ['balance_per_account'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', balance_per_account: 90 },
        { metric_time: '2026-02-01', balance_per_account: 75 },
      ]);
    });

    it('buckets a snapshot measure by its own time dimension, in the project zone', async () => {
      // Booked in January (local): the 15 January rows and account 1's 31 January row -> 31 January.
      // February: account 2's 31 January row, 14 February and account 3's 28 February -> 28 February.
      // March: account 1's 28 February row, booked at noon UTC on 1 March.
      expect(await rows({ metrics: ['booked_balance'], grain: 'month' })).toEqual([
        { metric_time: '2026-01-01', booked_balance: 120 },
        { metric_time: '2026-02-01', booked_balance: 10 },
        { metric_time: '2026-03-01', booked_balance: 140 },
      ]);
      expect(await rows({ metrics: ['booked_balance'] })).toEqual([{ booked_balance: 150 }]);
    });

    it('compares a snapshot balance with the previous period', async () => {
      expect(await rows({ metrics: ['balance'], grain: 'month', compareTo: 'previous_period', timeRange: { from: '2026-02-01', to: '2026-03-01' } })).toEqual([
        { metric_time: '2026-02-01', balance: 150, balance__previous: 180, balance__change: -30, balance__change_pct: -30 / 180 },
      ]);
    });

    it('counts a month-long conversion window in calendar months, for instants and for days', async () => {
      // Pilots in January (accounts 1, 2) and March (3, 4); see edge_milestones. Inside the window:
      // account 1 (Feb 28 is Jan 31 + 1 month, clamped) and account 3 (exactly a month later).
      for (const metric of ['purchases_within_month', 'purchase_days_within_month']) {
        expect(await rows({ metrics: [metric], grain: 'month' }), metric).toEqual([
          { metric_time: '2026-01-01', [metric]: 1 },
          { metric_time: '2026-03-01', [metric]: 1 },
        ]);
      }
    });

    it('starts a trailing window of months at the clamped month end', async () => {
      // The day 29 April ends (exclusive) on 30 April; two months before is 28 February (no 30th),
      // so the deal of 28 February (local) is inside, with 10 April's.
      expect(await rows({ metrics: ['deals_trailing_2m'], grain: 'day', timeRange: { from: '2026-04-29', to: '2026-04-30' } })).toEqual([
        { metric_time: '2026-04-29', deals_trailing_2m: 2 },
      ]);
    });

    it('returns no rows for an empty time range and applies request filters', async () => {
      expect(await rows({ metrics: ['deals', 'win_rate'], grain: 'month', timeRange: { from: '2030-01-01', to: '2030-02-01' } })).toEqual([]);
      expect(await rows({ metrics: ['deals'], grain: 'month', where: "stage = 'won' and is_won" })).toEqual([
        { metric_time: '2026-01-01', deals: 1 },
        { metric_time: '2026-02-01', deals: 1 },
        { metric_time: '2026-05-01', deals: 1 },
      ]);
      expect(await rows({ metrics: ['deals'], where: "stage in ('nothing', 'else')" })).toEqual([{ deals: 0 }]);
    });
  });
}
