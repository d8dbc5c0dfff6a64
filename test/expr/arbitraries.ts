import fc from 'fast-check';
import type { Expr, FunctionName, Grain } from '../../compiler/expr/ast.js';
import * as f from '../../compiler/expr/ast-factories.js';
import { functionNames } from '../../compiler/expr/function-names.js';

/** Generators shared by the property tests: valid samples, token soup, edits of valid text, random trees. */

export const validSamples = [
  "stage = 'closed won' and amount > 1000",
  '(arr - lag(arr, 1 quarter)) / lag(arr, 1 quarter)',
  "account.segment in ('smb', 'mid') or not is_won",
  "closed_at between date '2026-01-01' and timestamp '2026-03-31 23:59:59'",
  "case when probability > 0.5 then 'likely' when probability is null then null else 'unlikely' end",
  'coalesce(round(amount * 0.9, 2), 0) >= greatest(1, abs(-discount))',
  "lower(`my col`) not like 'x%' and days_between(created_at, closed_at) % 7 <> 0",
];

export const tokenish = fc.constantFrom(
  'and', 'or', 'not', 'in', 'between', 'is', 'null', 'like', 'case', 'when', 'then', 'else', 'end', 'date', 'timestamp',
  '(', ')', ',', '.', '+', '-', '*', '/', '%', '=', '!=', '<>', '<', '<=', '>', '>=', "'", "''", '`', ' ', '\n', '\t',
  'a', 'x.y', '1', '2.5', 'lag', 'coalesce', 'quarter', "'2026-01-01'", ';', '--', '/*', '*/', '"', '\\', '\u0000', '\u{1F600}',
);

/** A valid expression with a random edit: a slice deleted, a token inserted, or two slices swapped. */
export const mutated = fc
  .tuple(fc.constantFrom(...validSamples), fc.nat(), fc.nat(), tokenish, fc.constantFrom('delete', 'insert', 'swap', 'truncate'))
  .map(([text, i, j, token, edit]) => {
    const p = i % (text.length + 1);
    const q = j % (text.length + 1);
    const [lo, hi] = p < q ? [p, q] : [q, p];
    switch (edit) {
      case 'delete': return text.slice(0, lo) + text.slice(hi);
      case 'insert': return text.slice(0, p) + token + text.slice(p);
      case 'swap': return text.slice(hi) + text.slice(lo, hi) + text.slice(0, lo);
      case 'truncate': return text.slice(0, p);
    }
  });

export const names = fc.oneof(fc.constantFrom('stage', 'amount', 'is_won', 'my col', 'end', 'date', 'Select', 'a`b', 'x1'), fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }));
export const grains: Grain[] = ['day', 'week', 'month', 'quarter', 'year'];
export const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true });

/** Trees as the parser builds them (no unary minus over a number literal: the parser folds those). */
export const { expr: exprArb } = fc.letrec<{ expr: Expr; leaf: Expr }>((tie) => ({
  leaf: fc.oneof(
    fc.oneof(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1000, max: -1 })).map((n) => f.number(n)),
    fc.string({ maxLength: 12, unit: 'binary' }).map((s) => f.string(s)),
    fc.boolean().map((b) => f.boolean(b)),
    fc.constant(f.nullLiteral()),
    isoDate.map((d) => f.date(d.toISOString().slice(0, 10))),
    isoDate.map((d) => f.timestamp(d.toISOString().slice(0, 19).replace('T', ' '))),
    fc.array(names, { minLength: 1, maxLength: 3 }).map((path) => f.ref(path)),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.tuple(fc.constantFrom<'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%'>('or', 'and', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'), tie('expr'), tie('expr')).map(([op, l, r]) => f.binary(op, l, r)),
    tie('expr').map((e) => f.unary('not', e)),
    tie('expr').filter((e) => !(e.kind === 'literal' && e.literalType === 'number')).map((e) => f.unary('-', e)),
    fc.tuple(tie('expr'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([o, v, n]) => f.inList(o, v, n)),
    fc.tuple(tie('expr'), tie('expr'), tie('expr'), fc.boolean()).map(([o, l, h, n]) => f.between(o, l, h, n)),
    fc.tuple(tie('expr'), fc.boolean()).map(([o, n]) => f.isNull(o, n)),
    fc.tuple(tie('expr'), tie('expr'), fc.boolean()).map(([o, p, n]) => f.like(o, p, n)),
    fc.tuple(fc.array(fc.record({ when: tie('expr'), then: tie('expr') }), { minLength: 1, maxLength: 2 }), fc.option(tie('expr'), { nil: null })).map(([w, o]) => f.caseWhen(w, o)),
    fc.tuple(fc.constantFrom<FunctionName>(...functionNames), fc.array(tie('expr'), { maxLength: 3 })).map(([fn, args]) => f.call(fn, args)),
    fc.tuple(fc.array(names, { minLength: 1, maxLength: 2 }), fc.integer({ min: 1, max: 24 }), fc.constantFrom(...grains)).map(([p, n, g]) => f.lag(f.ref(p), f.interval(n, g))),
  ),
}));

