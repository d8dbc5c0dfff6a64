/**
 * Combining several leaves on the request keys with FULL OUTER JOIN semantics in one pass, the same
 * SQL on every engine (MySQL has no FULL JOIN): the leaves' rows are stacked with UNION ALL, each
 * leaf's values in columns of their own (NULL on the other leaves' rows), then grouped by the keys.
 * A leaf has at most one row per key (it groups by them), so MAX over a key's rows is that row's
 * value, or NULL when the leaf had no row: what a LEFT JOIN from the union of keys read. GROUP BY
 * puts NULL dimension values in one group, the null-safe match the joins spelled out.
 *
 * Each leaf CTE is read once. The union of keys + one LEFT JOIN per leaf read every leaf twice, so
 * DuckDB and PostgreSQL materialised each one, and DuckDB planned and ran two extra joins: on
 * customer_acquisition_cost (two small leaves, bench:execution) that was ~1 ms of a ~5 ms query.
 *
 * The stack is built two queries at a time (`request_rows_2`, `_3`, ...): in each UNION ALL every
 * value column is typed on one side, so PostgreSQL never has to type a column that is NULL on
 * both sides (it would pick text and then fail against the real type).
 */
import type { Cte, Query, SelectColumn, SqlExpr } from '../sql/ast.js';
import { as, col, cte, cteRef, mapList, pushAll, select } from '../sql/build.js';
import { joinedName, numberedName } from './planner-names.js';

export interface StackedLeaf {
  /** The leaf's CTE. */
  readonly cte: string;
  /** Its alias in the combine (`l1`, ...), which prefixes its columns in the stack. */
  readonly alias: string;
  /** Its value columns (everything but the keys). */
  readonly values: readonly string[];
}

export interface Stack {
  readonly ctes: readonly Cte[];
  /** The CTE with one row per key: the key columns and every leaf's value columns. */
  readonly name: string;
  /** The stacked leaves by CTE name (stackedColumn reads them). */
  readonly byLeaf: ReadonlyMap<string, StackedLeaf>;
}

const nullValue: SqlExpr = { kind: 'null' };

function stackColumn(leaf: StackedLeaf, column: string): string {
  return joinedName(leaf.alias, column);
}

/** Column of the stack holding `column` of the leaf CTE `cte`, if the stack holds it. */
export function stackedColumn(stack: Stack, cte: string, column: string): string | undefined {
  const leaf = stack.byLeaf.get(cte);
  return leaf && leaf.values.includes(column) ? stackColumn(leaf, column) : undefined;
}

/** The leaves (at least two) combined on `keys` as the CTE `request_keys`, from `request_rows_<n>`. */
export function stackLeaves(leaves: readonly StackedLeaf[], keys: readonly string[]): Stack {
  // Columns are pushed in loops, not spread: spreads over arrays of differing element kinds (an
  // empty keys array is SMI, a filled one holds objects) kept deoptimising this function.
  const name = 'request_keys';
  const ctes: Cte[] = [];
  let previous: { name: string; columns: string[] } | null = null;
  for (const leaf of leaves) {
    const own: string[] = [];
    for (const c of leaf.values) own.push(stackColumn(leaf, c));
    if (previous === null) {
      previous = { name: leaf.cte, columns: own };
      // The first leaf is read through its own column names; renamed in the first union below.
      continue;
    }
    const first: SelectColumn[] = [];
    for (const k of keys) first.push(as(col('x', k), k));
    if (ctes.length === 0) {
      for (const c of leaves[0]!.values) first.push(as(col('x', c), stackColumn(leaves[0]!, c)));
    } else {
      for (const c of previous.columns) first.push(as(col('x', c), c));
    }
    for (const c of own) first.push(as(nullValue, c));
    const second: SelectColumn[] = [];
    for (const k of keys) second.push(as(col('y', k), k));
    for (const c of previous.columns) second.push(as(nullValue, c));
    for (const c of leaf.values) second.push(as(col('y', c), stackColumn(leaf, c)));
    const rowsName = numberedName('request_rows_', ctes.length + 2);
    const union: Query = {
      kind: 'union',
      all: true,
      queries: [select({ columns: first, from: cteRef(previous.name, 'x') }), select({ columns: second, from: cteRef(leaf.cte, 'y') })],
    };
    ctes.push(cte(rowsName, union));
    previous = { name: rowsName, columns: pushAll(pushAll([], previous.columns), own) };
  }
  if (previous === null || ctes.length === 0) throw new Error('stackLeaves needs at least two leaves');
  const stacked = previous;
  const columns: SelectColumn[] = [];
  for (const k of keys) columns.push(as(col('s', k), k));
  for (const c of stacked.columns) columns.push(as({ kind: 'aggregate', fn: 'max', arg: col('s', c) }, c));
  ctes.push(cte(name, select({ columns, from: cteRef(stacked.name, 's'), groupBy: mapList(keys, (k) => col('s', k)) })));
  const byLeaf = new Map<string, StackedLeaf>();
  for (const l of leaves) byLeaf.set(l.cte, l);
  return { ctes, name, byLeaf };
}
