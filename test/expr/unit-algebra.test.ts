import { describe, expect, it } from 'vitest';
import type { ArithmeticOp, Unit } from '../../compiler/expr/ast.js';
import { combineUnits } from '../../compiler/expr/unit-algebra.js';
import { check } from './helpers.js';

/** [left, op, right, result unit or 'mismatch'] — the documented rules first, then the rest of the table. */
const table: [Unit, ArithmeticOp, Unit, Unit | 'mismatch'][] = [
  // documented in docs/format.md
  ['currency', '+', 'currency', 'currency'],
  ['currency', '-', 'currency', 'currency'],
  ['currency', '+', 'number', 'currency'],
  ['number', '-', 'count', 'count'],
  ['currency', '+', 'percent', 'mismatch'],
  ['percent', '-', 'currency', 'mismatch'],
  ['currency', '/', 'currency', 'ratio'],
  ['count', '/', 'count', 'ratio'],
  ['currency', '/', 'count', 'currency'],
  ['currency', '*', 'ratio', 'currency'],
  ['currency', '*', 'percent', 'currency'],
  ['count', '*', 'percent', 'count'],
  ['ratio', '*', 'currency', 'currency'],
  ['currency', '/', 'number', 'currency'],
  ['days', '/', 'number', 'days'],
  // further rules
  ['count', '+', 'currency', 'mismatch'],
  ['days', '+', 'count', 'mismatch'],
  ['ratio', '+', 'percent', 'mismatch'],
  ['number', '+', 'number', 'number'],
  ['days', '/', 'count', 'days'],
  ['days', '/', 'days', 'ratio'],
  ['percent', '/', 'percent', 'ratio'],
  ['number', '/', 'number', 'number'],
  ['currency', '/', 'ratio', 'currency'],
  ['currency', '/', 'percent', 'currency'],
  ['count', '/', 'currency', 'number'],
  ['number', '/', 'currency', 'number'],
  ['currency', '*', 'number', 'currency'],
  ['number', '*', 'days', 'days'],
  ['currency', '*', 'count', 'currency'],
  ['count', '*', 'currency', 'currency'],
  ['count', '*', 'count', 'count'],
  ['currency', '*', 'currency', 'mismatch'],
  ['days', '*', 'currency', 'mismatch'],
  ['currency', '%', 'number', 'currency'],
];

describe('unit algebra', () => {
  it.each(table)('%s %s %s = %s', (left, op, right, expected) => {
    const result = combineUnits(op, left, right);
    if (expected === 'mismatch') expect(result).toHaveProperty('mismatch');
    else expect(result).toEqual({ unit: expected });
  });

  const metricOf: Record<Unit, string> = { currency: 'arr', percent: 'win_rate', ratio: 'coverage', count: 'deals_won', days: 'cycle_days', number: 'seats' };

  it.each(table)('checkExpression types %s %s %s as %s', (left, op, right, expected) => {
    const result = check(`${metricOf[left]} ${op} ${metricOf[right]}`, { context: 'derived' });
    if (expected === 'mismatch') {
      expect(result.diagnostics.map((d) => d.code)).toEqual(['unit-mismatch']);
      expect(result.expr).toBeUndefined();
    } else {
      expect(result.diagnostics).toEqual([]);
      expect(result.type).toEqual({ base: 'number', unit: expected });
    }
  });

  it('types literals as unitless numbers that take the other side’s unit', () => {
    expect(check('arr * 1.1 - 100', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'currency' });
    expect(check('deals_won / deals_closed * 100', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'ratio' });
    expect(check('(arr - lag(arr, 1 quarter)) / lag(arr, 1 quarter)', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'ratio' });
    expect(check('-arr', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'currency' });
    expect(check('coalesce(arr, 0)', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'currency' });
    expect(check('round(win_rate, 2)', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'percent' });
    expect(check('days_between(created_at, closed_at)', { context: 'filter' }).type).toEqual({ base: 'number', unit: 'days' });
    expect(check('case when arr > 0 then arr else 0 end', { context: 'derived' }).type).toEqual({ base: 'number', unit: 'currency' });
  });

  it('leaves columns untyped and never blames them for units', () => {
    expect(check('amount * 0.9 - discount', { context: 'model' })).toMatchObject({ type: { base: 'unknown' }, diagnostics: [] });
    expect(check("amount + stage", { context: 'model' }).diagnostics.map((d) => d.code)).toEqual(['type-mismatch']);
  });
});
