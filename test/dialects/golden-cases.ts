/**
 * The requests whose SQL is pinned per dialect in test/dialects/golden/<dialect>/<case>.sql. Each
 * case exercises one planner shape over the starter catalog (metrics/ in this repository), so a
 * change to any dialect hook or planner rule shows up as a reviewed diff of SQL text.
 */
import type { MetricRequest } from '../../compiler/request/request.js';

export const GOLDEN_CASES = {
  /** One additive measure bucketed by calendar month, zone-shifted. */
  simple_by_month: { metrics: ['bookings'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-07-01' } },
  /** A ratio by fiscal quarter (February fiscal year) grouped by a dimension of a joined model. */
  ratio_fiscal_quarter_by_joined_dimension: {
    metrics: ['win_rate'], grain: 'fiscal_quarter', groupBy: ['segment'], timeRange: { from: '2025-02-01', to: '2026-02-01' },
  },
  /**
   * Metrics of two models by one dimension: leaves that cannot share a scan, stacked and grouped
   * on the keys (same-model leaves merge into one scan and need no combine).
   */
  two_models_by_dimension: { metrics: ['bookings', 'arr'], grain: 'quarter', groupBy: ['segment'], timeRange: { from: '2025-01-01', to: '2026-01-01' } },
  /** A derived metric over a lag of a snapshot measure (year-over-year growth). */
  derived_lag_growth: { metrics: ['revenue_growth'], grain: 'quarter', timeRange: { from: '2025-01-01', to: '2026-01-01' } },
  /** Grain-to-date accumulation (fiscal quarter to date) over a recursive week spine. */
  cumulative_grain_to_date: { metrics: ['bookings_qtd'], grain: 'week', timeRange: { from: '2025-02-01', to: '2025-05-01' } },
  /** A trailing window (90 days) read at month grain. */
  trailing_window: { metrics: ['pipeline_created_trailing_90d'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-04-01' } },
  /** A conversion within a window after the base event. */
  conversion: { metrics: ['conversion_rate'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-04-01' } },
  /** A semi-additive snapshot measure: the last month-end of each quarter. */
  semi_additive_snapshot: { metrics: ['arr'], grain: 'quarter', groupBy: ['segment'], timeRange: { from: '2025-01-01', to: '2026-01-01' } },
  /** A filter with strings, IN, BETWEEN and a boolean: every literal becomes a binding. */
  filter_strings_in_between: {
    metrics: ['deals_closed'], grain: 'month', groupBy: ['stage'],
    where: "stage in ('closed_won', 'closed_lost') and amount between 1000 and 50000 and source != 'partner' and not is_won",
    timeRange: { from: '2025-01-01', to: '2025-04-01' },
  },
  /** The previous period by a dimension: the shifted leaf is LEFT JOINed with null-safe equality. */
  compare_previous_period_by_dimension: {
    metrics: ['bookings'], grain: 'month', groupBy: ['segment'], compareTo: 'previous_period', timeRange: { from: '2025-01-01', to: '2025-04-01' },
  },
  /** Extra columns comparing with the same period a year earlier. */
  compare_previous_year: { metrics: ['bookings'], grain: 'quarter', compareTo: 'previous_year', timeRange: { from: '2025-01-01', to: '2026-01-01' } },
  /** Ordering by a metric, descending, with a row limit. */
  limit_and_order: { metrics: ['deals_won'], groupBy: ['segment'], orderBy: [{ field: 'deals_won', descending: true }], limit: 3 },
} as const satisfies Readonly<Record<string, MetricRequest>>;

export type GoldenCase = keyof typeof GOLDEN_CASES;

export const GOLDEN_CASE_NAMES = Object.keys(GOLDEN_CASES).sort() as GoldenCase[];
