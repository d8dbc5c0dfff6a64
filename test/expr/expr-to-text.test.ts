import { describe, expect, it } from 'vitest';
import * as f from '../../compiler/expr/ast-factories.js';
import { exprToText } from '../../compiler/expr/expr-to-text.js';
import { check, parseOk, parseShape } from './helpers.js';

describe('exprToText', () => {
  it.each([
    ['a+b*c', 'a + b * c'],
    ['(a + b) * c', '(a + b) * c'],
    ['((a))', 'a'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(a - b) - c', 'a - b - c'],
    ['A  AND   b OR NOT c', 'A and b or not c'],
    ['a and (b or c)', 'a and (b or c)'],
    ['not (a and b)', 'not (a and b)'],
    ['a <> 1', 'a != 1'],
    ['-(a + b)', '-(a + b)'],
    ['- -a', '-(-a)'],
    ['a - -1', 'a - -1'],
    ["x NOT IN ( 'a','b' )", "x not in ('a', 'b')"],
    ['x not between 1 and 2', 'x not between 1 and 2'],
    ['x IS NOT NULL', 'x is not null'],
    ["x not like 'a%'", "x not like 'a%'"],
    ["'it''s'", "'it''s'"],
    ["DATE '2026-01-31'", "date '2026-01-31'"],
    ["TimeStamp '2026-01-31 08:00:00'", "timestamp '2026-01-31 08:00:00'"],
    ['CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END', 'case when a then 1 when b then 2 else 3 end'],
    ['COALESCE(a,b)', 'coalesce(a, b)'],
    ['LAG(arr, 12 MONTHS)', 'lag(arr, 12 months)'],
    ['lag(arr, 1 quarters)', 'lag(arr, 1 quarter)'],
    ['`my col` + `end` + `date`', '`my col` + `end` + `date`'],
    ['1.50', '1.5'],
    ['(a = b) = c', '(a = b) = c'],
    ['(a in (1)) = true', '(a in (1)) = true'],
  ])('%s -> %s', (input, canonical) => {
    // `(a = b) = c` is not valid input (comparisons do not chain); build it by hand.
    const ast = input === '(a = b) = c' ? f.binary('=', f.binary('=', f.ref(['a']), f.ref(['b'])), f.ref(['c'])) : parseOk(input);
    expect(exprToText(ast)).toBe(canonical);
    expect(parseShape(canonical)).toEqual(JSON.parse(JSON.stringify(ast, (k, v: unknown) => (k === 'range' ? undefined : v))));
  });

  it('prints resolved trees with their dimension paths and metric names', () => {
    const checked = check("account.segment = 'smb' and amount > 1", { context: 'model' });
    expect(exprToText(checked.expr!)).toBe("account.segment = 'smb' and amount > 1");
    expect(exprToText(f.dimension('accounts', 'segment', ['opportunity', 'account']))).toBe('opportunity.account.segment');
    expect(exprToText(f.metric('arr'))).toBe('arr');
    expect(exprToText(f.column('my col'))).toBe('`my col`');
  });

  it('gives equal text for equal definitions written differently', () => {
    expect(exprToText(parseOk("Stage  in('a')  AND  (amount>0)"))).toBe(exprToText(parseOk("stage IN ('a') and amount > 0".replace('stage', 'Stage'))));
  });
});
