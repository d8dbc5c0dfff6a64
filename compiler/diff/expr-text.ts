import type { Expr } from '../expr/ast.js';

/**
 * Expression text for review output. Fully parenthesised below the top level, so the text shows
 * how the formula groups, whatever the author's spacing and parentheses were.
 */
export function exprText(expr: Expr): string {
  return print(expr, true);
}

type Printer = { [K in Expr['kind']]: (node: Extract<Expr, { kind: K }>, top: boolean) => string };

const printers: Printer = {
  literal: (n) => {
    if (n.literalType === 'string') return `'${String(n.value).replace(/'/g, "''")}'`;
    if (n.literalType === 'date' || n.literalType === 'timestamp') return `${n.literalType} '${String(n.value)}'`;
    return n.value === null ? 'null' : String(n.value);
  },
  interval: (n) => `${n.count} ${n.grain}${n.count === 1 ? '' : 's'}`,
  ref: (n) => n.path.join('.'),
  column: (n) => n.name,
  dimension: (n) => [...n.entityPath, n.name].join('.'),
  metric: (n) => n.name,
  unary: (n, top) => wrap(n.op === 'not' ? `not ${print(n.operand)}` : `-${print(n.operand)}`, top),
  binary: (n, top) => wrap(`${print(n.left)} ${n.op} ${print(n.right)}`, top),
  in: (n, top) => wrap(`${print(n.operand)} ${n.negated ? 'not in' : 'in'} (${n.values.map((v) => print(v, true)).join(', ')})`, top),
  between: (n, top) =>
    wrap(`${print(n.operand)} ${n.negated ? 'not between' : 'between'} ${print(n.low)} and ${print(n.high)}`, top),
  isNull: (n, top) => wrap(`${print(n.operand)} is ${n.negated ? 'not null' : 'null'}`, top),
  like: (n, top) => wrap(`${print(n.operand)} ${n.negated ? 'not like' : 'like'} ${print(n.pattern)}`, top),
  case: (n) => {
    const whens = n.whens.map((w) => `when ${print(w.when, true)} then ${print(w.then, true)}`).join(' ');
    const otherwise = n.otherwise ? ` else ${print(n.otherwise, true)}` : '';
    return `case ${whens}${otherwise} end`;
  },
  call: (n) => `${n.fn}(${n.args.map((a) => print(a, true)).join(', ')})`,
  lag: (n) => `lag(${print(n.metric, true)}, ${print(n.offset, true)})`,
};

function print(expr: Expr, top = false): string {
  const printer = printers[expr.kind] as (node: Expr, top: boolean) => string;
  return printer(expr, top);
}

function wrap(text: string, top: boolean): string {
  return top ? text : `(${text})`;
}
