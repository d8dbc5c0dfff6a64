/** Small factories for SQL tree nodes, so the planner reads like the SQL it builds. */
import type { Cte, FromItem, Join, OrderItem, Query, SelectColumn, SelectQuery, SqlBinaryOp, SqlExpr } from './ast.js';
import type { SqlValue } from './values.js';

/**
 * Always the same properties in the same order (`table` undefined when absent): two shapes for one
 * kind made the lowering's property loads polymorphic and V8 deoptimised them on "wrong map".
 * JSON.stringify drops an undefined `table`, so keys built from columns are unchanged.
 */
export const col = (table: string | undefined, name: string): SqlExpr => ({ kind: 'column', table, name });
export const param = (value: SqlValue): SqlExpr => ({ kind: 'param', value });
export const int = (value: number): SqlExpr => {
  if (!Number.isInteger(value)) throw new Error(`structural integer expected, got ${value}`);
  return { kind: 'integer', value };
};
export const nullExpr: SqlExpr = { kind: 'null' };
export const bin = (op: SqlBinaryOp, left: SqlExpr, right: SqlExpr): SqlExpr => ({ kind: 'binary', op, left, right });

/** AND of all conditions (left-nested, in order); null when there are none. */
export function and(conditions: readonly (SqlExpr | null | undefined)[]): SqlExpr | null {
  let acc: SqlExpr | null = null;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    if (c === null || c === undefined) continue;
    acc = acc === null ? c : bin('and', acc, c);
  }
  return acc;
}

// An empty array literal, or `.map` over an empty array, has SMI elements; a filled array of nodes
// or names has object elements. Those are two maps, and hot code optimised having seen only one
// deoptimised ("wrong map") the first time a rare request (no group-by, no joins) brought the
// other. Empty arrays that reach hot code are made here instead, with object elements.
const SEED: readonly unknown[] = [undefined];

/** A new empty array with object elements (see SEED). */
export function list<T>(): T[] {
  return SEED.slice(1) as T[];
}

/** `items` itself, or a new empty array with object elements when it is empty. */
function filled<T>(items: readonly T[] | undefined): readonly T[] {
  return items === undefined || items.length === 0 ? list<T>() : items;
}

export const table = (name: string, alias: string): FromItem => ({ kind: 'table', name, alias });
export const cteRef = (name: string, alias: string): FromItem => ({ kind: 'cteRef', name, alias });
export const join = (type: Join['type'], item: FromItem, on: SqlExpr | null): Join => ({ kind: 'join', type, item, on });

export function select(parts: {
  columns: readonly SelectColumn[];
  from: FromItem | null;
  joins?: readonly Join[];
  where?: SqlExpr | null;
  groupBy?: readonly SqlExpr[];
  orderBy?: readonly OrderItem[];
  limit?: number | null;
  distinct?: boolean;
}): SelectQuery {
  return {
    kind: 'select',
    distinct: parts.distinct ?? false,
    columns: parts.columns,
    from: parts.from,
    joins: filled(parts.joins),
    where: parts.where ?? null,
    groupBy: filled(parts.groupBy),
    orderBy: filled(parts.orderBy),
    limit: parts.limit ?? null,
  };
}

/**
 * `query` with `columns`, as a literal of select()'s shape: a spread clone (`{ ...query, columns }`)
 * gets a map of its own, which deoptimised the renderer's loads on select queries.
 */
export function withColumns(query: SelectQuery, columns: readonly SelectColumn[]): SelectQuery {
  return {
    kind: 'select',
    distinct: query.distinct,
    columns,
    from: query.from,
    joins: query.joins,
    where: query.where,
    groupBy: query.groupBy,
    orderBy: query.orderBy,
    limit: query.limit,
  };
}

export const as = (expr: SqlExpr, alias: string): SelectColumn => ({ expr, alias });

/**
 * A CTE; giving its column names makes it recursive (they are required there). Every CTE has one
 * shape (`columns` undefined when absent, last, so JSON is unchanged): make them all here.
 */
export const cte = (name: string, query: Query, columns?: readonly string[]): Cte =>
  ({ name, query, recursive: columns !== undefined, columns });

/**
 * `items.map(fn)` filled with pushes. Array.prototype.map returns a HOLEY_ELEMENTS array from the
 * builtin but a PACKED_ELEMENTS one once TurboFan inlines it into an optimised caller, so arrays
 * reaching the renderer and the row builders changed map when the lowering was optimised, and
 * writeSelect, and(), select() and pushAll deoptimised on "wrong map" in the first timed requests.
 * Pushed into list(), every tree array has one map.
 */
export function mapList<T, U>(items: readonly T[], fn: (item: T, index: number) => U): U[] {
  const out = list<U>();
  for (let i = 0; i < items.length; i++) out.push(fn(items[i]!, i));
  return out;
}

/** Appends `items` with a plain loop: spreads over arrays of varying element kinds deoptimised. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}
