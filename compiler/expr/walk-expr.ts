import type { Expr } from './ast.js';

type NodeOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

/** Direct children of each kind, in source order. A new node kind fails to compile until listed. */
const childrenByKind: { [K in Expr['kind']]: (node: NodeOf<K>) => readonly Expr[] } = {
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

export function childrenOf(node: Expr): readonly Expr[] {
  return (childrenByKind[node.kind] as (n: Expr) => readonly Expr[])(node);
}

/**
 * Visits every node, parents before children, in source order. Return `false` from `visit` to skip
 * a node's children.
 */
export function walkExpr(root: Expr, visit: (node: Expr, parent: Expr | undefined) => void | boolean): void {
  const stack: { node: Expr; parent: Expr | undefined }[] = [{ node: root, parent: undefined }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop()!;
    if (visit(node, parent) === false) continue;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, parent: node });
  }
}

type Mapper = (node: Expr) => Expr;

/** Rebuilds a node with each child mapped; the node's other fields (range included) are kept. */
const rebuildByKind: { [K in Expr['kind']]: (node: NodeOf<K>, m: Mapper) => Expr } = {
  literal: (n) => n,
  interval: (n) => n,
  ref: (n) => n,
  column: (n) => n,
  dimension: (n) => n,
  metric: (n) => n,
  unary: (n, m) => ({ ...n, operand: m(n.operand) }),
  binary: (n, m) => ({ ...n, left: m(n.left), right: m(n.right) }),
  in: (n, m) => ({ ...n, operand: m(n.operand), values: n.values.map(m) }),
  between: (n, m) => ({ ...n, operand: m(n.operand), low: m(n.low), high: m(n.high) }),
  isNull: (n, m) => ({ ...n, operand: m(n.operand) }),
  like: (n, m) => ({ ...n, operand: m(n.operand), pattern: m(n.pattern) }),
  case: (n, m) => ({ ...n, whens: n.whens.map((w) => ({ when: m(w.when), then: m(w.then) })), otherwise: n.otherwise ? m(n.otherwise) : null }),
  call: (n, m) => ({ ...n, args: n.args.map(m) }),
  lag: (n, m) => {
    const offset = m(n.offset);
    if (offset.kind !== 'interval') throw new Error('mapExpr: a lag offset must stay an interval node');
    return { ...n, metric: m(n.metric), offset };
  },
};

/**
 * Bottom-up rewrite: children are mapped first, then `fn` sees the rebuilt node and returns its
 * replacement (or the node itself). Trees are immutable; unchanged subtrees are copied shallowly.
 */
export function mapExpr(root: Expr, fn: (node: Expr) => Expr): Expr {
  const go = (node: Expr): Expr => fn((rebuildByKind[node.kind] as (n: Expr, m: Mapper) => Expr)(node, go));
  return go(root);
}

/** Height of the tree (a leaf is 1), computed without recursion so any tree is safe to measure. */
export function exprDepth(root: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
