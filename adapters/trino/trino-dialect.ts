/**
 * Trino (and Starburst, Athena engine v3): double-quoted identifiers, DATE_TRUNC/DATE_ADD with a
 * unit string, APPROX_PERCENTILE (Trino has no exact percentile aggregate).
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

export class TrinoDialect extends BaseDialect {
  readonly name: string = 'trino';
  override readonly supportsFullOuterJoin: boolean = true;
  override readonly supportsNullsLast: boolean = true;
  /** Approximate: see percentileAggregate. */
  override readonly supportsPercentile: boolean = true;

  override dateTrunc(grain: CalendarGrain, sql: string): string {
    // DATE_TRUNC on a DATE returns a DATE; 'week' is the ISO (Monday) week.
    return grain === 'day' ? sql : `DATE_TRUNC('${grain}', ${sql})`;
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // 'month' clamps to the last day of a shorter month.
    return `DATE_ADD('${unit}', ${count}, ${sql})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    return `DATE_ADD('month', ${count}, ${sql})`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `DATE_ADD('day', ${count}, ${sql})`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `DATE_ADD('minute', ${minutesSql}, ${sql})`;
  }
  formatDate(sql: string): string {
    // A DATE cast to VARCHAR is always ISO `YYYY-MM-DD` in Trino.
    return `CAST(${sql} AS VARCHAR)`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `DATE_DIFF('day', CAST(${fromSql} AS DATE), CAST(${toSql} AS DATE))`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE)`;
  }
  /**
   * APPROXIMATE. Trino has no exact percentile aggregate; APPROX_PERCENTILE uses a t-digest sketch
   * (accuracy within about 1% of rank), so results can differ slightly from exact engines.
   */
  protected override percentileAggregate(argSql: string, p: number): string {
    return `APPROX_PERCENTILE(${argSql}, ${p})`;
  }
}

export const trinoDialect = new TrinoDialect();
