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
const formatted = new Map<string, SqlExpr>();
const zeroed = new Map<string, SqlExpr>();

function remember(map: Map<string, SqlExpr>, key: string, node: SqlExpr): SqlExpr {
  if (map.size >= LIMIT) map.clear();
  map.set(key, node);
  return node;
}

/** `formatDate("table"."column")`. */
export function formattedDate(table: string, column: string): SqlExpr {
  const key = `${table}\u0001${column}`;
  return formatted.get(key) ?? remember(formatted, key, shared({ kind: 'formatDate', operand: col(table, column) }));
}

/** `coalesce(column, 0)` for a planner column node; other expressions get a node of their own. */
export function zeroWhenMissing(column: SqlExpr): SqlExpr {
  if (column.kind !== 'column' || column.table === undefined) return { kind: 'call', fn: 'coalesce', args: [column, { kind: 'integer', value: 0 }] };
  const key = `${column.table}\u0001${column.name}`;
  return zeroed.get(key) ?? remember(zeroed, key, shared({ kind: 'call', fn: 'coalesce', args: [col(column.table, column.name), { kind: 'integer', value: 0 }] }));
}
