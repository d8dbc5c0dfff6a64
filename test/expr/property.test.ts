import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkExpression } from '../../compiler/expr/check-expression.js';
import { exprToText } from '../../compiler/expr/expr-to-text.js';
import { parseExpression, type ExprOrigin } from '../../compiler/expr/parse-expression.js';
import { walkExpr } from '../../compiler/expr/walk-expr.js';
import { exprArb, mutated, tokenish } from './arbitraries.js';
import { sampleScope, stripRanges } from './helpers.js';

const origin: ExprOrigin = { file: 'metrics/kpis.yaml', line: 40, col: 9, offset: 1234 };

/** Parsing never throws, and either yields a tree or only error Diagnostics located inside the text. */
function assertWellBehaved(text: string): void {
  const result = parseExpression(text, origin);
  const lines = text.split('\n').length;
  const maxOffset = origin.offset + text.length + (lines - 1) * (origin.col - 1);
  const inside = (offset: number) => offset >= origin.offset && offset <= maxOffset;
  if (result.ast) {
    expect(result.diagnostics).toEqual([]);
    walkExpr(result.ast, (node) => {
      expect(node.range).toBeDefined();
      expect(inside(node.range!.start.offset) && inside(node.range!.end.offset)).toBe(true);
    });
    // Checking never throws either, whatever the tree.
    for (const context of ['model', 'filter', 'derived'] as const) checkExpression(result.ast, sampleScope, { context, expect: 'boolean' });
    return;
  }
  expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    expect(d.severity).toBe('error');
    expect(d.code).toMatch(/^expr-[a-z-]+$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.range!.file).toBe(origin.file);
    expect(inside(d.range!.start.offset)).toBe(true);
    expect(inside(d.range!.end.offset)).toBe(true);
    expect(d.range!.start.offset).toBeLessThanOrEqual(d.range!.end.offset);
    expect(d.range!.start.line).toBeGreaterThanOrEqual(origin.line);
    expect(d.range!.start.line).toBeLessThan(origin.line + lines);
  }
}

describe('parseExpression properties', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), assertWellBehaved), { numRuns: 500 });
  });

  it('never throws on random token soup', () => {
    fc.assert(fc.property(fc.array(tokenish, { maxLength: 60 }).map((parts) => parts.join(' ')), assertWellBehaved), { numRuns: 1000 });
    fc.assert(fc.property(fc.array(tokenish, { maxLength: 60 }).map((parts) => parts.join('')), assertWellBehaved), { numRuns: 500 });
  });

  it('never throws on mutated valid expressions', () => {
    fc.assert(fc.property(mutated, assertWellBehaved), { numRuns: 1500 });
    fc.assert(fc.property(fc.array(mutated, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' and ')), assertWellBehaved), { numRuns: 300 });
  });
});

describe('exprToText properties', () => {
  it('prints text that parses back to the same tree, and printing is idempotent', () => {
    fc.assert(
      fc.property(exprArb, (ast) => {
        const text = exprToText(ast);
        const reparsed = parseExpression(text);
        expect(reparsed.diagnostics).toEqual([]);
        expect(stripRanges(reparsed.ast)).toEqual(ast);
        expect(exprToText(reparsed.ast!)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
