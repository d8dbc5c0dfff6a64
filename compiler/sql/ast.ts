/**
 * The dialect-neutral SQL tree the planner produces and each Dialect renders.
 * Nodes are readonly plain objects keyed on `kind`. Identifiers come only from the Catalog or the
 * planner; every user value is a `param` (rendered as a `?` binding).
 */
import type { SqlValue } from './values.js';

export type CalendarGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Functions of the expression language that map 1:1 onto a SQL scalar function (spelling per dialect). */
export type ScalarFunction =
  | 'coalesce' | 'abs' | 'round' | 'floor' | 'ceil' | 'least' | 'greatest' | 'nullif' | 'lower' | 'upper';

export type AggregateFunction =
  | 'sum' | 'count' | 'count_distinct' | 'count_star' | 'average' | 'min' | 'max' | 'median' | 'percentile';

/** Which end of a request's time range a bound value comes from. */
export type RangeEnd = 'from' | 'to';

export type SqlBinaryOp =
  | '+' | '-' | '*' | '%' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type SqlExpr =
  | { readonly kind: 'column'; readonly table?: string | undefined; readonly name: string }
  /** A user or catalog value: always a binding. */
  | { readonly kind: 'param'; readonly value: SqlValue }
  /**
   * A date value (`YYYY-MM-DD`) bound and cast to the engine's DATE. `end` marks a value that is the
   * request's range end itself (see compiler/range-templates.ts); absent for any other date.
   */
  | { readonly kind: 'dateParam'; readonly value: string; readonly end?: RangeEnd }
  /**
   * A UTC instant (`YYYY-MM-DD HH:MM:SS`) bound and cast to the engine's TIMESTAMP. `end` marks the
   * instant at which the request's range end starts in the project zone; absent otherwise.
   */
  | { readonly kind: 'timestampParam'; readonly value: string; readonly end?: RangeEnd }
  /** A structural integer computed by the compiler (interval counts, tz offsets): rendered inline. */
  | { readonly kind: 'integer'; readonly value: number }
  | { readonly kind: 'null' }
  | { readonly kind: 'binary'; readonly op: SqlBinaryOp; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly kind: 'not'; readonly operand: SqlExpr }
  | { readonly kind: 'negate'; readonly operand: SqlExpr }
  /** Floating-point division that yields NULL when the denominator is zero or NULL. */
  | { readonly kind: 'safeDivide'; readonly numerator: SqlExpr; readonly denominator: SqlExpr }
  | { readonly kind: 'isNull'; readonly operand: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly operand: SqlExpr; readonly values: readonly SqlExpr[]; readonly negated: boolean }
  | { readonly kind: 'between'; readonly operand: SqlExpr; readonly low: SqlExpr; readonly high: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'like'; readonly operand: SqlExpr; readonly pattern: SqlExpr; readonly negated: boolean }
  | { readonly kind: 'case'; readonly whens: readonly { readonly when: SqlExpr; readonly then: SqlExpr }[]; readonly otherwise: SqlExpr | null }
  | { readonly kind: 'call'; readonly fn: ScalarFunction; readonly args: readonly SqlExpr[] }
  | { readonly kind: 'aggregate'; readonly fn: AggregateFunction; readonly arg: SqlExpr | null; readonly percentile?: number }
  | { readonly kind: 'exists'; readonly query: SelectQuery }
  /** Equality where NULL equals NULL (joining combined rows on dimension keys). */
  | { readonly kind: 'nullSafeEquals'; readonly left: SqlExpr; readonly right: SqlExpr }
  | { readonly kind: 'toDouble'; readonly operand: SqlExpr }
  /** DATE -> DATE at the start of the calendar period; `week` starts on Monday. */
  | { readonly kind: 'dateTrunc'; readonly grain: CalendarGrain; readonly operand: SqlExpr }
  /** DATE -> DATE shifted by whole days or months (count may be negative). */
  | { readonly kind: 'dateAdd'; readonly unit: 'day' | 'month'; readonly count: number; readonly operand: SqlExpr }
  /** TIMESTAMP -> TIMESTAMP shifted by whole days (conversion windows). */
  | { readonly kind: 'timestampAddDays'; readonly count: number; readonly operand: SqlExpr }
  /** TIMESTAMP -> TIMESTAMP shifted by calendar months, clamped to the end of a shorter month. */
  | { readonly kind: 'timestampAddMonths'; readonly count: number; readonly operand: SqlExpr }
  /** TIMESTAMP -> TIMESTAMP shifted by an integer expression of minutes (time zone offsets). */
  | { readonly kind: 'timestampAddMinutes'; readonly minutes: SqlExpr; readonly operand: SqlExpr }
  /**
   * The UTC offset in minutes in force at a TIMESTAMP, from a zone's transition table (SQLite has no
   * zones, so every engine reads the same table). Rendered as a balanced CASE over the transition
   * instants (a binary search, ~log2(n) comparisons per row), each instant bound as a timestamp.
   */
  | { readonly kind: 'zoneOffset'; readonly operand: SqlExpr; readonly zone: ZoneTransitions }
  /** TIMESTAMP -> DATE (drops the time of day). */
  | { readonly kind: 'toDate'; readonly operand: SqlExpr }
  /** A column holding a timestamp, normalised so comparisons and arithmetic work (SQLite stores text). */
  | { readonly kind: 'asTimestamp'; readonly operand: SqlExpr }
  /** A column holding a calendar date, normalised likewise. */
  | { readonly kind: 'asDate'; readonly operand: SqlExpr }
  /** DATE -> `YYYY-MM-DD` text, identical on every engine. */
  | { readonly kind: 'formatDate'; readonly operand: SqlExpr }
  /** Whole calendar days from one date/time to another. */
  | { readonly kind: 'daysBetween'; readonly from: SqlExpr; readonly to: SqlExpr }
  /**
   * `expr`, built once per catalog and reused by every request (shared.ts): the renderer keeps its
   * text and bindings per dialect, so a request writes it with one lookup. Renders as `expr`.
   */
  | SharedExpr;

/** See the `shared` kind above; made only by `shared()` in shared.ts. */
export interface SharedExpr {
  readonly kind: 'shared';
  readonly expr: SqlExpr;
}

/**
 * UTC-offset transitions of a time zone over a span of years. Tables are shared between requests
 * (cached per zone and span by the planner), so the renderer may cache their rendered CASE per
 * object.
 */
export interface ZoneTransitions {
  /** Offset in minutes (local = UTC + offset) before the first transition. */
  readonly initial: number;
  /** Each transition: from this UTC instant (`YYYY-MM-DD HH:MM:SS`) on, the offset is `offset`. */
  readonly transitions: readonly { readonly at: string; readonly offset: number }[];
}

/** A row source in FROM or JOIN. */
export type FromItem =
  | { readonly kind: 'table'; readonly name: string; readonly alias: string }
  /** A model defined by `sql:` in the catalog (author-written, reviewed SQL). */
  | { readonly kind: 'rawSql'; readonly sql: string; readonly alias: string }
  | { readonly kind: 'cteRef'; readonly name: string; readonly alias: string }
  | { readonly kind: 'subquery'; readonly query: Query; readonly alias: string };

export interface Join {
  readonly kind: 'join';
  readonly type: 'inner' | 'left' | 'full' | 'cross';
  readonly item: FromItem;
  readonly on: SqlExpr | null;
}

export interface SelectColumn {
  readonly expr: SqlExpr;
  readonly alias: string;
}

export interface OrderItem {
  readonly expr: SqlExpr;
  readonly descending: boolean;
}

export interface SelectQuery {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly columns: readonly SelectColumn[];
  readonly from: FromItem | null;
  readonly joins: readonly Join[];
  readonly where: SqlExpr | null;
  readonly groupBy: readonly SqlExpr[];
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
}

export interface UnionQuery {
  readonly kind: 'union';
  /** UNION ALL keeps duplicates; UNION removes them (NULLs compare equal, as dimension keys need). */
  readonly all: boolean;
  readonly queries: readonly SelectQuery[];
}

export type Query = SelectQuery | UnionQuery;

export interface Cte {
  readonly name: string;
  readonly query: Query;
  readonly recursive: boolean;
  /** Column names, required for recursive CTEs. */
  readonly columns?: readonly string[] | undefined;
}

/** The whole statement: CTEs in dependency order, then the final select. */
export interface Statement {
  readonly kind: 'statement';
  readonly ctes: readonly Cte[];
  readonly body: SelectQuery;
}
