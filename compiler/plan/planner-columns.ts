/**
 * Expressions over the planner's own columns (`"k"."metric_time"`, `"k"."l1_value"`) that every
 * request with that shape repeats: `formatDate` of a key and `coalesce(value, 0)` of a count. They
 * depend on planner names only (no catalog, no request value), so each is one shared node, rendered
 * once per dialect. The names come from a small set (aliases `k`, `l<n>`, columns `d<n>`,
 * `metric_time`, `l<n>_value..`); the table is still bounded.
 */
import type { SqlExpr } from '../sql/ast.js';
import { col } from '../sql/build.js';
import { shared } from '../sql/shared.js';

const LIMIT = 2_000;
/** Table -> column -> node; the names are planner constants, looked up without a joined key. */
const formatted = new Map<string, Map<string, SqlExpr>>();
const zeroed = new Map<string, Map<string, SqlExpr>>();

function columnsOf(map: Map<string, Map<string, SqlExpr>>, table: string): Map<string, SqlExpr> {
  let byColumn = map.get(table);
  if (byColumn === undefined) {
    if (map.size >= LIMIT) map.clear();
    byColumn = new Map();
    map.set(table, byColumn);
  }
  if (byColumn.size >= LIMIT) byColumn.clear();
  return byColumn;
}

/** `formatDate("table"."column")`. */
export function formattedDate(table: string, column: string): SqlExpr {
  const byColumn = columnsOf(formatted, table);
  let node = byColumn.get(column);
  if (node === undefined) {
    node = shared({ kind: 'formatDate', operand: col(table, column) });
    byColumn.set(column, node);
  }
  return node;
}

/** `coalesce(column, 0)` for a planner column node; other expressions get a node of their own. */
export function zeroWhenMissing(column: SqlExpr): SqlExpr {
  if (column.kind !== 'column' || column.table === undefined) return { kind: 'call', fn: 'coalesce', args: [column, { kind: 'integer', value: 0 }] };
  const byColumn = columnsOf(zeroed, column.table);
  let node = byColumn.get(column.name);
  if (node === undefined) {
    node = shared({ kind: 'call', fn: 'coalesce', args: [col(column.table, column.name), { kind: 'integer', value: 0 }] });
    byColumn.set(column.name, node);
  }
  return node;
}
