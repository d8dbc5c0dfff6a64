/**
 * Amazon Redshift: Postgres family (quoting, casts, TO_CHAR, date subtraction, PERCENTILE_CONT),
 * but with Redshift's own DATEADD instead of interval multiplication, and null-safe equality spelled
 * out (IS NOT DISTINCT FROM is not in Redshift's documented SQL).
 */
import { PostgresDialect } from '../postgres/postgres-dialect.js';

export class RedshiftDialect extends PostgresDialect {
  override readonly name: string = 'redshift';
  /**
   * Redshift runs FULL JOIN only on merge- or hash-joinable conditions, and Canon joins on
   * null-safe equality (an OR): the planner's union of keys plus LEFT JOIN works instead.
   */
  override readonly supportsFullOuterJoin: boolean = false;

  // DATE_TRUNC('week') is Monday-based in Redshift too; the Postgres spelling (via TIMESTAMP) holds.
  override dateAdd(unit: 'day' | 'month', count: number, sql: string): string {
    // DATEADD returns a TIMESTAMP; MONTH clamps to the last day of a shorter month.
    return `CAST(DATEADD(${unit}, ${count}, ${sql}) AS DATE)`;
  }
  override timestampAddMonths(count: number, sql: string): string {
    return `DATEADD(month, ${count}, ${sql})`;
  }
  override timestampAddDays(count: number, sql: string): string {
    return `DATEADD(day, ${count}, ${sql})`;
  }
  override timestampAddMinutes(minutesSql: string, sql: string): string {
    return `DATEADD(minute, ${minutesSql}, ${sql})`;
  }
  override nullSafeEquals(left: string, right: string): string {
    return `${left} = ${right} OR (${left} IS NULL AND ${right} IS NULL)`;
  }
  // PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x) is exact in Redshift; all such calls in one
  // statement must share their ORDER BY column (a Redshift rule), true for one measure per leaf.
}

export const redshiftDialect = new RedshiftDialect();
