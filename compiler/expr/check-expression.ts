import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceRange } from '../source/source.js';
import type { ArithmeticOp, BinaryExpr, CallExpr, Expr, ExprType, FunctionName, LiteralExpr } from './ast.js';
import * as f from './ast-factories.js';
import {
  booleanType, incompatibility, isBooleanish, isNumeric, isStringish, isWildcard, nullType, numberType, stringType, timeType,
  typeToText, unknownType,
} from './expr-types.js';
import { invalidTimeText } from './literal-text.js';
import type { ExprScope, ScopeEntry } from './scope.js';
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

/** A checked node: its resolved replacement and its type. */
interface Typed {
  readonly expr: Expr;
  readonly type: ExprType;
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
  const checker = new Checker(scope, options);
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

function article(type: ExprType): string {
  const text = typeToText(type);
  return type.base === 'unknown' ? 'of unknown type' : `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly scope: ExprScope,
    readonly options: CheckOptions,
  ) {}

  check(node: Expr): Typed {
    return (rules[node.kind] as (n: Expr, c: Checker) => Typed)(node, this);
  }

  report(code: string, message: string, range: SourceRange | undefined, hint?: string): void {
    const diagnostic: Diagnostic = { code, severity: 'error', message, ...(range ? { range } : {}), ...(hint ? { hint } : {}) };
    this.diagnostics.push(diagnostic);
  }

  /** Checks a node that must be a condition (`and`/`or`/`not` operands, `when` clauses). */
  condition(node: Expr, what: string): Typed {
    const typed = this.check(node);
    if (!isBooleanish(typed.type)) this.report('expr-not-boolean', `${what} must be a true/false condition, but this is ${article(typed.type)}`, node.range);
    return typed;
  }

  /**
   * Reports when `other` cannot stand beside `anchor` (compared, listed, or as another branch).
   * A string literal next to a time becomes a date/timestamp literal, so `closed_at >= '2026-01-01'`
   * works as analysts expect, with the text validated here rather than by the warehouse.
   */
  compatible(anchor: Typed, other: Typed, verb = 'compared'): Typed {
    const coerced = this.coerceToTime(other, anchor.type);
    const problem = incompatibility(anchor.type, coerced.type, verb);
    if (problem) this.report(problem.code, problem.message, coerced.expr.range ?? anchor.expr.range, quoteHint(anchor, coerced));
    return coerced;
  }

  coerceToTime(typed: Typed, target: ExprType): Typed {
    const e = typed.expr;
    if (target.base !== 'time' || e.kind !== 'literal' || e.literalType !== 'string') return typed;
    const text = String(e.value).trim();
    const asDate = invalidTimeText(text, 'date') === undefined;
    const problem = asDate ? undefined : invalidTimeText(text, 'timestamp');
    if (problem) {
      this.report('expr-bad-literal', problem, e.range);
      return { expr: e, type: unknownType };
    }
    return { expr: asDate ? f.date(text, e.range) : f.timestamp(text, e.range), type: timeType };
  }

  resolveRef(path: readonly string[], range: SourceRange | undefined): Typed | undefined {
    const entry = this.scope.resolve(path);
    if (entry) return fromEntry(entry, range);
    const name = path.join('.');
    const noun = this.options.context === 'derived' ? 'metric' : this.options.context === 'model' ? 'column or dimension' : 'dimension';
    // An unquoted value (`stage = closed_won`) is the commonest cause when no name is close.
    const hint = didYouMean(name, this.scope.candidates()) ?? (this.options.context === 'derived' ? undefined : `if you meant the text, quote it: '${name}'`);
    this.report('unknown-identifier', `unknown ${noun} '${name}'`, range, hint);
    return undefined;
  }
}

/** `stage = 5` most often means the text '5'. */
function quoteHint(anchor: Typed, other: Typed): string | undefined {
  const e = other.expr;
  if (anchor.type.base !== 'string' || e.kind !== 'literal' || (e.literalType !== 'number' && e.literalType !== 'boolean')) return undefined;
  return `write the value in single quotes: '${String(e.value)}'`;
}

function fromEntry(entry: ScopeEntry, range: SourceRange | undefined): Typed {
  switch (entry.kind) {
    case 'column':
      return { expr: f.column(entry.name, range), type: unknownType };
    case 'metric':
      return { expr: f.metric(entry.name, range), type: numberType(entry.unit) };
    case 'dimension': {
      const type: Record<typeof entry.type, ExprType> = {
        categorical: stringType,
        time: timeType,
        boolean: booleanType,
        number: numberType(entry.unit ?? 'number'),
      };
      return { expr: f.dimension(entry.model, entry.name, entry.entityPath, range), type: type[entry.type] };
    }
  }
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

/** The common type of several values that may stand in one place (case branches, coalesce args). */
function unify(c: Checker, items: readonly Typed[]): { items: Typed[]; type: ExprType } {
  const anchor = items.find((t) => !isWildcard(t.type));
  if (!anchor) return { items: [...items], type: items.some((t) => t.type.base === 'unknown') ? unknownType : nullType };
  let type = anchor.type;
  const out = items.map((item) => {
    const checked = item === anchor ? item : c.compatible(anchor, item, 'mixed as results of one expression');
    // A unitless number beside a unit takes that unit: `coalesce(arr, 0)` is currency.
    if (type.base === 'number' && checked.type.base === 'number' && type.unit === 'number') type = checked.type;
    return checked;
  });
  return { items: out, type };
}

interface Signature {
  readonly min: number;
  readonly max: number;
  readonly check: (node: CallExpr, args: Typed[], c: Checker) => Typed;
}

function needArg(c: Checker, fn: FunctionName, arg: Typed, ok: (t: ExprType) => boolean, what: string): void {
  if (!ok(arg.type)) c.report('expr-bad-arguments', `${fn} needs ${what}, but got ${article(arg.type)}`, arg.expr.range);
}

const sameAsArgs = (node: CallExpr, args: Typed[], c: Checker): Typed => {
  const unified = unify(c, args);
  return { expr: { ...node, args: unified.items.map((a) => a.expr) }, type: unified.type };
};

const numericUnary = (node: CallExpr, args: Typed[], c: Checker): Typed => {
  needArg(c, node.fn, args[0]!, isNumeric, 'a number');
  return { expr: { ...node, args: args.map((a) => a.expr) }, type: args[0]!.type.base === 'number' ? args[0]!.type : unknownType };
};

const signatures: Record<FunctionName, Signature> = {
  coalesce: { min: 1, max: Infinity, check: sameAsArgs },
  least: { min: 1, max: Infinity, check: sameAsArgs },
  greatest: { min: 1, max: Infinity, check: sameAsArgs },
  nullif: {
    min: 2,
    max: 2,
    check: (node, args, c) => {
      const second = c.compatible(args[0]!, args[1]!);
      return { expr: { ...node, args: [args[0]!.expr, second.expr] }, type: args[0]!.type };
    },
  },
  abs: { min: 1, max: 1, check: numericUnary },
  floor: { min: 1, max: 1, check: numericUnary },
  ceil: { min: 1, max: 1, check: numericUnary },
  round: {
    min: 1,
    max: 2,
    check: (node, args, c) => {
      const digits = args[1]?.expr;
      // Digits must be a literal: several warehouses reject a computed precision.
      if (digits && !(digits.kind === 'literal' && digits.literalType === 'number' && Number.isInteger(digits.value))) {
        c.report('expr-bad-arguments', 'round needs a whole number literal as its digits', digits.range ?? node.range);
      }
      return numericUnary(node, args, c);
    },
  },
  days_between: {
    min: 2,
    max: 2,
    check: (node, args, c) => {
      const times = args.map((arg) => c.coerceToTime(arg, timeType));
      for (const arg of times) needArg(c, node.fn, arg, (t) => t.base === 'time' || isWildcard(t), 'two times (dates or timestamps)');
      return { expr: { ...node, args: times.map((a) => a.expr) }, type: numberType('days') };
    },
  },
  lower: { min: 1, max: 1, check: (node, args, c) => (needArg(c, node.fn, args[0]!, isStringish, 'a string'), { expr: { ...node, args: args.map((a) => a.expr) }, type: stringType }) },
  upper: { min: 1, max: 1, check: (node, args, c) => (needArg(c, node.fn, args[0]!, isStringish, 'a string'), { expr: { ...node, args: args.map((a) => a.expr) }, type: stringType }) },
};

function arity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === Infinity ? `at least ${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
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
    const checked = node.values.map((v) => c.check(v));
    // An untyped column says nothing, so the first typed value sets the type the others must share.
    const anchor = isWildcard(operand.type) ? (checked.find((v) => !isWildcard(v.type)) ?? operand) : operand;
    const values = checked.map((v) => (v === anchor ? v : c.compatible(anchor, v)));
    return { expr: { ...node, operand: operand.expr, values: values.map((v) => v.expr) }, type: booleanType };
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
