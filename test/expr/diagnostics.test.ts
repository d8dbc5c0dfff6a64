import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { checkCodes, check, parseErrors } from './helpers.js';

describe('parse diagnostics', () => {
  it.each([
    ['a =', "expected an expression but found end of expression"],
    ['', 'expected an expression but found end of expression'],
    ['a b', "expected an operator or end of expression but found 'b'"],
    ['a = b = c', "expected an operator or end of expression but found '='"],
    ['(a + b', "expected ')' but found end of expression"],
    ['coalesce(a,)', "expected an expression but found ')'"],
    ['x in ()', "expected an expression but found ')'"],
    ['case when a then 1', "expected 'end' but found end of expression"],
    ['case a end', "expected 'when' but found 'a'"],
    ['a between 1', "expected 'and' but found end of expression"],
    ['a is 1', "expected 'null' but found '1'"],
    ['lag(arr)', "expected ',' but found ')'"],
    ['lag(arr, 1)', 'expected a grain (day, week, month, quarter or year) after the number'],
    ['lag(arr, quarter)', 'expected an interval such as 1 quarter as the second argument of lag'],
    ["'open", "string is missing its closing quote (')"],
    ['`open', 'quoted identifier is missing its closing backtick (`)'],
    ['a ; b', "unexpected character ';'"],
    ['"closed won"', `unexpected character '"'`],
    ['a == 1', "expected an expression but found '='"],
    ['``', 'a quoted identifier cannot be empty'],
    ["x in 'a'", "expected '(' but found 'a'"],
    ["x = 1 'a long string that goes on and on and on'", "expected an operator or end of expression but found 'a long string that goes on an..."],
    ['amount -- net of tax', "'--' starts a SQL comment, and expressions have no comments"],
  ])('expr-syntax: %s', (text, message) => {
    const [d, ...rest] = parseErrors(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'expr-syntax', severity: 'error', message });
  });

  it('places expr-syntax at the offending token', () => {
    const [d] = parseErrors('stage = 1 2');
    expect(d!.range).toMatchObject({ start: { col: 11, offset: 10 }, end: { col: 12, offset: 11 } });
  });

  it('hints at what SQL, Excel or JavaScript habits meant', () => {
    expect(parseErrors('stage = "won"')[0]!.hint).toMatch(/single quotes/);
    expect(parseErrors('a && b')[0]!.hint).toBe("use 'and'");
    expect(parseErrors('a == 1')[0]!.hint).toBe("compare with a single '='");
    expect(parseErrors('stage = closed won')[0]!.hint).toBe("if 'closed won' is a text value, quote it: 'closed won'");
    expect(parseErrors('stage = ?')[0]!.hint).toMatch(/no parameters/);
  });

  it('expr-unknown-function with did-you-mean', () => {
    const [d] = parseErrors('coalese(a, 0) > 1');
    expect(d).toMatchObject({ code: 'expr-unknown-function', message: "unknown function 'coalese'", hint: "did you mean 'coalesce'?" });
    expect(d!.range).toMatchObject({ start: { col: 1 }, end: { col: 8 } });
    expect(parseErrors('sum(amount)')[0]).toMatchObject({ code: 'expr-unknown-function', hint: expect.stringContaining('coalesce') });
  });

  it('reports every unknown function and bad literal in one pass', () => {
    expect(parseErrors("foo(a) + bar(b) > 0 and d = date '2026-02-29'").map((d) => d.code)).toEqual([
      'expr-unknown-function',
      'expr-unknown-function',
      'expr-bad-literal',
    ]);
  });

  it.each([
    ["date '2026-02-29'", "'2026-02-29' is not a day of the calendar"],
    ["date '2026-13-01'", "'2026-13-01' has no month 13"],
    ["date 'yesterday'", "'yesterday' is not a date; write it as YYYY-MM-DD"],
    ["date '2026-01-01 10:00:00'", "'2026-01-01 10:00:00' is not a date; write it as YYYY-MM-DD"],
    ["timestamp '2026-01-01 25:00:00'", "'2026-01-01 25:00:00' is not a time of day"],
    ["timestamp '01/02/2026'", "'01/02/2026' is not a timestamp; write it as YYYY-MM-DD HH:MM:SS"],
    ['1e999', 'number 1e999 is too large'],
    ['lag(arr, 0 quarter)', 'a lag needs a whole number of periods from 1 to 10000, not 0'],
    ['lag(arr, 1.5 quarter)', 'a lag needs a whole number of periods from 1 to 10000, not 1.5'],
    ['lag(arr, 1 fortnight)', "'fortnight' is not a grain"],
  ])('expr-bad-literal: %s', (text, message) => {
    expect(parseErrors(text)[0]).toMatchObject({ code: 'expr-bad-literal', message });
  });

  it('accepts leap days and timestamps with fractions', () => {
    expect(parseExpression("date '2024-02-29'").diagnostics).toEqual([]);
    expect(parseExpression("timestamp '2026-01-31 23:59:59.999'").diagnostics).toEqual([]);
  });

  it('expr-too-deep for nesting over 64 and text over 10,000 characters', () => {
    expect(parseExpression('('.repeat(64) + 'a' + ')'.repeat(64)).diagnostics).toEqual([]);
    expect(parseErrors('('.repeat(65) + 'a' + ')'.repeat(65))[0]).toMatchObject({ code: 'expr-too-deep' });
    expect(parseErrors('not '.repeat(65) + 'a')[0]).toMatchObject({ code: 'expr-too-deep' });
    expect(parseErrors('- '.repeat(65) + 'a')[0]).toMatchObject({ code: 'expr-too-deep' });
    expect(parseErrors('case when a then '.repeat(65) + '1' + ' end'.repeat(65))[0]).toMatchObject({ code: 'expr-too-deep' });
    expect(parseErrors('a'.repeat(10_001))[0]).toMatchObject({ code: 'expr-too-deep', message: expect.stringContaining('10000') });
    expect(parseErrors(Array.from({ length: 300 }, (_, i) => `a = ${i}`).join(' or '))[0]).toMatchObject({ code: 'expr-too-deep' });
  });
});

describe('check diagnostics', () => {
  it('expr-not-boolean: a filter must be a condition', () => {
    const result = check('stage', { context: 'filter', expect: 'boolean' });
    expect(result.expr).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'expr-not-boolean', message: 'a filter must be a true/false condition, but this is a string' }]);
    expect(checkCodes('arr + 1', { context: 'derived', expect: 'boolean' })).toEqual(['expr-not-boolean']);
    expect(checkCodes('is_won and stage', { context: 'filter', expect: 'boolean' })).toEqual(['expr-not-boolean']);
    expect(checkCodes('not stage', { context: 'filter' })).toEqual(['expr-not-boolean']);
    expect(checkCodes("case when stage then 1 end > 0", { context: 'filter' })).toEqual(['expr-not-boolean']);
  });

  it('unknown-identifier with did-you-mean from the scope', () => {
    const result = check("acount.segment = 'smb' and stag = 'won'", { context: 'filter', expect: 'boolean' });
    expect(result.diagnostics).toMatchObject([
      { code: 'unknown-identifier', message: "unknown dimension 'acount.segment'", hint: "did you mean 'account.segment'?", range: { start: { col: 1 }, end: { col: 15 } } },
      { code: 'unknown-identifier', message: "unknown dimension 'stag'", hint: "did you mean 'stage'?" },
    ]);
    expect(check('ar + 1', { context: 'derived' }).diagnostics[0]).toMatchObject({ message: "unknown metric 'ar'", hint: "did you mean 'arr'?" });
    expect(check('zzzzzz > 1', { context: 'model' }).diagnostics[0]).toMatchObject({ message: "unknown column or dimension 'zzzzzz'" });
    expect(check('stage = closed_won', { context: 'filter' }).diagnostics[0]).toMatchObject({ message: "unknown dimension 'closed_won'", hint: "if you meant the text, quote it: 'closed_won'" });
    expect(check('zzzzzz + 1', { context: 'derived' }).diagnostics[0]!.hint).toBeUndefined();
  });

  it('expr-lag-misuse: only in derived formulas, only over a metric', () => {
    expect(check('lag(arr, 1 quarter) > 0', { context: 'filter' }).diagnostics[0]).toMatchObject({
      code: 'expr-lag-misuse',
      message: 'lag is only allowed in the formula of a derived metric',
    });
    expect(checkCodes('lag(arr, 1 quarter)', { context: 'model' })).toEqual(['expr-lag-misuse']);
    expect(check('lag(stage, 1 quarter)', { context: 'derived' }).diagnostics[0]).toMatchObject({
      code: 'expr-lag-misuse',
      message: "lag takes a metric, but 'stage' is a dimension",
    });
    expect(checkCodes('lag(arr * 2, 1 quarter)', { context: 'derived' })).toEqual(['expr-lag-misuse']);
    expect(checkCodes('lag(lag(arr, 1 month), 1 month)', { context: 'derived' })).toEqual(['expr-lag-misuse']);
    expect(checkCodes('lag(ar, 1 month)', { context: 'derived' })).toEqual(['unknown-identifier']);
  });

  it('unit-mismatch: adding a percent to currency', () => {
    const result = check('arr + win_rate', { context: 'derived' });
    expect(result.diagnostics).toMatchObject([{ code: 'unit-mismatch', message: 'cannot add percent to currency' }]);
    expect(checkCodes('arr - deals_won', { context: 'derived' })).toEqual(['unit-mismatch']);
    expect(checkCodes('arr > win_rate', { context: 'derived' })).toEqual(['unit-mismatch']);
    expect(checkCodes('arr * pipeline', { context: 'derived' })).toEqual(['unit-mismatch']);
  });

  it('type-mismatch: comparing or mixing incompatible types', () => {
    expect(check('stage = 5', { context: 'filter' }).diagnostics).toMatchObject([{ code: 'type-mismatch', message: 'string and number cannot be compared', hint: "write the value in single quotes: '5'" }]);
    expect(checkCodes("amount in (1, 'a')", { context: 'model' })).toEqual(['type-mismatch']);
    expect(checkCodes("amount in (null, 'a', 'b')", { context: 'model' })).toEqual([]);
    expect(checkCodes('is_won = 1', { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes("stage in ('won', 3)", { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes('closed_at between 1 and 2', { context: 'filter' })).toEqual(['type-mismatch', 'type-mismatch']);
    expect(checkCodes("stage + 1 > 0", { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes('closed_at - created_at > 0', { context: 'filter' })).toEqual(['type-mismatch']);
    expect(check('closed_at - created_at > 0', { context: 'filter' }).diagnostics[0]!.hint).toMatch(/days_between/);
    expect(checkCodes("probability like 'x%'", { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes("case when is_won then 1 else 'x' end = 1", { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes('-stage = 1', { context: 'filter' })).toEqual(['type-mismatch']);
    expect(checkCodes("'a'", { context: 'model', expect: 'number' })).toEqual(['type-mismatch']);
  });

  it('expr-bad-arguments: arity and argument types', () => {
    expect(check('abs(arr, 2)', { context: 'derived' }).diagnostics).toMatchObject([{ code: 'expr-bad-arguments', message: 'abs takes 1 argument, but got 2' }]);
    expect(check('round(arr, 1, 2)', { context: 'derived' }).diagnostics[0]!.message).toBe('round takes 1 to 2 arguments, but got 3');
    expect(check('coalesce()', { context: 'derived' }).diagnostics[0]!.message).toBe('coalesce takes at least 1 argument, but got 0');
    expect(check('nullif(arr)', { context: 'derived' }).diagnostics[0]!.message).toBe('nullif takes 2 arguments, but got 1');
    expect(check("upper(probability) = 'x'", { context: 'filter' }).diagnostics[0]).toMatchObject({ code: 'expr-bad-arguments', message: 'upper needs a string, but got a number (percent)' });
    expect(checkCodes("abs(stage) > 1", { context: 'filter' })).toEqual(['expr-bad-arguments']);
    expect(checkCodes('round(arr, seats)', { context: 'derived' })).toEqual(['expr-bad-arguments']);
    expect(checkCodes('days_between(stage, closed_at) > 1', { context: 'filter' })).toEqual(['expr-bad-arguments']);
  });

  it('expr-bad-literal: a string compared with a time must be a date', () => {
    expect(check("closed_at >= '2026-02-30'", { context: 'filter' }).diagnostics).toMatchObject([
      { code: 'expr-bad-literal', message: "'2026-02-30' is not a day of the calendar" },
    ]);
  });

  it('every diagnostic is an error with a range', () => {
    const result = check("stag = 1 and lag(arr, 1 day) > 0 and abs() > 0", { context: 'filter', expect: 'boolean' });
    expect(result.diagnostics.length).toBe(3);
    for (const d of result.diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.range).toBeDefined();
    }
  });
});
