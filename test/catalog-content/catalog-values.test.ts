import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbConnection } from '../../adapters/duckdb/duckdb-connection.js';
import { duckdbDialect } from '../../adapters/duckdb/duckdb-dialect.js';
import type { Catalog } from '../../compiler/catalog/types.js';
import { runRequest } from '../../compiler/compile-request.js';
import { compileProject } from '../../compiler/compile-project.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { generateSample } from '../../sample/generate-sample.js';
import { loadSample } from '../../sample/load-sample.js';
import { PROJECT_ROOT } from './catalog-files.js';

/**
 * The starter catalog's definitions checked by their numbers on the sample warehouse (DuckDB, seed
 * 42, scale 1): shares stay between 0 and 1, scores on their scale, and the identities a RevOps
 * analyst would reconcile by hand hold (the ARR waterfall, customers in = customers out, NPS =
 * promoters - detractors, quarter-to-date totals). A definition that reads well but computes the
 * wrong thing fails here.
 */

let catalog: Catalog;
let connection: DuckDbConnection;

beforeAll(async () => {
  const compiled = compileProject(directorySource(PROJECT_ROOT));
  if (!compiled.catalog) throw new Error(`starter catalog does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  catalog = compiled.catalog;
  connection = await DuckDbConnection.open({ path: ':memory:' });
  await loadSample(connection, generateSample({ seed: 42, scale: 1 }));
});

afterAll(async () => {
  await connection?.close();
});

type Row = Readonly<Record<string, unknown>>;

const RANGE = { from: '2025-01-01', to: '2026-07-01' };

async function rows(request: MetricRequest): Promise<Row[]> {
  const result = await runRequest(catalog, request, connection, duckdbDialect);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code}: ${d.message}`).join('; '));
  return [...result.rows];
}

/** One metric's value per period, keyed by the period's first day. */
async function series(metric: string, grain: MetricRequest['grain'], range = RANGE): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  for (const row of await rows({ metrics: [metric], grain, timeRange: range })) {
    const value = row[metric];
    out.set(String(row['metric_time']), typeof value === 'number' ? value : null);
  }
  return out;
}

function numbers(values: Map<string, number | null>): number[] {
  return [...values.values()].filter((v): v is number => v !== null);
}

const SHARES = [
  'win_rate', 'new_business_win_rate', 'renewal_rate', 'contract_renewal_rate', 'activation_rate',
  'conversion_rate', 'mql_to_sql_conversion', 'sql_to_opportunity_conversion', 'trial_signup_rate',
  'customer_satisfaction_score', 'promoter_share', 'detractor_share', 'expansion_activation_rate',
  'customer_churn_rate', 'revenue_churn_rate', 'customer_retention_rate', 'referral_win_rate',
  'quota_attainment', 'forecast_accuracy', 'icp_account_share', 'signup_completion_rate',
  'gross_revenue_retention',
];
const SCORES = ['customer_health_score', 'customer_engagement_score', 'churn_risk_score', 'lead_quality_score'];

describe('starter catalog values on the sample warehouse', () => {
  it('keeps every share between 0 and 1 at the quarter grain', async () => {
    for (const metric of SHARES) {
      const values = numbers(await series(metric, 'quarter'));
      expect(values.length, metric).toBeGreaterThan(0);
      for (const v of values) {
        expect(v, metric).toBeGreaterThanOrEqual(0);
        expect(v, metric).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps scores on their 0..100 scale and durations positive', async () => {
    for (const metric of SCORES) {
      for (const v of numbers(await series(metric, 'quarter'))) {
        expect(v, metric).toBeGreaterThan(0);
        expect(v, metric).toBeLessThan(100);
      }
    }
    for (const metric of ['sales_cycle_length', 'deal_velocity', 'time_to_first_value', 'ticket_resolution_time']) {
      const values = numbers(await series(metric, 'quarter'));
      expect(values.length, metric).toBeGreaterThan(0);
      for (const v of values) expect(v, metric).toBeGreaterThan(0);
    }
  });

  it('reconciles the ARR waterfall: ARR moves by exactly the net new ARR of the quarter', async () => {
    const quarters = await rows({ metrics: ['arr', 'net_new_arr'], grain: 'quarter', timeRange: RANGE });
    expect(quarters.length).toBe(6);
    for (let i = 1; i < quarters.length; i++) {
      const moved = Number(quarters[i]!['arr']) - Number(quarters[i - 1]!['arr']);
      expect(moved).toBeCloseTo(Number(quarters[i]!['net_new_arr']), 2);
    }
  });

  it('balances customers: the count moves by those added less those lost', async () => {
    const quarters = await rows({ metrics: ['customer_count', 'customers_added', 'churned_customers'], grain: 'quarter', timeRange: RANGE });
    for (let i = 1; i < quarters.length; i++) {
      const q = quarters[i]!;
      expect(Number(q['customer_count']) - Number(quarters[i - 1]!['customer_count'])).toBe(
        Number(q['customers_added']) - Number(q['churned_customers']),
      );
    }
  });

  it('makes customer retention the complement of customer churn over a quarter', async () => {
    const quarters = await rows({ metrics: ['customer_retention_rate', 'customer_churn_rate'], grain: 'quarter', timeRange: RANGE });
    for (const q of quarters.slice(1)) {
      expect(Number(q['customer_retention_rate']) + Number(q['customer_churn_rate'])).toBeCloseTo(1, 9);
    }
  });

  it('takes balances at the end of the period, not their sum over it', async () => {
    const months = await series('arr', 'month');
    const quarters = await series('arr', 'quarter');
    expect(quarters.get('2025-04-01')).toBeCloseTo(months.get('2025-06-01')!, 2);
    const health = await series('customer_health_score', 'month');
    expect((await series('customer_health_score', 'quarter')).get('2025-10-01')).toBeCloseTo(health.get('2025-12-01')!, 9);
  });

  it('builds ratios and formulas from their parts', async () => {
    const quarters = await rows({
      metrics: ['win_rate', 'deals_won', 'deals_closed', 'mrr', 'arr', 'net_promoter_score', 'promoter_share', 'detractor_share',
        'sales_velocity', 'open_pipeline', 'sales_cycle_length'],
      grain: 'quarter',
      timeRange: RANGE,
    });
    for (const q of quarters) {
      const n = (k: string): number => Number(q[k]);
      expect(n('win_rate')).toBeCloseTo(n('deals_won') / n('deals_closed'), 9);
      expect(n('mrr')).toBeCloseTo(n('arr') / 12, 4);
      expect(n('net_promoter_score')).toBeCloseTo(n('promoter_share') - n('detractor_share'), 9);
      expect(n('sales_velocity')).toBeCloseTo((n('open_pipeline') * n('win_rate')) / n('sales_cycle_length'), 4);
    }
  });

  it('sums bookings from the start of each fiscal quarter (February fiscal year)', async () => {
    const bookings = await series('bookings', 'month');
    const qtd = await series('bookings_qtd', 'month');
    // FY starts in February: Feb-Apr is one fiscal quarter, May starts the next.
    const febToApr = ['2025-02-01', '2025-03-01', '2025-04-01'].reduce((s, m) => s + (bookings.get(m) ?? 0), 0);
    expect(qtd.get('2025-04-01')).toBeCloseTo(febToApr, 2);
    expect(qtd.get('2025-05-01')).toBeCloseTo(bookings.get('2025-05-01')!, 2);
  });

  it('sums trailing-twelve-month expansion over exactly twelve months', async () => {
    const monthly = await series('expansion_revenue', 'month', { from: '2024-01-01', to: '2026-07-01' });
    const ttm = await series('expansion_arr_ttm', 'month');
    const months = [...monthly.keys()].sort();
    const end = months.indexOf('2025-12-01');
    const expected = months.slice(end - 11, end + 1).reduce((s, m) => s + (monthly.get(m) ?? 0), 0);
    expect(ttm.get('2025-12-01')).toBeCloseTo(expected, 2);
  });

  it('measures retention against the ARR each period started with', async () => {
    const quarters = await rows({
      metrics: ['net_revenue_retention', 'gross_revenue_retention', 'revenue_churn_rate', 'starting_arr', 'arr', 'expansion_revenue'],
      grain: 'quarter',
      timeRange: RANGE,
    });
    expect(quarters.length).toBe(6);
    for (let i = 0; i < quarters.length; i++) {
      const q = quarters[i]!;
      const n = (k: string): number => Number(q[k]);
      if (i > 0) expect(n('starting_arr')).toBeCloseTo(Number(quarters[i - 1]!['arr']), 2);
      expect(n('gross_revenue_retention')).toBeLessThanOrEqual(1);
      expect(n('gross_revenue_retention') + n('revenue_churn_rate')).toBeCloseTo(1, 9);
      expect(n('net_revenue_retention') - n('gross_revenue_retention')).toBeCloseTo(n('expansion_revenue') / n('starting_arr'), 9);
      // A quarter of a healthy book: the base neither halves nor doubles.
      expect(n('net_revenue_retention')).toBeGreaterThan(0.8);
      expect(n('net_revenue_retention')).toBeLessThan(1.3);
    }
  });
});
