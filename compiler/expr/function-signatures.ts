import type { CallExpr, ExprType, FunctionName } from './ast.js';
import { article, unify, type Checker, type Typed } from './checker.js';
import { isNumeric, isStringish, isWildcard, numberType, stringType, timeType, unknownType } from './expr-types.js';

/** How a function is checked: its arity, then a rule over its checked arguments. */
export interface Signature {
  /** Fewest arguments accepted. */
  readonly min: number;
  /** Most arguments accepted; `Infinity` for variadic functions (coalesce, least, greatest). */
  readonly max: number;
  /** Types the call from its already-checked arguments, reporting `expr-bad-arguments`. */
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

/** Every function of the language, as data: a new FunctionName fails to compile until listed. */
export const signatures: Record<FunctionName, Signature> = {
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

export function arity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  return max === Infinity ? `at least ${min} argument${min === 1 ? '' : 's'}` : `${min} to ${max} arguments`;
}

