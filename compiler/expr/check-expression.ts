import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ArithmeticOp, BinaryExpr, Expr, ExprType, LiteralExpr } from './ast.js';
import { article, Checker, unify, type Dispatch, type Typed } from './checker.js';
import { booleanType, isBooleanish, isNumeric, isStringish, isWildcard, nullType, numberType, stringType, timeType, unknownType } from './expr-types.js';
import { arity, signatures } from './function-signatures.js';
import type { ExprScope } from './scope.js';
import { combineUnits } from './unit-algebra.js';

export interface CheckOptions {
  /** Type the whole expression must have: filters `boolean`, measure exprs `number`; default `any`. */
  readonly expect?: 'boolean' | 'number' | 'any';
  /**
   * Where the expression sits: `model` (entity/dimension/measure expr and measure filter, over
   * columns), `filter` (metric and request filters, over dimensions), `derived` (a derived metric's
   * formula, over metrics; the only place `lag` is allowed).
   */
  readonly context: 'model' | 'filter' | 'derived';
}

export interface CheckResult {
  /** The resolved tree (no `ref` nodes left); absent whenever `diagnostics` holds an error. */
  readonly expr?: Expr;
  /** Static type of the whole expression (`unknown` when it could not be typed). */
  readonly type: ExprType;
  /** Errors only, every one located; empty on success. */
  readonly diagnostics: Diagnostic[];
}

type NodeOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;
type Rule<K extends Expr['kind']> = (node: NodeOf<K>, c: Checker) => Typed;

const comparisonOps: ReadonlySet<BinaryExpr['op']> = new Set(['=', '!=', '<', '<=', '>', '>=']);

/**
 * Resolves names and types an expression tree. Returns a copy in which every `ref` is the
 * `column`, `dimension` or `metric` it names (ranges kept), so later stages never look names up.
 * Every problem is a Diagnostic; checking continues past errors so one pass reports them all.
 */
export function checkExpression(ast: Expr, scope: ExprScope, options: CheckOptions): CheckResult {
  const checker = new Checker(scope, options, (node, c) => (rules[node.kind] as Dispatch)(node, c));
  const typed = checker.check(ast);
  const expect = options.expect ?? 'any';
  if (expect === 'boolean' && !isBooleanish(typed.type)) {
    checker.report('expr-not-boolean', `a filter must be a true/false condition, but this is ${article(typed.type)}`, ast.range, 'compare it with something, e.g. `x > 0` or `x = \'value\'`');
  }
  if (expect === 'number' && !isNumeric(typed.type)) {
    checker.report('type-mismatch', `expected a number, but this is ${article(typed.type)}`, ast.range);
  }
  if (checker.diagnostics.length > 0) return { type: unknownType, diagnostics: checker.diagnostics };
  return { expr: typed.expr, type: typed.type, diagnostics: [] };
}

const literalTypes: Record<LiteralExpr['literalType'], ExprType> = {
  number: numberType('number'),
  string: stringType,
  boolean: booleanType,
  null: nullType,
  date: timeType,
  timestamp: timeType,
};

const opWords: Record<ArithmeticOp, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'take the remainder of' };

function checkBinary(node: BinaryExpr, c: Checker): Typed {
  if (node.op === 'and' || node.op === 'or') {
    const left = c.condition(node.left, `each side of '${node.op}'`);
    const right = c.condition(node.right, `each side of '${node.op}'`);
    return { expr: { ...node, left: left.expr, right: right.expr }, type: booleanType };
  }
  let left = c.check(node.left);
  let right = c.check(node.right);
  if (comparisonOps.has(node.op)) {
    left = c.coerceToTime(left, right.type);
    right = c.compatible(left, right);
    return { expr: { ...node, left: left.expr, right: right.expr }, type: booleanType };
  }
  const op = node.op as ArithmeticOp;
  const expr = { ...node, left: left.expr, right: right.expr };
  for (const side of [left, right]) {
    if (!isNumeric(side.type)) {
      c.report('type-mismatch', `cannot ${opWords[op]} ${article(side.type)}: arithmetic needs numbers`, side.expr.range ?? node.range, side.type.base === 'time' ? 'use days_between(from, to) for the days between two times' : undefined);
      return { expr, type: unknownType };
    }
  }
  if (left.type.base !== 'number' || right.type.base !== 'number') return { expr, type: unknownType };
  const result = combineUnits(op, left.type.unit, right.type.unit);
  if ('mismatch' in result) {
    c.report('unit-mismatch', result.mismatch, node.range, 'convert one side first, e.g. multiply a percent by an amount instead of adding them');
    return { expr, type: unknownType };
  }
  return { expr, type: numberType(result.unit) };
}

const rules: { [K in Expr['kind']]: Rule<K> } = {
  literal: (node) => ({ expr: node, type: literalTypes[node.literalType] }),
  interval: (node) => ({ expr: node, type: unknownType }),
  ref: (node, c) => c.resolveRef(node.path, node.range) ?? { expr: node, type: unknownType },
  // Already-resolved nodes (a caller re-checking a checked tree) pass through; their types are not recoverable here.
  column: (node) => ({ expr: node, type: unknownType }),
  dimension: (node) => ({ expr: node, type: unknownType }),
  metric: (node) => ({ expr: node, type: unknownType }),
  unary: (node, c) => {
    if (node.op === 'not') {
      const operand = c.condition(node.operand, "the operand of 'not'");
      return { expr: { ...node, operand: operand.expr }, type: booleanType };
    }
    const operand = c.check(node.operand);
    if (!isNumeric(operand.type)) c.report('type-mismatch', `cannot negate ${article(operand.type)}`, node.range);
    return { expr: { ...node, operand: operand.expr }, type: operand.type.base === 'number' ? operand.type : unknownType };
  },
  binary: checkBinary,
  in: (node, c) => {
    const operand = c.check(node.operand);
    // Loops rather than map(): map's result changes elements kind once TurboFan inlines it, and this
    // values array reaches the planner's hot loops, which then deoptimised ("wrong map").
    const checked: Typed[] = [];
    for (const v of node.values) checked.push(c.check(v));
    // An untyped column says nothing, so the first typed value sets the type the others must share.
    const anchor = isWildcard(operand.type) ? (checked.find((v) => !isWildcard(v.type)) ?? operand) : operand;
    const values: Expr[] = [];
    for (const v of checked) values.push((v === anchor ? v : c.compatible(anchor, v)).expr);
    return { expr: { ...node, operand: operand.expr, values }, type: booleanType };
  },
  between: (node, c) => {
    const operand = c.check(node.operand);
    const low = c.compatible(operand, c.check(node.low));
    const high = c.compatible(operand, c.check(node.high));
    return { expr: { ...node, operand: operand.expr, low: low.expr, high: high.expr }, type: booleanType };
  },
  isNull: (node, c) => ({ expr: { ...node, operand: c.check(node.operand).expr }, type: booleanType }),
  like: (node, c) => {
    const operand = c.check(node.operand);
    const pattern = c.check(node.pattern);
    for (const side of [operand, pattern]) {
      if (!isStringish(side.type)) c.report('type-mismatch', `'like' compares strings, but this is ${article(side.type)}`, side.expr.range ?? node.range);
    }
    return { expr: { ...node, operand: operand.expr, pattern: pattern.expr }, type: booleanType };
  },
  case: (node, c) => {
    const conditions = node.whens.map((w) => c.condition(w.when, "a 'when' condition"));
    const branches = [...node.whens.map((w) => c.check(w.then)), ...(node.otherwise ? [c.check(node.otherwise)] : [])];
    const unified = unify(c, branches);
    const whens = node.whens.map((_, i) => ({ when: conditions[i]!.expr, then: unified.items[i]!.expr }));
    const otherwise = node.otherwise ? unified.items[node.whens.length]!.expr : null;
    return { expr: { ...node, whens, otherwise }, type: unified.type };
  },
  call: (node, c) => {
    const signature = signatures[node.fn];
    const args = node.args.map((a) => c.check(a));
    if (args.length < signature.min || args.length > signature.max) {
      c.report('expr-bad-arguments', `${node.fn} takes ${arity(signature.min, signature.max)}, but got ${args.length}`, node.range);
      return { expr: { ...node, args: args.map((a) => a.expr) }, type: unknownType };
    }
    return signature.check(node, args, c);
  },
  lag: (node, c) => {
    if (c.options.context !== 'derived') {
      c.report('expr-lag-misuse', 'lag is only allowed in the formula of a derived metric', node.range, 'define a derived metric with expr: "lag(metric, 1 quarter)"');
      return { expr: node, type: unknownType };
    }
    if (node.metric.kind !== 'ref' && node.metric.kind !== 'metric') {
      c.report('expr-lag-misuse', 'lag takes a metric name as its first argument', node.metric.range ?? node.range, 'write lag(metric_name, 1 quarter) and do arithmetic outside the lag');
      return { expr: node, type: unknownType };
    }
    const metric = node.metric.kind === 'ref' ? c.resolveRef(node.metric.path, node.metric.range) : { expr: node.metric, type: unknownType };
    if (!metric) return { expr: node, type: unknownType };
    if (metric.expr.kind !== 'metric') {
      c.report('expr-lag-misuse', `lag takes a metric, but '${(node.metric as { path: readonly string[] }).path.join('.')}' is a ${metric.expr.kind}`, node.metric.range ?? node.range);
      return { expr: node, type: unknownType };
    }
    return { expr: { ...node, metric: metric.expr }, type: metric.type };
  },
};
