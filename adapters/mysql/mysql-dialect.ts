/**
 * MySQL 8 and MariaDB 10.11: backtick quoting, no FULL OUTER JOIN (combined through a union of
 * keys), no ordered-set percentile aggregate, date functions instead of DATE_TRUNC.
 */
import type { CalendarGrain } from '../../compiler/sql/ast.js';
import { BaseDialect } from '../../compiler/sql/dialect.js';

const TRUNC: Readonly<Record<Exclude<CalendarGrain, 'day'>, (sql: string) => string>> = {
  week: (x) => `DATE_SUB(${x}, INTERVAL WEEKDAY(${x}) DAY)`,
  month: (x) => `CAST(DATE_FORMAT(${x}, '%Y-%m-01') AS DATE)`,
  quarter: (x) => `DATE_ADD(MAKEDATE(YEAR(${x}), 1), INTERVAL (QUARTER(${x}) - 1) QUARTER)`,
  year: (x) => `MAKEDATE(YEAR(${x}), 1)`,
};

export class MySqlDialect extends BaseDialect {
  readonly name: string = 'mysql';
  override readonly recursiveSpine: boolean = true;

  override quoteIdentifier(name: string): string {
    return `\`${name.replace(/`/g, '``')}\``;
  }
  override timestampParam(placeholder: string): string {
    return `CAST(${placeholder} AS DATETIME)`;
  }
  override dateTrunc(grain: CalendarGrain, sql: string): string {
    return grain === 'day' ? sql : TRUNC[grain](sql);
  }
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    return `DATE_ADD(${sql}, INTERVAL (${count}) ${unit.toUpperCase()})`;
  }
  timestampAddMonths(count: number, sql: string): string {
    return `DATE_ADD(${sql}, INTERVAL (${count}) MONTH)`;
  }
  timestampAddDays(count: number, sql: string): string {
    return `DATE_ADD(${sql}, INTERVAL (${count}) DAY)`;
  }
  timestampAddMinutes(minutesSql: string, sql: string): string {
    return `DATE_ADD(${sql}, INTERVAL (${minutesSql}) MINUTE)`;
  }
  override toDate(sql: string): string {
    return `DATE(${sql})`;
  }
  formatDate(sql: string): string {
    return `DATE_FORMAT(${sql}, '%Y-%m-%d')`;
  }
  daysBetween(fromSql: string, toSql: string): string {
    return `DATEDIFF(${toSql}, ${fromSql})`;
  }
  override toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE)`;
  }
  override nullSafeEquals(left: string, right: string): string {
    return `${left} <=> ${right}`;
  }
}

export const mysqlDialect = new MySqlDialect();
