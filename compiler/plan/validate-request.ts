/** Checks on a request that need no planning: names of metrics, the grain, the time range, the limit. */
import type { Catalog } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { MetricRequest, RequestGrain } from '../request/request.js';
import { LOCAL_TIME_YEARS } from './time-zone.js';

export const REQUEST_GRAINS: readonly RequestGrain[] = ['day', 'week', 'month', 'quarter', 'year', 'fiscal_quarter', 'fiscal_year'];

export function requestError(code: string, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', message } : { code, severity: 'error', message, hint };
}

/** Positions of the digits in `YYYY-MM-DD`. */
const ISO_DIGITS: readonly number[] = [0, 1, 2, 3, 5, 6, 8, 9];

/** The number written by the ASCII digits of `text` from `from`, `count` of them. */
function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/**
 * A real calendar day written `YYYY-MM-DD`, years 0100 to 9999 (as JS Date reads them). Checked
 * character by character (the same text as /^\d{4}-\d{2}-\d{2}$/, without a match array).
 */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (const i of ISO_DIGITS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  // Date.UTC reads years 0-99 as 1900-1999, so such dates never round-tripped: still refused.
  if (year < 100 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/**
 * Bounds on request time ranges. Periods are cut in the project's zone from a transition table
 * computed in JS per year of the range (time-sql.ts); a range of thousands of years would make one
 * request compute and render megabytes of it (measured: 0100..9999 took 35 s and 3.5 MB of SQL).
 * A century covers any dashboard.
 */
const EARLIEST_DAY = `${LOCAL_TIME_YEARS.from}-01-01`;
const LATEST_DAY = `${LOCAL_TIME_YEARS.to}-12-31`;
const MAX_RANGE_YEARS = 100;

function yearsBetween(from: string, to: string): number {
  return Number(to.slice(0, 4)) - Number(from.slice(0, 4));
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function validateRequestShape(catalog: Catalog, request: MetricRequest): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (request.metrics.length === 0) out.push(requestError('unknown-metric', 'the request names no metric', 'name at least one metric'));
  const seen = new Set<string>();
  for (const name of request.metrics) {
    if (!Object.hasOwn(catalog.metrics, name)) {
      out.push(requestError('unknown-metric', `unknown metric '${name}'`, didYouMean(name, Object.keys(catalog.metrics))));
    } else if (seen.has(name)) {
      out.push(requestError('duplicate-metric', `metric '${name}' is requested twice`));
    }
    seen.add(name);
  }
  if (request.grain !== undefined && !REQUEST_GRAINS.includes(request.grain)) {
    out.push(requestError('invalid-grain', `unknown grain '${String(request.grain)}'`, didYouMean(String(request.grain), REQUEST_GRAINS) ?? `use one of ${REQUEST_GRAINS.join(', ')}`));
  }
  timeRangeDiagnostics(request.timeRange, out);
  if (request.limit !== undefined && (!Number.isInteger(request.limit) || request.limit < 0 || request.limit > 1_000_000)) {
    out.push(requestError('invalid-limit', `limit must be a whole number between 0 and 1000000, got ${String(request.limit)}`));
  }
  if (request.compareTo !== undefined && request.compareTo !== 'previous_period' && request.compareTo !== 'previous_year') {
    out.push(requestError('invalid-compare', `unknown comparison '${String(request.compareTo)}'`, 'use previous_period or previous_year'));
  }
  if (request.compareTo !== undefined && request.grain === undefined) {
    out.push(requestError('invalid-grain', `comparing with the ${request.compareTo.replace('_', ' ')} needs a grain`, 'add a grain, e.g. month'));
  }
  return out;
}

/**
 * The time range's problems (not ISO dates, outside the years zone tables cover, too long, empty),
 * appended to `out`. A range template (compiler/range-templates.ts) checks a new range with this
 * alone: the rest of its request is the shape the template was built from, already valid.
 */
export function timeRangeDiagnostics(range: MetricRequest['timeRange'], out: Diagnostic[] = []): Diagnostic[] {
  // Each bound checked once (the checks below all need to know whether it is a date).
  const fromDate = typeof range?.from === 'string' && isIsoDate(range.from);
  const toDate = typeof range?.to === 'string' && isIsoDate(range.to);
  for (const key of ['from', 'to'] as const) {
    const value = range?.[key];
    if (value !== undefined && !(key === 'from' ? fromDate : toDate)) {
      out.push(requestError('invalid-time-range', `time range '${key}' must be an ISO date like 2026-01-31, got '${String(value)}'`));
    }
  }
  for (const key of ['from', 'to'] as const) {
    const value = range?.[key];
    if (typeof value === 'string' && (key === 'from' ? fromDate : toDate) && (value < EARLIEST_DAY || value > LATEST_DAY)) {
      out.push(requestError('invalid-time-range', `time range '${key}' must fall between ${EARLIEST_DAY} and ${LATEST_DAY}, got '${value}'`));
    }
  }
  if (range?.from && range.to && fromDate && toDate && yearsBetween(range.from, range.to) > MAX_RANGE_YEARS) {
    out.push(requestError('invalid-time-range', `time range spans more than ${MAX_RANGE_YEARS} years (${range.from} to ${range.to})`, 'ask for a shorter range, or leave from/to out to read everything'));
  }
  if (range?.from && range.to && fromDate && toDate && range.from >= range.to) {
    out.push(requestError('invalid-time-range', `time range is empty: from ${range.from} is not before to ${range.to}`, "'to' is exclusive: use the day after the last day you want"));
  }
  return out;
}
