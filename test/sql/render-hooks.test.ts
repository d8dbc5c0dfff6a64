/** Function templates and hook operands: argument text goes in verbatim and bindings follow the text. */
import { describe, expect, it } from 'vitest';
import { getDialect } from '../../adapters/dialect-registry.js';
import type { Statement } from '../../compiler/sql/ast.js';
import { as, col, param, select, table } from '../../compiler/sql/build.js';
import { applyTemplate } from '../../compiler/sql/dialect.js';
import { renderStatement } from '../../compiler/sql/render.js';

describe('applyTemplate', () => {
  it('fills positional and all-argument slots', () => {
    expect(applyTemplate('NULLIF({0}, {1})', ['a', 'b'])).toBe('NULLIF(a, b)');
    expect(applyTemplate('COALESCE({*})', ['a', 'b', 'c'])).toBe('COALESCE(a, b, c)');
    expect(applyTemplate('F({1}, {0}, {1})', ['a', 'b'])).toBe('F(b, a, b)');
  });

  it('inserts argument text as is, even when it looks like a slot', () => {
    expect(applyTemplate('ABS({0})', ['"{1}"'])).toBe('ABS("{1}")');
  });

  it('names the missing argument', () => {
    expect(() => applyTemplate('NULLIF({0}, {1})', ['a'])).toThrow('function template NULLIF({0}, {1}) needs argument 1');
  });
});

describe('hook operands', () => {
  it('keep bindings in text order when a hook reorders its operands', () => {
    // PostgreSQL spells daysBetween(from, to) as (to - from): the second operand's binding comes first.
    const statement: Statement = {
      kind: 'statement',
      ctes: [],
      body: select({
        columns: [as({ kind: 'daysBetween', from: { kind: 'dateParam', value: '2026-01-01' }, to: { kind: 'dateParam', value: '2026-02-01' } }, 'd')],
        from: null,
      }),
    };
    const out = renderStatement(statement, getDialect('postgres')!);
    expect(out.sql).toBe('SELECT (CAST(CAST(? AS DATE) AS DATE) - CAST(CAST(? AS DATE) AS DATE)) AS "d"');
    expect(out.bindings).toEqual(['2026-02-01', '2026-01-01']);
  });

  it('are not confused by an identifier holding the marker character', () => {
    const odd = 'x\u00010\u0001y';
    const statement: Statement = {
      kind: 'statement',
      ctes: [],
      body: select({
        columns: [as({ kind: 'dateTrunc', grain: 'week', operand: col('t', odd) }, 'w')],
        from: table('t', 't'),
        where: { kind: 'binary', op: '=', left: col('t', 'a'), right: param('v') },
      }),
    };
    const out = renderStatement(statement, getDialect('mysql')!);
    expect(out.sql).toBe(`SELECT DATE_SUB(\`t\`.\`${odd}\`, INTERVAL WEEKDAY(\`t\`.\`${odd}\`) DAY) AS \`w\` FROM \`t\` AS \`t\` WHERE (\`t\`.\`a\` = ?)`);
    expect(out.bindings).toEqual(['v']);
  });
});
