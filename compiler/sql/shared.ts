/**
 * Shared subtrees: SQL that depends only on the catalog (a measure's input expression, a catalog
 * filter, a dimension's column, a period cut of a planner column) is built once per catalog by the
 * planner and the same node object is handed to every request. Wrapping it in a `shared` node tells
 * the renderer the object is reused, so it renders it once per dialect and afterwards writes the
 * kept text and bindings (render-expr.ts). Only the planner's per-catalog memo tables may make one:
 * a node built per request would only fill the renderer's table.
 *
 * JSON of a shared node is the JSON of its expression: lowered trees are compared by JSON (merged
 * row sources compare filters that way), and wrapping must not change which ones compare equal.
 */
import type { SharedExpr, SqlExpr } from './ast.js';

class Shared implements SharedExpr {
  readonly kind = 'shared' as const;
  constructor(readonly expr: SqlExpr) {}

  toJSON(): SqlExpr {
    return this.expr;
  }
}

/** `expr` as a node the renderer may keep the text of; the caller must reuse it across requests. */
export function shared(expr: SqlExpr): SqlExpr {
  return expr.kind === 'shared' ? expr : new Shared(expr);
}
