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
import type { Cte, SelectColumn, SqlExpr } from '../sql/ast.js';
import { as, col, cteRef, select } from '../sql/build.js';

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
  /** Column of the stack holding `column` of the leaf CTE `cte`. */
  readonly columnOf: (cte: string, column: string) => string | undefined;
}

const nullValue: SqlExpr = { kind: 'null' };

function stackColumn(leaf: StackedLeaf, column: string): string {
  return `${leaf.alias}_${column}`;
}

function stackedColumn(byLeaf: ReadonlyMap<string, StackedLeaf>, cte: string, column: string): string | undefined {
  const leaf = byLeaf.get(cte);
  return leaf && leaf.values.includes(column) ? stackColumn(leaf, column) : undefined;
}

/** The leaves (at least two) combined on `keys` as the CTE `request_keys`, from `request_rows_<n>`. */
export function stackLeaves(leaves: readonly StackedLeaf[], keys: readonly string[]): Stack {
  const name = 'request_keys';
  const ctes: Cte[] = [];
  let previous: { name: string; columns: string[] } | null = null;
  for (const leaf of leaves) {
    const own = leaf.values.map((c) => stackColumn(leaf, c));
    if (previous === null) {
      previous = { name: leaf.cte, columns: own };
      // The first leaf is read through its own column names; renamed in the first union below.
      continue;
    }
    const first: SelectColumn[] = ctes.length === 0
      ? [...keys.map((k) => as(col('x', k), k)), ...leaves[0]!.values.map((c) => as(col('x', c), stackColumn(leaves[0]!, c)))]
      : [...keys, ...previous.columns].map((c) => as(col('x', c), c));
    const rowsName = `request_rows_${ctes.length + 2}`;
    ctes.push({
      name: rowsName,
      recursive: false,
      query: {
        kind: 'union',
        all: true,
        queries: [
          select({ columns: [...first, ...own.map((c) => as(nullValue, c))], from: cteRef(previous.name, 'x') }),
          select({
            columns: [
              ...keys.map((k) => as(col('y', k), k)),
              ...previous.columns.map((c) => as(nullValue, c)),
              ...leaf.values.map((c) => as(col('y', c), stackColumn(leaf, c))),
            ],
            from: cteRef(leaf.cte, 'y'),
          }),
        ],
      },
    });
    previous = { name: rowsName, columns: [...previous.columns, ...own] };
  }
  if (previous === null || ctes.length === 0) throw new Error('stackLeaves needs at least two leaves');
  const stacked = previous;
  ctes.push({
    name,
    recursive: false,
    query: select({
      columns: [
        ...keys.map((k) => as(col('s', k), k)),
        ...stacked.columns.map((c) => as({ kind: 'aggregate', fn: 'max', arg: col('s', c) }, c)),
      ],
      from: cteRef(stacked.name, 's'),
      groupBy: keys.map((k) => col('s', k)),
    }),
  });
  const byLeaf = new Map(leaves.map((l) => [l.cte, l]));
  return {
    ctes,
    name,
    // bind() rather than a closure: tsx wraps each named closure in a defineProperty call.
    columnOf: stackedColumn.bind(undefined, byLeaf),
  };
}
