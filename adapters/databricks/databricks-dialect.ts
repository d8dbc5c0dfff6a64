/**
 * Databricks SQL (Spark SQL): backtick quoting, TRUNC/ADD_MONTHS date functions, TIMESTAMPADD,
 * `<=>` null-safe equality, exact PERCENTILE. Timestamps are read as stored (UTC) and shifted to
 * the project zone by the planner's CASE, so the session time zone never matters.
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

const UNIT: Readonly<Record<Exclude<CalendarGrain, 'day'>, string>> = {
  week: 'WEEK',
  month: 'MONTH',
  quarter: 'QUARTER',
  year: 'YEAR',
};

export class DatabricksDialect extends BaseDialect {
  readonly name: string = 'databricks';
  override readonly supportsFullOuterJoin: boolean = true;
  override readonly supportsPercentile: boolean = true;

  override quoteIdentifier(name: string): string {
    return `\`${name.replace(/`/g, '``')}\``;
  }
  override dateTrunc(grain: CalendarGrain, sql: string): string {
    // TRUNC(date, unit) returns a DATE (DATE_TRUNC would return a TIMESTAMP); its WEEK is Monday.
    return grain === 'day' ? sql : `TRUNC(${sql}, '${UNIT[grain]}')`;
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // ADD_MONTHS clamps to the last day of a shorter month.
    return unit === 'day' ? `DATE_ADD(${sql}, ${count})` : `ADD_MONTHS(${sql}, ${count})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    // TIMESTAMPADD keeps the time of day (ADD_MONTHS would return a DATE) and clamps.
    return `TIMESTAMPADD(MONTH, ${count}, ${sql})`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `TIMESTAMPADD(DAY, ${count}, ${sql})`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `TIMESTAMPADD(MINUTE, ${minutesSql}, ${sql})`;
  }
  formatDate(sql: string): string {
    return `DATE_FORMAT(${sql}, 'yyyy-MM-dd')`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `DATEDIFF(CAST(${toSql} AS DATE), CAST(${fromSql} AS DATE))`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE)`;
  }
  override nullSafeEquals(left: string, right: string): string {
    return `${left} <=> ${right}`;
  }
  /** PERCENTILE is exact and interpolates between ranks like PERCENTILE_CONT. */
  protected override percentileAggregate(argSql: string, p: number): string {
    return `PERCENTILE(${argSql}, ${p})`;
  }
}

export const databricksDialect = new DatabricksDialect();
