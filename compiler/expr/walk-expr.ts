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

/** `items` mapped, or `items` itself when every item maps to itself (no copy of unchanged lists). */
function mapAll<T extends Expr>(items: readonly T[], m: (item: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const mapped = m(items[i]!);
    if (out === undefined && mapped !== items[i]) out = items.slice(0, i);
    out?.push(mapped);
  }
  return out ?? items;
}

/**
 * Rebuilds a node with each child mapped; the node's other fields (range included) are kept. A
 * node whose children all map to themselves is returned as is, so an unchanged subtree is shared,
 * never copied.
 */
const rebuildByKind: { [K in Expr['kind']]: (node: NodeOf<K>, m: Mapper) => Expr } = {
  literal: (n) => n,
  interval: (n) => n,
  ref: (n) => n,
  column: (n) => n,
  dimension: (n) => n,
  metric: (n) => n,
  unary: (n, m) => {
    const operand = m(n.operand);
    return operand === n.operand ? n : { ...n, operand };
  },
  binary: (n, m) => {
    const left = m(n.left);
    const right = m(n.right);
    return left === n.left && right === n.right ? n : { ...n, left, right };
  },
  in: (n, m) => {
    const operand = m(n.operand);
    const values = mapAll(n.values, m);
    return operand === n.operand && values === n.values ? n : { ...n, operand, values };
  },
  between: (n, m) => {
    const operand = m(n.operand);
    const low = m(n.low);
    const high = m(n.high);
    return operand === n.operand && low === n.low && high === n.high ? n : { ...n, operand, low, high };
  },
  isNull: (n, m) => {
    const operand = m(n.operand);
    return operand === n.operand ? n : { ...n, operand };
  },
  like: (n, m) => {
    const operand = m(n.operand);
    const pattern = m(n.pattern);
    return operand === n.operand && pattern === n.pattern ? n : { ...n, operand, pattern };
  },
  case: (n, m) => {
    let changed = false;
    const whens = n.whens.map((w) => {
      const when = m(w.when);
      const then = m(w.then);
      if (when === w.when && then === w.then) return w;
      changed = true;
      return { when, then };
    });
    const otherwise = n.otherwise ? m(n.otherwise) : null;
    return !changed && otherwise === n.otherwise ? n : { ...n, whens, otherwise };
  },
  call: (n, m) => {
    const args = mapAll(n.args, m);
    return args === n.args ? n : { ...n, args };
  },
  lag: (n, m) => {
    const offset = m(n.offset);
    if (offset.kind !== 'interval') throw new Error('mapExpr: a lag offset must stay an interval node');
    const metric = m(n.metric);
    return metric === n.metric && offset === n.offset ? n : { ...n, metric, offset };
  },
};

/**
 * Bottom-up rewrite: children are mapped first, then `fn` sees the rebuilt node and returns its
 * replacement (or the node itself). Trees are immutable: a node is rebuilt (shallowly) only when
 * one of its children changed, and unchanged subtrees are shared with the input.
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
