import { describe, expect, it } from 'vitest';
import * as f from '../../compiler/expr/ast-factories.js';
import { checkExpression } from '../../compiler/expr/check-expression.js';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { walkExpr } from '../../compiler/expr/walk-expr.js';
import { check, parseOk, sampleScope, stripRanges } from './helpers.js';

describe('checkExpression', () => {
  it('replaces each ref by what it names and keeps ranges', () => {
    const result = check("account.segment = 'smb' and is_won and amount > 100", { context: 'model', expect: 'boolean' });
    expect(result.diagnostics).toEqual([]);
    expect(result.type).toEqual({ base: 'boolean' });
    expect(stripRanges(result.expr)).toEqual(
      f.binary(
        'and',
        f.binary('and', f.binary('=', f.dimension('accounts', 'segment', ['account']), f.string('smb')), f.dimension('opportunities', 'is_won', [])),
        f.binary('>', f.column('amount'), f.number(100)),
      ),
    );
    walkExpr(result.expr!, (node) => {
      expect(node.kind).not.toBe('ref');
      expect(node.range).toBeDefined();
    });
    expect(result.expr!.range!.start).toEqual({ line: 1, col: 1, offset: 0 });
  });

  it('resolves metrics in derived formulas, including inside lag', () => {
    const result = check('(arr - lag(arr, 1 quarter)) / lag(arr, 1 quarter)', { context: 'derived' });
    expect(stripRanges(result.expr)).toEqual(
      f.binary('/', f.binary('-', f.metric('arr'), f.lag(f.metric('arr'), f.interval(1, 'quarter'))), f.lag(f.metric('arr'), f.interval(1, 'quarter'))),
    );
  });

  it('does not change the input tree', () => {
    const ast = parseOk('stage = \'won\'');
    const before = JSON.stringify(ast);
    checkExpression(ast, sampleScope, { context: 'filter' });
    expect(JSON.stringify(ast)).toBe(before);
  });

  it('turns a string compared with a time into a date or timestamp literal', () => {
    const result = check("closed_at >= '2026-01-01' and created_at < '2026-01-01 08:00:00'", { context: 'filter', expect: 'boolean' });
    expect(stripRanges(result.expr)).toEqual(
      f.binary(
        'and',
        f.binary('>=', f.dimension('opportunities', 'closed_at', []), f.date('2026-01-01')),
        f.binary('<', f.dimension('opportunities', 'created_at', []), f.timestamp('2026-01-01 08:00:00')),
      ),
    );
    expect(check("'2026-01-01' <= closed_at", { context: 'filter' }).diagnostics).toEqual([]);
    expect(check("closed_at between '2026-01-01' and date '2026-03-31'", { context: 'filter' }).diagnostics).toEqual([]);
    expect(check("closed_at in ('2026-01-01', '2026-01-02')", { context: 'filter' }).diagnostics).toEqual([]);
    expect(check("days_between(closed_at, '2026-06-30') > 30", { context: 'filter' }).diagnostics).toEqual([]);
  });

  it('accepts the filters of the sample catalog', () => {
    for (const text of [
      'is_won',
      "stage in ('closed_won', 'closed_lost')",
      "stage not in ('closed_won', 'closed_lost') and closed_at is null",
      "lower(account.segment) like 'ent%'",
      'probability between 0.1 and 0.9',
      'employees >= 1000 or employees is null',
      'not is_won',
      "coalesce(account.segment, 'unknown') != 'smb'",
      "case when is_won then 'won' else stage end = 'won'",
    ]) {
      const result = check(text, { context: 'filter', expect: 'boolean' });
      expect(result.diagnostics, text).toEqual([]);
      expect(result.type).toEqual({ base: 'boolean' });
    }
  });

  it('accepts model expressions over untyped columns', () => {
    for (const [text, expect_] of [
      ['amount', 'number'],
      ['amount * (1 - discount)', 'number'],
      ["case when stage = 'closed_won' then amount else 0 end", 'number'],
      ['amount > 0 and discount < 0.5', 'boolean'],
      ['days_between(created_at, closed_at)', 'number'],
      ['amount', 'boolean'],
    ] as const) {
      expect(check(text, { context: 'model', expect: expect_ }).diagnostics, text).toEqual([]);
    }
  });

  it('compares numbers of one unit with plain numbers', () => {
    expect(check('arr > 1000000 and win_rate >= 0.25', { context: 'derived', expect: 'boolean' }).diagnostics).toEqual([]);
    expect(check('arr > pipeline', { context: 'derived' }).diagnostics).toEqual([]);
  });

  it('types null, booleans and strings', () => {
    expect(check('null', { context: 'filter' }).type).toEqual({ base: 'null' });
    expect(check('true', { context: 'filter', expect: 'boolean' }).type).toEqual({ base: 'boolean' });
    expect(check("upper(stage)", { context: 'filter' }).type).toEqual({ base: 'string' });
    expect(check("coalesce(null, stage)", { context: 'filter' }).type).toEqual({ base: 'string' });
    expect(check('closed_at', { context: 'filter' }).type).toEqual({ base: 'time' });
  });

  it('returns no tree when any error is found', () => {
    const parsed = parseExpression('stag = 1');
    const result = checkExpression(parsed.ast!, sampleScope, { context: 'filter' });
    expect(result.expr).toBeUndefined();
    expect(result.type).toEqual({ base: 'unknown' });
  });
});
