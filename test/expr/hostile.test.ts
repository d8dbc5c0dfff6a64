import { describe, expect, it } from 'vitest';
import { checkExpression } from '../../compiler/expr/check-expression.js';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { walkExpr } from '../../compiler/expr/walk-expr.js';
import { parseShape, sampleScope } from './helpers.js';
import * as f from '../../compiler/expr/ast-factories.js';

/** Every identifier a tree mentions, so tests can prove quoted text never became a name. */
function identifiers(text: string): string[] {
  const out: string[] = [];
  const { ast } = parseExpression(text);
  if (ast) walkExpr(ast, (node) => void (node.kind === 'ref' && out.push(node.path.join('.'))));
  return out;
}

describe('hostile input', () => {
  it.each([
    ["'; drop table x; --", 'expr-syntax'],
    ['stage = 1; drop table opportunities', 'expr-syntax'],
    ['/* */', 'expr-syntax'],
    ['stage = 1 /* comment */', 'expr-syntax'],
    ['stage = 1 -- comment', 'expr-syntax'],
    ['1; select', 'expr-syntax'],
    ['select * from opportunities', 'expr-syntax'],
    ['stage = "x" or 1=1', 'expr-syntax'],
    ['stage = $1', 'expr-syntax'],
    ['stage = ?', 'expr-syntax'],
    ['${process.env.HOME}', 'expr-syntax'],
    ['stage = \\x27', 'expr-syntax'],
    ['pg_sleep(10)', 'expr-unknown-function'],
    ['exec(1)', 'expr-unknown-function'],
    ['('.repeat(10_000), 'expr-too-deep'],
    ['('.repeat(5_000) + 'a' + ')'.repeat(5_000), 'expr-too-deep'],
    ['- '.repeat(4_999) + '1', 'expr-too-deep'],
    ['-'.repeat(9_999) + '1', 'expr-syntax'],
    ['not '.repeat(2_400) + 'a', 'expr-too-deep'],
    ['case when '.repeat(900) + 'a', 'expr-too-deep'],
    ['coalesce('.repeat(1_000) + 'a' + ')'.repeat(1_000), 'expr-too-deep'],
    ['a'.repeat(10_001), 'expr-too-deep'],
    ['a or '.repeat(1_999) + 'a', 'expr-too-deep'],
    ['x'.repeat(2_000_000), 'expr-too-deep'],
  ])('%#: rejects %s', (text, code) => {
    const result = parseExpression(text, { file: 'hostile.yaml', line: 3, col: 7, offset: 40 });
    expect(result.ast).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics[0]!.code).toBe(code);
    for (const d of result.diagnostics) {
      expect(d.range!.start.offset).toBeGreaterThanOrEqual(40);
      expect(d.range!.end.offset).toBeLessThanOrEqual(40 + text.length);
    }
  });

  it('keeps SQL inside a string literal as a literal value', () => {
    const sql = "'; drop table x; --";
    const text = `stage = '${sql.replace(/'/g, "''")}'`;
    expect(parseShape(text)).toEqual(f.binary('=', f.ref(['stage']), f.string(sql)));
    expect(identifiers(text)).toEqual(['stage']);
    const checked = checkExpression(parseExpression(text).ast!, sampleScope, { context: 'filter', expect: 'boolean' });
    expect(checked.diagnostics).toEqual([]);
  });

  it.each([
    "stage = 'x'' or ''1''=''1'",
    "stage in ('a', 'b''); delete from t; --')",
    "stage like '%'' union select password from users --'",
    "stage = '`backticks` and \"quotes\" and /* comments */'",
    "stage = 'account.segment'",
    "stage = 'lag(arr, 1 quarter)'",
  ])('never turns quoted text into identifiers: %s', (text) => {
    expect(identifiers(text)).toEqual(['stage']);
  });

  it('parses deeply but legally nested input without overflowing the stack', () => {
    const text = '('.repeat(64) + 'a' + ')'.repeat(64);
    expect(parseExpression(text).ast).toEqual(expect.objectContaining({ kind: 'ref' }));
    const chain = Array.from({ length: 200 }, (_, i) => `a${i}`).join(' + ');
    expect(parseExpression(chain).diagnostics).toEqual([]);
  });
});
