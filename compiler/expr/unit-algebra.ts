import type { ArithmeticOp, Unit } from './ast.js';

export type UnitResult = { readonly unit: Unit } | { readonly mismatch: string };

/** Units that scale a value without changing what it measures: `arr * 0.9`, `pipeline * win_rate`. */
const scalars: ReadonlySet<Unit> = new Set(['number', 'ratio', 'percent']);
/** Units with a dimension of their own: an amount per count is still that amount. */
const dimensional: ReadonlySet<Unit> = new Set(['currency', 'days']);

/**
 * The unit of `left op right`. Addition and subtraction need equal units (or a unitless `number`
 * on one side); a quotient of like units is a `ratio`; dividing an amount by a count is an average
 * of that amount (`currency / count = currency`); scaling by a ratio, percent or plain number keeps
 * the unit. A quotient the table does not name is a plain `number` (a rate), never an error.
 */
export function combineUnits(op: ArithmeticOp, left: Unit, right: Unit): UnitResult {
  switch (op) {
    case '+':
    case '-':
      if (left === right || right === 'number') return { unit: left };
      if (left === 'number') return { unit: right };
      return { mismatch: `cannot ${op === '+' ? 'add' : 'subtract'} ${right} ${op === '+' ? 'to' : 'from'} ${left}` };
    case '%':
      return { unit: left };
    case '*':
      if (right === 'number') return { unit: left };
      if (left === 'number') return { unit: right };
      if (scalars.has(right)) return { unit: left };
      if (scalars.has(left)) return { unit: right };
      // A count scales an amount: average deal size * deals = currency.
      if (right === 'count') return { unit: left };
      if (left === 'count') return { unit: right };
      // Left: currency or days times currency or days, which means nothing in RevOps.
      return { mismatch: `cannot multiply ${left} by ${right}` };
    case '/':
      if (right === 'number') return { unit: left };
      if (left === right) return { unit: 'ratio' };
      if (scalars.has(right)) return { unit: left };
      if (right === 'count' && dimensional.has(left)) return { unit: left };
      return { unit: 'number' };
  }
}
