/** DuckDB: Postgres family; differs in interval syntax, formatting and its quantile aggregate. */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { PostgresDialect } from '../postgres/postgres-dialect.js';

export class DuckDbDialect extends PostgresDialect {
  override readonly name: string = 'duckdb';

  override dateTrunc(grain: CalendarGrain, sql: string): string {
    if (grain === 'day') return sql;
    return `CAST(DATE_TRUNC('${grain}', ${sql}) AS DATE)`;
  }
  override dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    return `CAST(${sql} + INTERVAL (${count}) ${unit.toUpperCase()} AS DATE)`;
  }
  override timestampAddMonths(count: number, sql: string): string {
    return `(${sql} + INTERVAL (${count}) MONTH)`;
  }
  override timestampAddDays(count: number, sql: string): string {
    return `(${sql} + INTERVAL (${count}) DAY)`;
  }
  override timestampAddMinutes(minutesSql: string, sql: string): string {
    return `(${sql} + TO_MINUTES(CAST(${minutesSql} AS BIGINT)))`;
  }
  override formatDate(sql: string): string {
    return `STRFTIME(${sql}, '%Y-%m-%d')`;
  }
  override daysBetween(fromSql: string, toSql: string): string {
    return `DATE_DIFF('day', CAST(${fromSql} AS DATE), CAST(${toSql} AS DATE))`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE)`;
  }
  protected override percentileAggregate(argSql: string, p: number): string {
    return `QUANTILE_CONT(${argSql}, ${p})`;
  }
}

export const duckdbDialect = new DuckDbDialect();
