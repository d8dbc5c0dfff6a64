import type { Expr } from '../expr/ast.js';

type Children = { readonly [K in Expr['kind']]: (node: Extract<Expr, { kind: K }>) => readonly Expr[] };

const CHILDREN: Children = {
  literal: () => [],
  interval: () => [],
  ref: () => [],
  column: () => [],
  dimension: () => [],
  metric: () => [],
  unary: (n) => [n.operand],
  binary: (n) => [n.left, n.right],
  in: (n) => [n.operand, ...n.values],
  between: (n) => [n.operand, n.low, n.high],
  isNull: (n) => [n.operand],
  like: (n) => [n.operand, n.pattern],
  case: (n) => [...n.whens.flatMap((w) => [w.when, w.then]), ...(n.otherwise ? [n.otherwise] : [])],
  call: (n) => n.args,
  lag: (n) => [n.metric, n.offset],
};

/** Direct sub-expressions of a node, in source order. */
export function exprChildren(node: Expr): readonly Expr[] {
  return (CHILDREN[node.kind] as (n: Expr) => readonly Expr[])(node);
}

/** Every node of the tree, parents before children, in source order. */
export function walkExpr(root: Expr, visit: (node: Expr) => void): void {
  visit(root);
  for (const child of exprChildren(root)) walkExpr(child, visit);
}
