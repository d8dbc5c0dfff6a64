/** PostgreSQL: the base of the Postgres family (DuckDB extends it). */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

export class PostgresDialect extends BaseDialect {
  readonly name: string = 'postgres';
  override readonly supportsFullOuterJoin: boolean = true;
  override readonly supportsNullsLast: boolean = true;
  override readonly supportsPercentile: boolean = true;

  override dateTrunc(grain: CalendarGrain, sql: string): string {
    if (grain === 'day') return sql;
    // DATE_TRUNC on a bare DATE resolves to the timestamptz overload (session-zone dependent):
    // cast to a zone-less timestamp first so the cut never depends on the server's TimeZone.
    return `CAST(DATE_TRUNC('${grain}', CAST(${sql} AS TIMESTAMP)) AS DATE)`;
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    return `CAST(${sql} + (${count}) * INTERVAL '1 ${unit}' AS DATE)`;
  }
  timestampAddMonths(count: number, sql: string): string {
    return `(${sql} + (${count}) * INTERVAL '1 month')`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `(${sql} + (${count}) * INTERVAL '1 day')`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `(${sql} + (${minutesSql}) * INTERVAL '1 minute')`;
  }
  formatDate(sql: string): string {
    return `TO_CHAR(${sql}, 'YYYY-MM-DD')`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `(CAST(${toSql} AS DATE) - CAST(${fromSql} AS DATE))`;
  }
}

export const postgresDialect = new PostgresDialect();
