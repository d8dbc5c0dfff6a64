import type { Catalog } from '../../compiler/catalog/types.js';
import type { MetricRequest, RequestGrain } from '../../compiler/request/request.js';
import { canonError } from '../errors.js';
import { RequestMemo } from './request-memo.js';
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
  const filter = filterText(catalog, where, input.filters ?? []);
  // Fields set one by one in this order, absent ones left out (not undefined): conditional spreads
  // built a throwaway object per field on every request.
  const request: Mutable<MetricRequest> = { metrics: [...input.metrics] };
  if (input.groupBy?.length) request.groupBy = [...input.groupBy];
  if (input.grain) request.grain = input.grain;
  if (timeRange) request.timeRange = timeRange;
  if (filter) request.where = filter;
  if (input.orderBy?.length) request.orderBy = input.orderBy.map((o) => ({ field: o.field, descending: o.descending === true }));
  if (input.limit != null) request.limit = input.limit;
  if (input.compareTo) request.compareTo = input.compareTo;
  return request;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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

/**
 * The request's filter as expression text, per catalog version, `where` and structured filters:
 * a dashboard sends the same filters with every new range, and parsing and printing them again was
 * the costliest step of such a request before its SQL. An LRU per catalog version (RequestMemo);
 * a filter that fails is not kept (it throws INVALID_FILTER every time).
 */
const filterTexts = new RequestMemo<string>(1000);

function filterText(catalog: Catalog, where: string | undefined, filters: readonly DimensionFilter[]): string | undefined {
  if ((where === undefined || where === '') && filters.length === 0) return undefined;
  const key = `${where ?? ''}\u0000${filters.length === 0 ? '' : JSON.stringify(filters)}`;
  const known = filterTexts.get(catalog.version, key);
  if (known !== undefined) return known;
  const text = combinedFilter(catalog, where, filters);
  if (text !== undefined) filterTexts.set(catalog.version, key, text);
  return text;
}
