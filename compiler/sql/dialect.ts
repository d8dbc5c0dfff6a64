/**
 * How one warehouse spells the SQL tree. A Dialect has no driver and does no I/O (compiling SQL
 * needs no database). Differences are expressed three ways only: documented capability flags,
 * small hooks over already-rendered operand text, and data maps of function templates.
 *
 * Hooks receive operand SQL as strings. Bindings inside operands are opaque markers that the
 * renderer turns into `?` afterwards in text order, so a hook may repeat or reorder operands freely.
 */
import type { AggregateFunction, CalendarGrain, ScalarFunction } from './ast.js';
import type { SqlValue } from './values.js';

export interface Dialect {
  /** Registry name, e.g. `duckdb`. */
  readonly name: string;
  /**
   * FULL OUTER JOIN is available. Default false in BaseDialect so a new dialect must opt in
   * consciously; the planner combines per-model aggregates through a union of keys plus LEFT JOINs
   * when it is false (MySQL/MariaDB have no FULL JOIN).
   */
  readonly supportsFullOuterJoin: boolean;
  /**
   * `ORDER BY x NULLS LAST` is understood. Default false: NULLs then sort last through an extra
   * `CASE WHEN x IS NULL` key, evaluated per row (MySQL/MariaDB have no NULLS LAST; SQLite, BigQuery
   * and Databricks do, but node-sql-parser's grammars for them reject it, and golden SQL is parsed).
   */
  readonly supportsNullsLast: boolean;
  /**
   * An ordered-set percentile aggregate exists (`percentile`/`median` measures). Default false:
   * such measures are reported as `unsupported-aggregation` rather than silently approximated.
   */
  readonly supportsPercentile: boolean;
  /**
   * Build date spines with a recursive CTE (one step per period) instead of by doubling. For
   * engines that inline a CTE at every read rather than materialise it (MariaDB/MySQL, SQLite),
   * where doubling's two reads per step multiply into 2^steps subqueries.
   */
  readonly recursiveSpine: boolean;
  /**
   * CTEs may carry a column list, `name(a, b) AS (...)`. Absent means true; BigQuery has no such
   * syntax (every CTE select aliases its columns, so the list is dropped there).
   */
  readonly cteColumnLists?: boolean;
  /** A bare UNION is rejected and must be spelled UNION DISTINCT (BigQuery). Absent means false. */
  readonly explicitUnionDistinct?: boolean;
  /** Quote one identifier part (no dots), escaping the quote character. */
  quoteIdentifier(name: string): string;
  /** A binding as the driver accepts it (SQLite cannot bind booleans). Default: unchanged. */
  bindValue(value: SqlValue): SqlValue;
  /** A binding cast to DATE / TIMESTAMP. `placeholder` is the binding's marker text. */
  dateParam(placeholder: string): string;
  timestampParam(placeholder: string): string;
  /** Normalise a stored timestamp / date column for comparison and arithmetic. Default: unchanged. */
  asTimestamp(sql: string): string;
  asDate(sql: string): string;
  /** DATE at the start of its period (week = Monday). Must return a DATE-typed value. */
  dateTrunc(grain: CalendarGrain, sql: string): string;
  /** DATE shifted by whole days or months; returns DATE. Month arithmetic clamps to month end. */
  dateAdd(unit: 'day' | 'month', count: number, sql: string): string;
  timestampAddDays(count: number, sql: string): string;
  /** TIMESTAMP shifted by calendar months, time of day kept; clamps to month end (Jan 31 + 1 -> Feb 28). */
  timestampAddMonths(count: number, sql: string): string;
  timestampAddMinutes(minutesSql: string, sql: string): string;
  toDate(sql: string): string;
  /** DATE -> `YYYY-MM-DD` text. */
  formatDate(sql: string): string;
  daysBetween(fromSql: string, toSql: string): string;
  toDouble(sql: string): string;
  nullSafeEquals(left: string, right: string): string;
  /** Aggregate spelling; `percentile` carries p in 0..1. */
  aggregate(fn: AggregateFunction, argSql: string | null, percentile?: number): string;
  /** Scalar function spelling. */
  call(fn: ScalarFunction, args: readonly string[]): string;
  /** Boolean literal text (`TRUE`, or `1` where booleans are integers). */
  booleanLiteral(value: boolean): string;
  /** `LIMIT n` clause text. */
  limit(count: number): string;
}

/** Function templates: `{0}`, `{1}` are positional arguments, `{*}` all arguments joined by commas. */
export type FunctionTemplates = Readonly<Record<ScalarFunction, string>>;

export const STANDARD_FUNCTIONS: FunctionTemplates = {
  coalesce: 'COALESCE({*})',
  abs: 'ABS({0})',
  round: 'ROUND({*})',
  floor: 'FLOOR({0})',
  ceil: 'CEIL({0})',
  least: 'LEAST({*})',
  greatest: 'GREATEST({*})',
  nullif: 'NULLIF({0}, {1})',
  lower: 'LOWER({0})',
  upper: 'UPPER({0})',
};

/** A template split into literal text and argument slots: an index, or ALL for `{*}`. */
type TemplatePiece = string | number;
const ALL = -1;
const parsedTemplates = new Map<string, readonly TemplatePiece[]>();

function parseTemplate(template: string): readonly TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  // Only the first `{*}` is a slot (as String.replace with a string pattern would have it).
  const star = template.indexOf('{*}');
  const slots = (text: string): void => {
    let done = 0;
    for (const m of text.matchAll(/\{(\d+)\}/g)) {
      pieces.push(text.slice(done, m.index), Number(m[1]));
      done = m.index + m[0].length;
    }
    pieces.push(text.slice(done));
  };
  if (star < 0) slots(template);
  else {
    slots(template.slice(0, star));
    pieces.push(ALL);
    slots(template.slice(star + 3));
  }
  return pieces;
}

/**
 * Fill a function template. Templates are parsed once (they are a dialect's constants), and argument
 * text is inserted as is, never searched for `{n}` itself.
 */
export function applyTemplate(template: string, args: readonly string[]): string {
  let pieces = parsedTemplates.get(template);
  if (pieces === undefined) {
    pieces = parseTemplate(template);
    parsedTemplates.set(template, pieces);
  }
  let out = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') out += piece;
    else if (piece === ALL) out += args.join(', ');
    else {
      const arg = args[piece];
      if (arg === undefined) throw new Error(`function template ${template} needs argument ${piece}`);
      out += arg;
    }
  }
  return out;
}

/**
 * The ANSI-ish defaults most engines share (PostgreSQL family). Engines override the few hooks
 * where they differ; see adapters/<name>/<name>-dialect.ts.
 */
export abstract class BaseDialect implements Dialect {
  abstract readonly name: string;
  readonly supportsFullOuterJoin: boolean = false;
  readonly supportsNullsLast: boolean = false;
  readonly supportsPercentile: boolean = false;
  readonly recursiveSpine: boolean = false;
  /** Scalar function spellings; override entries, not the `call` hook. */
  protected readonly functions: FunctionTemplates = STANDARD_FUNCTIONS;

  quoteIdentifier(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }
  bindValue(value: SqlValue): SqlValue {
    return value;
  }
  dateParam(placeholder: string): string {
    return `CAST(${placeholder} AS DATE)`;
  }
  timestampParam(placeholder: string): string {
    return `CAST(${placeholder} AS TIMESTAMP)`;
  }
  asTimestamp(sql: string): string {
    return sql;
  }
  asDate(sql: string): string {
    return sql;
  }
  dateTrunc(grain: CalendarGrain, sql: string): string {
    if (grain === 'day') return sql;
    return `CAST(DATE_TRUNC('${grain}', ${sql}) AS DATE)`;
  }
  abstract dateAdd(unit: 'day' | 'month', count: number, sql: string): string;
  abstract timestampAddDays(count: number, sql: string): string;
  abstract timestampAddMonths(count: number, sql: string): string;
  abstract timestampAddMinutes(minutesSql: string, sql: string): string;
  toDate(sql: string): string {
    return `CAST(${sql} AS DATE)`;
  }
  abstract formatDate(sql: string): string;
  abstract daysBetween(fromSql: string, toSql: string): string;
  toDouble(sql: string): string {
    return `CAST(${sql} AS DOUBLE PRECISION)`;
  }
  nullSafeEquals(left: string, right: string): string {
    return `${left} IS NOT DISTINCT FROM ${right}`;
  }
  aggregate(fn: AggregateFunction, argSql: string | null, percentile?: number): string {
    const arg = argSql ?? '*';
    switch (fn) {
      case 'sum': return `SUM(${arg})`;
      case 'count': return `COUNT(${arg})`;
      case 'count_star': return 'COUNT(*)';
      case 'count_distinct': return `COUNT(DISTINCT ${arg})`;
      // Averages in double precision so engines with fixed-scale decimal division agree.
      case 'average': return `AVG(${this.toDouble(arg)})`;
      case 'min': return `MIN(${arg})`;
      case 'max': return `MAX(${arg})`;
      case 'median': return this.percentileAggregate(arg, 0.5);
      case 'percentile': return this.percentileAggregate(arg, percentile ?? 0.5);
    }
  }
  /** Continuous (interpolated) percentile; only called when `supportsPercentile`. */
  protected percentileAggregate(argSql: string, p: number): string {
    return `PERCENTILE_CONT(${p}) WITHIN GROUP (ORDER BY ${argSql})`;
  }
  call(fn: ScalarFunction, args: readonly string[]): string {
    return applyTemplate(this.functions[fn], args);
  }
  booleanLiteral(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }
  limit(count: number): string {
    return `LIMIT ${count}`;
  }
}
