import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { parseExpression, type ExprOrigin } from '../../compiler/expr/parse-expression.js';
import { walkExpr } from '../../compiler/expr/walk-expr.js';
import type { SourceRange } from '../../compiler/source/source.js';

/**
 * A measure file whose first filter is a block scalar starting at line 12, column 15, and whose
 * second filter is a quoted one-line value at line 17. Positions are checked against the file text
 * itself, so line, column and offset must all agree.
 */
function fixture(blockLines: readonly string[], quotedFilter: string) {
  const file = [
    'semantic_models:',
    '  - name: opportunities',
    '    table: opportunities',
    '    default_time_dimension: created_at',
    '    dimensions:',
    '      - { name: stage, type: categorical }',
    '      - { name: created_at, type: time, grain: day }',
    '    measures:',
    '      - name: won_amount',
    '        agg: sum',
    '        filter: |',
    ...blockLines.map((line) => `              ${line}`), // line 12 on, content at column 15
    '      - name: big_deals',
    '        agg: count',
    `        filter: "${quotedFilter}"`,
    '',
  ].join('\n');

  const lineCounter = new LineCounter();
  const doc = parseDocument(file, { lineCounter });
  const models = doc.get('semantic_models');
  if (!isSeq(models) || !isMap(models.items[0])) throw new Error('fixture shape');
  const measures = models.items[0].get('measures');
  if (!isSeq(measures)) throw new Error('fixture shape');
  const filterNode = (i: number) => {
    const measure = measures.items[i];
    if (!isMap(measure)) throw new Error('fixture shape');
    const node = measure.get('filter', true);
    if (!isScalar(node) || !node.range) throw new Error('fixture shape');
    return node;
  };
  const originAt = (offset: number): ExprOrigin => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: 'metrics/models.yaml', line, col, offset };
  };
  // A block scalar's YAML range starts at `|`; its text starts at the first character of the next line's content.
  const block = filterNode(0);
  const blockStart = file.indexOf('\n', block.range![0]) + 1 + 14;
  // A quoted scalar's text starts one character after the opening quote.
  const quoted = filterNode(1);
  return {
    file,
    block: { text: String(block.value), origin: originAt(blockStart) },
    quoted: { text: String(quoted.value), origin: originAt(quoted.range![0] + 1) },
    textAt: (range: SourceRange) => file.slice(range.start.offset, range.end.offset),
    lineColOf: (offset: number) => {
      const before = file.slice(0, offset).split('\n');
      return { line: before.length, col: before[before.length - 1]!.length + 1 };
    },
  };
}

describe('source positions', () => {
  it('reports a syntax error on the third line of a multi-line expression at its file position', () => {
    const fx = fixture(["stage = 'closed won'", 'and amount >', "and created_at >= date '2026-02-28'"], 'x');
    expect(fx.block.origin).toMatchObject({ line: 12, col: 15 });
    const result = parseExpression(fx.block.text, fx.block.origin);
    expect(result.ast).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe('expr-syntax');
    expect(d.message).toBe("expected an expression but found 'and'");
    expect(d.range!.file).toBe('metrics/models.yaml');
    expect(d.range!.start).toMatchObject({ line: 14, col: 15 });
    expect(d.range!.end).toMatchObject({ line: 14, col: 18 });
    expect(fx.textAt(d.range!)).toBe('and');
    expect(fx.lineColOf(d.range!.start.offset)).toEqual({ line: 14, col: 15 });
  });

  it('maps every node of a valid multi-line expression back to its own text', () => {
    const fx = fixture(["stage = 'closed won'", 'and amount > 5', "and created_at >= date '2026-02-28'"], 'x');
    const result = parseExpression(fx.block.text, fx.block.origin);
    expect(result.diagnostics).toEqual([]);
    const leaves: string[] = [];
    walkExpr(result.ast!, (node) => {
      const range = node.range!;
      expect(fx.lineColOf(range.start.offset)).toEqual({ line: range.start.line, col: range.start.col });
      expect(fx.lineColOf(range.end.offset)).toEqual({ line: range.end.line, col: range.end.col });
      if (node.kind !== 'binary') leaves.push(fx.textAt(range));
    });
    expect(leaves).toEqual(['stage', "'closed won'", 'amount', '5', 'created_at', "date '2026-02-28'"]);
    expect(result.ast!.range!.start).toMatchObject({ line: 12, col: 15 });
    expect(result.ast!.range!.end).toMatchObject({ line: 14, col: 50 });
  });

  it('points a bad date literal at the date text on line 14', () => {
    const fx = fixture(["stage = 'closed won'", 'and amount > 5', "and created_at >= date '2026-02-30'"], 'x');
    const result = parseExpression(fx.block.text, fx.block.origin);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['expr-bad-literal']);
    const range = result.diagnostics[0]!.range!;
    expect(range.start).toMatchObject({ line: 14, col: 38 });
    expect(fx.textAt(range)).toBe("'2026-02-30'");
  });

  it('reports errors in a quoted one-line value at their file column', () => {
    const fx = fixture(['a'], "amount > 10 and and stage = 'x'");
    const result = parseExpression(fx.quoted.text, fx.quoted.origin);
    const d = result.diagnostics[0]!;
    expect(d.code).toBe('expr-syntax');
    expect(d.range!.start.line).toBe(15);
    expect(fx.textAt(d.range!)).toBe('and');
    expect(d.range!.start.col).toBe(fx.file.split('\n')[14]!.indexOf('and and') + 5);
  });

  it('uses line 1 column 1 of a pseudo-file when no origin is given', () => {
    const result = parseExpression('a +');
    expect(result.diagnostics[0]!.range).toEqual({
      file: '<expression>',
      start: { line: 1, col: 4, offset: 3 },
      end: { line: 1, col: 4, offset: 3 },
    });
  });
});
