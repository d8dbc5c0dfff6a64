import type { Expr, LiteralExpr } from './ast.js';

type NodeOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

/** Binding strength, low to high, matching the grammar's precedence levels. */
const OR = 1, AND = 2, NOT = 3, COMPARE = 4, ADD = 5, MULTIPLY = 6, NEGATE = 7, ATOM = 8;

const binaryPrecedence: Record<NodeOf<'binary'>['op'], number> = {
  or: OR, and: AND,
  '=': COMPARE, '!=': COMPARE, '<': COMPARE, '<=': COMPARE, '>': COMPARE, '>=': COMPARE,
  '+': ADD, '-': ADD, '*': MULTIPLY, '/': MULTIPLY, '%': MULTIPLY,
};

const keywords = new Set(['or', 'and', 'not', 'in', 'between', 'is', 'null', 'like', 'true', 'false', 'case', 'when', 'then', 'else', 'end', 'date', 'timestamp']);

function precedence(node: Expr): number {
  switch (node.kind) {
    case 'binary': return binaryPrecedence[node.op];
    case 'unary': return node.op === 'not' ? NOT : NEGATE;
    case 'in': case 'between': case 'isNull': case 'like': return COMPARE;
    case 'literal': return node.literalType === 'number' && (node.value as number) < 0 ? NEGATE : ATOM;
    default: return ATOM;
  }
}

/** Identifiers print bare when the lexer would read them back as the same identifier. */
export function identifierToText(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !keywords.has(name.toLowerCase()) ? name : '`' + name.replace(/`/g, '``') + '`';
}

function literalToText(node: LiteralExpr): string {
  switch (node.literalType) {
    case 'number':
      // `NaN` or `Infinity` would read back as identifiers; the parser never makes them.
      if (!Number.isFinite(node.value)) throw new Error(`exprToText: number literal ${String(node.value)} is not finite`);
      return String(node.value);
    case 'string': return `'${String(node.value).replace(/'/g, "''")}'`;
    case 'boolean': return node.value ? 'true' : 'false';
    case 'null': return 'null';
    case 'date': return `date '${String(node.value)}'`;
    case 'timestamp': return `timestamp '${String(node.value)}'`;
  }
}

function wrap(node: Expr, atLeast: number): string {
  const text = exprToText(node);
  return precedence(node) < atLeast ? `(${text})` : text;
}

const negation = (negated: boolean): string => (negated ? 'not ' : '');

const printers: { [K in Expr['kind']]: (node: NodeOf<K>) => string } = {
  literal: literalToText,
  interval: (n) => `${n.count} ${n.grain}${n.count === 1 ? '' : 's'}`,
  ref: (n) => n.path.map(identifierToText).join('.'),
  column: (n) => identifierToText(n.name),
  dimension: (n) => [...n.entityPath, n.name].map(identifierToText).join('.'),
  metric: (n) => identifierToText(n.name),
  // `-(-x)` rather than `--x`, which reads like a SQL comment.
  unary: (n) => (n.op === 'not' ? `not ${wrap(n.operand, NOT)}` : `-${wrap(n.operand, precedence(n.operand) === NEGATE ? ATOM : NEGATE)}`),
  binary: (n) => {
    const p = binaryPrecedence[n.op];
    // Comparisons do not chain, so both sides of one need parentheses if they are comparisons too.
    return `${wrap(n.left, p === COMPARE ? p + 1 : p)} ${n.op} ${wrap(n.right, p + 1)}`;
  },
  in: (n) => `${wrap(n.operand, ADD)} ${negation(n.negated)}in (${n.values.map((v) => exprToText(v)).join(', ')})`,
  between: (n) => `${wrap(n.operand, ADD)} ${negation(n.negated)}between ${wrap(n.low, ADD)} and ${wrap(n.high, ADD)}`,
  isNull: (n) => `${wrap(n.operand, ADD)} is ${negation(n.negated)}null`,
  like: (n) => `${wrap(n.operand, ADD)} ${negation(n.negated)}like ${wrap(n.pattern, ADD)}`,
  case: (n) =>
    ['case', ...n.whens.map((w) => `when ${exprToText(w.when)} then ${exprToText(w.then)}`), ...(n.otherwise ? [`else ${exprToText(n.otherwise)}`] : []), 'end'].join(' '),
  call: (n) => `${n.fn}(${n.args.map((a) => exprToText(a)).join(', ')})`,
  lag: (n) => `lag(${exprToText(n.metric)}, ${exprToText(n.offset)})`,
};

/**
 * Canonical text of an expression: lower-case keywords, single spaces, only the parentheses that
 * precedence needs, `<>` as `!=`. Deterministic, so equal definitions print equal (duplicate
 * detection, diffs), and parsing the text gives back the same tree.
 */
export function exprToText(expr: Expr): string {
  return (printers[expr.kind] as (node: Expr) => string)(expr);
}
