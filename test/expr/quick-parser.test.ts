import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exprToText } from '../../compiler/expr/expr-to-text.js';
import { parseExpression, parseExpressionWithGrammar, MAX_NESTING, MAX_TREE_DEPTH, type ExprOrigin } from '../../compiler/expr/parse-expression.js';
import { quickParse } from '../../compiler/expr/quick-parser.js';
import { PositionMap } from '../../compiler/expr/source-positions.js';
import { exprArb, mutated, tokenish, validSamples } from './arbitraries.js';

const origin: ExprOrigin = { file: 'metrics/kpis.yaml', line: 40, col: 9, offset: 1234 };

/** The fast path may decline any text, but whatever it returns must be exactly what the grammar builds. */
function assertSameAsGrammar(text: string): void {
  const fast = parseExpression(text, origin);
  const full = parseExpressionWithGrammar(text, origin);
  // JSON text, not toEqual: key order matters too, since catalogs are serialised.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
}

/** Valid text the fast path must take (and so must build the grammar's exact tree for). */
const taken = [
  ...validSamples,
  'account_id',
  "opportunity.type = 'new_business' and amount > 0",
  'converted_at is not null',
  'x is null or not y',
  "survey_type = 'it''s' and `my ``col``` != ''",
  'open_pipeline * win_rate / sales_cycle_length',
  '-(coalesce(contraction_arr, 0) + coalesce(churned_arr, 0)) / starting_arr',
  '- -5 + -(3) - - x',
  'not not a and b or c and not d',
  "a not in (1, 2.5, .5, 1., 1e3, 2E-2, 'x') and b not between 1 and 2 and c not like 'x%'",
  'a between -1 + 2 and 3 * 4 and b',
  'COALESCE(A, B) > Round(c, 2) AND NOT X OR Y IS NOT NULL',
  'Date = date and `date` = Timestamp and x.date.`y z` = 1',
  "date '2026-02-28' < timestamp ' 2026-01-01T10:00:00 '",
  'case when a then 1 when b then 2 end + case when c then 3 else (4) end',
  'LAG(arr, 2 Quarters) / lag((arr), 1 year)',
  'coalesce() = nullif(a,b)',
  'ordering = 1 and android and endpoint and isnull and notes and inbox and nullable and truest',
  '((((a))))',
  'a\n  and b\r\n\tor\fc\v= 1',
  'a%b*c/d-e+f<>g',
  `x in (${Array.from({ length: 500 }, (_, i) => i % 10).join(',')})`,
];

/** Text the fast path must leave to the grammar: errors, and characters only the chevrotain lexer knows. */
const declined = [
  '',
  '   ',
  'a ==  b',
  'stage = closed won',
  'a -- b',
  'a\u00a0= 1',
  'é = 1',
  "'unterminated",
  '`unterminated',
  'foo(1)',
  'lag()',
  'lag(arr, 0 quarter)',
  'lag(arr, 1 fortnight)',
  "date '2026-02-30'",
  'a = b = c',
  '1e999',
  '``',
  'a not b',
  'case end',
  'x in ()',
  'round(1,)',
  '(a',
  'a)',
  'a.5',
  'a !b',
  '1else',
  `${'('.repeat(65)}a${')'.repeat(65)}`,
  `${'not '.repeat(65)}a`,
  Array.from({ length: 300 }, () => 'a').join(' or '),
];

describe('quick parser (fast path of parseExpression)', () => {
  it('takes common valid text and builds exactly the grammar tree, ranges included', () => {
    for (const text of taken) {
      expect(quickParse(text, new PositionMap(text, origin), MAX_NESTING, MAX_TREE_DEPTH), text).toBeDefined();
      assertSameAsGrammar(text);
    }
  });

  it('declines text with problems, so every diagnostic still comes from the grammar', () => {
    for (const text of declined) {
      expect(quickParse(text, new PositionMap(text, origin), MAX_NESTING, MAX_TREE_DEPTH), text).toBeUndefined();
      assertSameAsGrammar(text);
    }
  });

  it('agrees with the grammar on random token soup and edited valid text', () => {
    fc.assert(fc.property(fc.array(tokenish, { maxLength: 40 }).map((parts) => parts.join(' ')), assertSameAsGrammar), { numRuns: 1000 });
    fc.assert(fc.property(fc.array(tokenish, { maxLength: 40 }).map((parts) => parts.join('')), assertSameAsGrammar), { numRuns: 500 });
    fc.assert(fc.property(mutated, assertSameAsGrammar), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'binary' }), assertSameAsGrammar), { numRuns: 300 });
  });

  it('agrees with the grammar on printed random trees', () => {
    fc.assert(fc.property(exprArb, (ast) => assertSameAsGrammar(exprToText(ast))), { numRuns: 1000 });
  });
});
