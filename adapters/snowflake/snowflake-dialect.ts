/**
 * Snowflake: double-quoted identifiers, DATEADD/DATEDIFF date functions, exact PERCENTILE_CONT.
 * Stored timestamps are expected as TIMESTAMP_NTZ holding UTC (the planner shifts them to the
 * project zone with its own offset CASE, so the session's TIMEZONE never matters).
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

export class SnowflakeDialect extends BaseDialect {
  readonly name: string = 'snowflake';
  override readonly supportsFullOuterJoin: boolean = true;
  override readonly supportsNullsLast: boolean = true;
  override readonly supportsPercentile: boolean = true;

  override timestampParam(placeholder: string): string {
    // Plain TIMESTAMP follows the TIMESTAMP_TYPE_MAPPING parameter; NTZ keeps a UTC instant unshifted.
    return `CAST(${placeholder} AS TIMESTAMP_NTZ)`;
  }
  override dateTrunc(grain: CalendarGrain, sql: string): string {
    if (grain === 'day') return sql;
    // DATE_TRUNC('WEEK') follows the WEEK_START session parameter; DAYOFWEEKISO does not (Monday = 1).
    if (grain === 'week') return `DATEADD(DAY, 1 - DAYOFWEEKISO(${sql}), ${sql})`;
    return `DATE_TRUNC('${grain.toUpperCase()}', ${sql})`;
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // DATEADD on a DATE returns a DATE; MONTH clamps to the last day of a shorter month.
    return `DATEADD(${unit.toUpperCase()}, ${count}, ${sql})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    return `DATEADD(MONTH, ${count}, ${sql})`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `DATEADD(DAY, ${count}, ${sql})`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `DATEADD(MINUTE, ${minutesSql}, ${sql})`;
  }
  formatDate(sql: string): string {
    return `TO_CHAR(${sql}, 'YYYY-MM-DD')`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `DATEDIFF(DAY, CAST(${fromSql} AS DATE), CAST(${toSql} AS DATE))`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE)`;
  }
  override nullSafeEquals(left: string, right: string): string {
    // EQUAL_NULL is Snowflake's own spelling of IS NOT DISTINCT FROM.
    return `EQUAL_NULL(${left}, ${right})`;
  }
  // PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x) is an exact aggregate in Snowflake: BaseDialect's spelling.
}

export const snowflakeDialect = new SnowflakeDialect();
