/**
 * SQLite: no date or timestamp types (ISO text, normalised through date()/datetime()), booleans are
 * integers. FULL OUTER JOIN exists since 3.39, and percentile_cont/median since the percentile
 * extension joined the amalgamation (3.47, built in by better-sqlite3, which bundles a newer SQLite).
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import type { SqlValue } from '../../compiler/sql/values.js';
import { BaseDialect, STANDARD_FUNCTIONS } from '../../compiler/sql/dialect.js';
import type { FunctionTemplates } from '../../compiler/sql/dialect.js';

const TRUNC: Readonly<Record<Exclude<CalendarGrain, 'day'>, (sql: string) => string>> = {
  week: (x) => `DATE(${x}, '-' || ((CAST(STRFTIME('%w', ${x}) AS INTEGER) + 6) % 7) || ' days')`,
  month: (x) => `DATE(${x}, 'start of month')`,
  quarter: (x) => `DATE(${x}, 'start of month', '-' || ((CAST(STRFTIME('%m', ${x}) AS INTEGER) - 1) % 3) || ' months')`,
  year: (x) => `DATE(${x}, 'start of year')`,
};

const modifier = (count: number, unit: string): string => `'${count < 0 ? '-' : '+'}${Math.abs(count)} ${unit}s'`;

export class SqliteDialect extends BaseDialect {
  readonly name: string = 'sqlite';
  override readonly recursiveSpine: boolean = true;
  override readonly supportsFullOuterJoin: boolean = true;
  override readonly supportsPercentile: boolean = true;
  protected override readonly functions: FunctionTemplates = {
    ...STANDARD_FUNCTIONS,
    // SQLite's multi-argument MIN/MAX are its scalar LEAST/GREATEST.
    least: 'MIN({*})',
    greatest: 'MAX({*})',
  };

  /** SQLite's percentile_cont takes p in 0..1 and interpolates, as PERCENTILE_CONT does elsewhere. */
  protected override percentileAggregate(argSql: string, p: number): string {
    return `percentile_cont(${argSql}, ${p})`;
  }
  override bindValue(value: SqlValue): SqlValue {
    // better-sqlite3 cannot bind booleans; SQLite stores them as 0/1.
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  override dateParam(placeholder: string): string {
    return `DATE(${placeholder})`;
  }
  override timestampParam(placeholder: string): string {
    return `DATETIME(${placeholder})`;
  }
  override asTimestamp(sql: string): string {
    return `DATETIME(${sql})`;
  }
  override asDate(sql: string): string {
    return `DATE(${sql})`;
  }
  override dateTrunc(grain: CalendarGrain, sql: string): string {
    return grain === 'day' ? sql : TRUNC[grain](sql);
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // '+N months' alone overflows (Jan 31 -> Mar 3); 'floor' clamps to the month's end as the other
    // engines do (SQLite 3.46+, which better-sqlite3 bundles).
    return unit === 'month' ? `DATE(${sql}, ${modifier(count, unit)}, 'floor')` : `DATE(${sql}, ${modifier(count, unit)})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    return `DATETIME(${sql}, ${modifier(count, 'month')}, 'floor')`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `DATETIME(${sql}, ${modifier(count, 'day')})`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `DATETIME(${sql}, (${minutesSql}) || ' minutes')`;
  }
  override toDate(sql: string): string {
    return `DATE(${sql})`;
  }
  formatDate(sql: string): string {
    return `DATE(${sql})`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `CAST(JULIANDAY(DATE(${toSql})) - JULIANDAY(DATE(${fromSql})) AS INTEGER)`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS REAL)`;
  }
  override nullSafeEquals(left: string, right: string): string {
    return `${left} IS ${right}`;
  }
  override booleanLiteral(value: boolean): string {
    return value ? '1' : '0';
  }
}

export const sqliteDialect = new SqliteDialect();
