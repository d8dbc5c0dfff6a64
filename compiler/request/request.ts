import type { Grain } from '../expr/ast.js';

/** A grain a request may ask for: calendar grains plus the project's fiscal periods. */
export type RequestGrain = Grain | 'fiscal_quarter' | 'fiscal_year';

/**
 * What a dashboard, the CLI or GraphQL asks for. Plain data; validated and planned against a Catalog.
 * Names are catalog names; `where` is expression-language text (never SQL).
 */
export interface MetricRequest {
  readonly metrics: readonly string[];
  /** Dimension names: `stage` (unambiguous across the metrics' models) or `account.segment`. */
  readonly groupBy?: readonly string[];
  /** Bucket by the metrics' time dimension at this grain; the column is called `metric_time`. */
  readonly grain?: RequestGrain;
  /** Inclusive start, exclusive end, ISO dates (`2026-01-01`) in the project time zone. */
  readonly timeRange?: { readonly from?: string; readonly to?: string };
  /** Expression-language filter over dimensions. */
  readonly where?: string;
  readonly orderBy?: readonly { readonly field: string; readonly descending?: boolean }[];
  readonly limit?: number;
  /** Extra columns comparing each metric with an earlier period, computed in the same SQL. */
  readonly compareTo?: 'previous_period' | 'previous_year';
}
