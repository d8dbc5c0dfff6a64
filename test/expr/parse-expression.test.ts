import { describe, expect, it } from 'vitest';
import * as f from '../../compiler/expr/ast-factories.js';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { parseShape } from './helpers.js';

const a = f.ref(['a']);
const b = f.ref(['b']);
const c = f.ref(['c']);

describe('parseExpression: golden trees for every construct', () => {
  const cases: [string, ReturnType<typeof parseShape>][] = [
    // identifiers and paths
    ['stage', f.ref(['stage'])],
    ['account.segment', f.ref(['account', 'segment'])],
    ['`my col`', f.ref(['my col'])],
    ['account.`annual revenue`', f.ref(['account', 'annual revenue'])],
    ['`we``ird`', f.ref(['we`ird'])],
    ['`end`', f.ref(['end'])],
    ['date', f.ref(['date'])],
    ['Stage_2', f.ref(['Stage_2'])],
    // literals
    ['42', f.number(42)],
    ['0.25', f.number(0.25)],
    ['.5', f.number(0.5)],
    ['1e3', f.number(1000)],
    ['-7', f.number(-7)],
    ["'closed won'", f.string('closed won')],
    ["'it''s'", f.string("it's")],
    ["''", f.string('')],
    ['true', f.boolean(true)],
    ['FALSE', f.boolean(false)],
    ['null', f.nullLiteral()],
    ["date '2026-01-31'", f.date('2026-01-31')],
    ["DATE '2024-02-29'", f.date('2024-02-29')],
    ["timestamp '2026-01-31 08:00:00'", f.timestamp('2026-01-31 08:00:00')],
    ["timestamp '2026-01-31T08:00'", f.timestamp('2026-01-31T08:00')],
    // logic, by precedence
    ['a or b and c', f.binary('or', a, f.binary('and', b, c))],
    ['a and b or c', f.binary('or', f.binary('and', a, b), c)],
    ['a or b or c', f.binary('or', f.binary('or', a, b), c)],
    ['not a and b', f.binary('and', f.unary('not', a), b)],
    ['not not a', f.unary('not', f.unary('not', a))],
    ['NOT a = 1', f.unary('not', f.binary('=', a, f.number(1)))],
    // comparisons
    ['a = 1', f.binary('=', a, f.number(1))],
    ['a != 1', f.binary('!=', a, f.number(1))],
    ['a <> 1', f.binary('!=', a, f.number(1))],
    ['a < 1', f.binary('<', a, f.number(1))],
    ['a <= 1', f.binary('<=', a, f.number(1))],
    ['a > 1', f.binary('>', a, f.number(1))],
    ['a >= 1', f.binary('>=', a, f.number(1))],
    ["a in ('x', 'y')", f.inList(a, [f.string('x'), f.string('y')], false)],
    ['a not in (1)', f.inList(a, [f.number(1)], true)],
    ['a between 1 and 2', f.between(a, f.number(1), f.number(2), false)],
    ['a not between b + 1 and c and b', f.binary('and', f.between(a, f.binary('+', b, f.number(1)), c, true), b)],
    ['a is null', f.isNull(a, false)],
    ['a IS NOT NULL', f.isNull(a, true)],
    ["a like 'x%'", f.like(a, f.string('x%'), false)],
    ["a not like 'x%'", f.like(a, f.string('x%'), true)],
    // arithmetic
    ['a + b * c', f.binary('+', a, f.binary('*', b, c))],
    ['(a + b) * c', f.binary('*', f.binary('+', a, b), c)],
    ['a - b - c', f.binary('-', f.binary('-', a, b), c)],
    ['a / b % c', f.binary('%', f.binary('/', a, b), c)],
    ['-a * b', f.binary('*', f.unary('-', a), b)],
    ['- -a', f.unary('-', f.unary('-', a))],
    ['a - -1', f.binary('-', a, f.number(-1))],
    ['a + 1 > b * 2', f.binary('>', f.binary('+', a, f.number(1)), f.binary('*', b, f.number(2)))],
    // case
    ["case when a then 'x' end", f.caseWhen([{ when: a, then: f.string('x') }], null)],
    [
      "CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END",
      f.caseWhen(
        [
          { when: f.binary('>', a, f.number(1)), then: f.string('big') },
          { when: f.binary('>', a, f.number(0)), then: f.string('small') },
        ],
        f.string('none'),
      ),
    ],
    // functions
    ['coalesce(a, 0)', f.call('coalesce', [a, f.number(0)])],
    ['COALESCE(a, b, c)', f.call('coalesce', [a, b, c])],
    ['abs(a)', f.call('abs', [a])],
    ['round(a, 2)', f.call('round', [a, f.number(2)])],
    ['floor(a)', f.call('floor', [a])],
    ['ceil(a)', f.call('ceil', [a])],
    ['least(a, b)', f.call('least', [a, b])],
    ['greatest(a, b)', f.call('greatest', [a, b])],
    ['nullif(a, 0)', f.call('nullif', [a, f.number(0)])],
    ['days_between(a, b)', f.call('days_between', [a, b])],
    ['lower(a)', f.call('lower', [a])],
    ['upper(a)', f.call('upper', [a])],
    ['abs()', f.call('abs', [])],
    // lag and intervals
    ['lag(arr, 1 quarter)', f.lag(f.ref(['arr']), f.interval(1, 'quarter'))],
    ['lag(arr, 12 months)', f.lag(f.ref(['arr']), f.interval(12, 'month'))],
    ['LAG(arr, 2 Years)', f.lag(f.ref(['arr']), f.interval(2, 'year'))],
    ['lag(arr, 1 day) + lag(arr, 3 weeks)', f.binary('+', f.lag(f.ref(['arr']), f.interval(1, 'day')), f.lag(f.ref(['arr']), f.interval(3, 'week')))],
    [
      '(arr - lag(arr, 1 quarter)) / lag(arr, 1 quarter)',
      f.binary('/', f.binary('-', f.ref(['arr']), f.lag(f.ref(['arr']), f.interval(1, 'quarter'))), f.lag(f.ref(['arr']), f.interval(1, 'quarter'))),
    ],
  ];

  it.each(cases)('%s', (text, expected) => {
    expect(parseShape(text)).toEqual(expected);
  });

  it('treats keywords case-insensitively but keeps identifier case', () => {
    expect(parseShape("Stage In ('a') AnD Is_Won")).toEqual(f.binary('and', f.inList(f.ref(['Stage']), [f.string('a')], false), f.ref(['Is_Won'])));
  });

  it('keeps identifiers that merely start with a keyword', () => {
    expect(parseShape('order_total > android')).toEqual(f.binary('>', f.ref(['order_total']), f.ref(['android'])));
    expect(parseShape('notes = endpoint')).toEqual(f.binary('=', f.ref(['notes']), f.ref(['endpoint'])));
  });

  it('reuses one parser: a failed parse leaves nothing behind for the next', () => {
    expect(parseExpression('(a +').ast).toBeUndefined();
    expect(parseExpression('coalese(a)').ast).toBeUndefined();
    expect(parseShape('a + b')).toEqual(f.binary('+', a, b));
    expect(parseExpression('a + b').diagnostics).toEqual([]);
  });

  it('keeps whitespace, tabs and newlines insignificant', () => {
    expect(parseShape('a\n  and\tb')).toEqual(f.binary('and', a, b));
  });
});
