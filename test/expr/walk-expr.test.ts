import { describe, expect, it } from 'vitest';
import * as f from '../../compiler/expr/ast-factories.js';
import { exprToText } from '../../compiler/expr/expr-to-text.js';
import { childrenOf, exprDepth, mapExpr, walkExpr } from '../../compiler/expr/walk-expr.js';
import { parseOk } from './helpers.js';

describe('walkExpr / mapExpr', () => {
  const ast = parseOk("case when a in (1, b) and c between d and e then coalesce(f, lag(m, 1 month)) else -g end");

  it('visits parents before children, in source order', () => {
    const kinds: string[] = [];
    walkExpr(ast, (node) => void kinds.push(node.kind === 'ref' ? node.path.join('.') : node.kind));
    expect(kinds).toEqual(['case', 'binary', 'in', 'a', 'literal', 'b', 'between', 'c', 'd', 'e', 'call', 'f', 'lag', 'm', 'interval', 'unary', 'g']);
  });

  it('skips the children of a node when the visitor returns false', () => {
    const seen: string[] = [];
    walkExpr(ast, (node) => {
      seen.push(node.kind);
      return node.kind !== 'binary' && node.kind !== 'call';
    });
    expect(seen).toEqual(['case', 'binary', 'call', 'unary', 'ref']);
  });

  it('passes each node its parent', () => {
    walkExpr(ast, (node, parent) => {
      if (parent) expect(childrenOf(parent)).toContain(node);
      else expect(node).toBe(ast);
    });
  });

  it('rewrites bottom-up without touching the original', () => {
    const before = exprToText(ast);
    const renamed = mapExpr(ast, (node) => (node.kind === 'ref' ? f.ref(node.path.map((p) => p.toUpperCase()), node.range) : node));
    expect(exprToText(renamed)).toBe('case when A in (1, B) and C between D and E then coalesce(F, lag(M, 1 month)) else -G end');
    expect(exprToText(ast)).toBe(before);
    expect(renamed.range).toEqual(ast.range);
  });

  it('shares unchanged subtrees instead of copying them', () => {
    expect(mapExpr(ast, (node) => node)).toBe(ast);
    const onlyG = mapExpr(ast, (node) => (node.kind === 'ref' && node.path[0] === 'g' ? f.ref(['G'], node.range) : node));
    expect(onlyG).not.toBe(ast);
    if (onlyG.kind !== 'case' || ast.kind !== 'case') throw new Error('expected a case');
    expect(onlyG.whens[0]).toBe(ast.whens[0]);
    expect(onlyG.otherwise).not.toBe(ast.otherwise);
    expect(exprToText(onlyG)).toBe('case when a in (1, b) and c between d and e then coalesce(f, lag(m, 1 month)) else -G end');
  });

  it('measures depth without recursion', () => {
    expect(exprDepth(f.number(1))).toBe(1);
    expect(exprDepth(ast)).toBe(4); // case > and > in > a
    let deep = f.ref(['x']) as ReturnType<typeof f.ref> | ReturnType<typeof f.unary>;
    for (let i = 0; i < 100_000; i++) deep = f.unary('not', deep);
    expect(exprDepth(deep)).toBe(100_001);
  });
});
