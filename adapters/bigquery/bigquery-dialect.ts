/**
 * BigQuery (GoogleSQL): backtick quoting, DATE_TRUNC(date, part) argument order, typed INTERVAL
 * arithmetic, FLOAT64. Stored timestamps are read as TIMESTAMP (a DATETIME column is cast, and
 * BigQuery reads a zone-less value as UTC), then shifted to the project zone by the planner's CASE.
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

const PART: Readonly<Record<Exclude<CalendarGrain, 'day'>, string>> = {
  // ISOWEEK starts on Monday whatever the locale; plain WEEK starts on Sunday.
  week: 'ISOWEEK',
  month: 'MONTH',
  quarter: 'QUARTER',
  year: 'YEAR',
};

/** Buckets for APPROX_QUANTILES: percentiles resolve to 0.1 points. */
const QUANTILE_BUCKETS = 1000;

export class BigQueryDialect extends BaseDialect {
  readonly name: string = 'bigquery';
  /**
   * BigQuery rejects a FULL OUTER JOIN whose condition is not an equality of fields from both
   * sides, and Canon joins combined rows on null-safe key equality; the planner's union of keys
   * plus LEFT JOIN works instead.
   */
  override readonly supportsFullOuterJoin: boolean = false;
  /** Approximate: see percentileAggregate. */
  override readonly supportsPercentile: boolean = true;
  /** GoogleSQL has no `name(columns)` list on CTEs; Canon's CTE selects alias every column anyway. */
  readonly cteColumnLists: boolean = false;
  /** A bare UNION is a syntax error in GoogleSQL: it must say ALL or DISTINCT. */
  readonly explicitUnionDistinct: boolean = true;

  override quoteIdentifier(name: string): string {
    return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  }
  override asTimestamp(sql: string): string {
    return `CAST(${sql} AS TIMESTAMP)`;
  }
  override dateTrunc(grain: CalendarGrain, sql: string): string {
    return grain === 'day' ? sql : `DATE_TRUNC(${sql}, ${PART[grain]})`;
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // DATE_ADD with MONTH clamps to the last day of a shorter month.
    return `DATE_ADD(${sql}, INTERVAL ${count} ${unit.toUpperCase()})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    // TIMESTAMP_ADD stops at DAY; DATETIME_ADD takes MONTH (and clamps), on the UTC wall clock.
    return `TIMESTAMP(DATETIME_ADD(DATETIME(${sql}), INTERVAL ${count} MONTH))`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `TIMESTAMP_ADD(${sql}, INTERVAL ${count} DAY)`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `TIMESTAMP_ADD(${sql}, INTERVAL (${minutesSql}) MINUTE)`;
  }
  formatDate(sql: string): string {
    return `FORMAT_DATE('%Y-%m-%d', ${sql})`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `DATE_DIFF(CAST(${toSql} AS DATE), CAST(${fromSql} AS DATE), DAY)`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS FLOAT64)`;
  }
  /**
   * APPROXIMATE. GoogleSQL's PERCENTILE_CONT is an analytic (window) function only, not an
   * aggregate; APPROX_QUANTILES is the aggregate. With 1000 buckets the answer is one of the
   * input values near the requested rank (no interpolation), so it can differ from the exact
   * interpolated percentile other engines return.
   */
  protected override percentileAggregate(argSql: string, p: number): string {
    return `APPROX_QUANTILES(${argSql}, ${QUANTILE_BUCKETS})[OFFSET(${Math.round(p * QUANTILE_BUCKETS)})]`;
  }
}

export const bigqueryDialect = new BigQueryDialect();
