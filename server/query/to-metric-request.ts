import type { Catalog } from '../../compiler/catalog/types.js';
import type { MetricRequest, RequestGrain } from '../../compiler/request/request.js';
import { canonError } from '../errors.js';
import { combinedFilter, type DimensionFilter } from './structured-filters.js';

/** `MetricQuery` as GraphQL hands it to resolvers (enum values already mapped to catalog names). */
export interface MetricQueryInput {
  readonly metrics: readonly string[];
  readonly groupBy?: readonly string[] | null;
  readonly grain?: RequestGrain | null;
  readonly timeRange?: { readonly from?: string | null; readonly to?: string | null } | null;
  readonly where?: string | null;
  readonly filters?: readonly DimensionFilter[] | null;
  readonly orderBy?: readonly { readonly field: string; readonly descending?: boolean | null }[] | null;
  readonly limit?: number | null;
  readonly compareTo?: 'previous_period' | 'previous_year' | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longest `where` text accepted; a filter longer than this is not a dashboard's. */
const MAX_WHERE_LENGTH = 4000;

/** GraphQL input -> the compiler's MetricRequest. Bad input is a GraphQLError with a code, never a throw of anything else. */
export function toMetricRequest(catalog: Catalog, input: MetricQueryInput): MetricRequest {
  if (input.metrics.length === 0) throw canonError('INVALID_REQUEST', 'Ask for at least one metric.');
  const timeRange = input.timeRange ? checkedTimeRange(input.timeRange) : undefined;
  if (input.limit != null && (!Number.isInteger(input.limit) || input.limit < 1)) {
    throw canonError('INVALID_REQUEST', `limit must be a positive integer, got ${input.limit}.`);
  }
  const where = input.where?.trim();
  if (where !== undefined && where.length > MAX_WHERE_LENGTH) {
    throw canonError('INVALID_FILTER', `where is longer than ${MAX_WHERE_LENGTH} characters.`);
  }
  const filter = combinedFilter(catalog, where, input.filters ?? []);
  return {
    metrics: [...input.metrics],
    ...(input.groupBy?.length ? { groupBy: [...input.groupBy] } : {}),
    ...(input.grain ? { grain: input.grain } : {}),
    ...(timeRange ? { timeRange } : {}),
    ...(filter ? { where: filter } : {}),
    ...(input.orderBy?.length
      ? { orderBy: input.orderBy.map((o) => ({ field: o.field, descending: o.descending === true })) }
      : {}),
    ...(input.limit != null ? { limit: input.limit } : {}),
    ...(input.compareTo ? { compareTo: input.compareTo } : {}),
  };
}

function checkedTimeRange(range: NonNullable<MetricQueryInput['timeRange']>): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    const value = range[key];
    if (value == null) continue;
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
      throw canonError('INVALID_REQUEST', `timeRange.${key} must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(value)}.`);
    }
    out[key] = value;
  }
  if (out.from && out.to && out.from >= out.to) {
    throw canonError('INVALID_REQUEST', 'timeRange.from must be before timeRange.to (to is exclusive).');
  }
  return out;
}
