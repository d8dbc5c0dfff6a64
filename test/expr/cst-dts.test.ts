import { readFileSync } from 'node:fs';
import { generateCstDts } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { ExprParser } from '../../compiler/expr/expr-parser.js';

describe('compiler/expr/expr-cst.d.ts', () => {
  // The parser that serves requests skips chevrotain's grammar validations; this one runs them.
  const validated = new ExprParser({ validate: true });

  it('has a grammar that passes chevrotain validation (ambiguities, left recursion)', () => {
    expect(() => new ExprParser({ validate: true })).not.toThrow();
  });

  it('matches the grammar (regenerate it with generateCstDts when a rule changes)', () => {
    const onDisk = readFileSync(new URL('../../compiler/expr/expr-cst.d.ts', import.meta.url), 'utf8');
    const generated = generateCstDts(validated.getGAstProductions());
    // The file is the generated text after a one-line header.
    expect(onDisk.slice(onDisk.indexOf('\n') + 1).trim()).toBe(generated.trim());
  });
});
