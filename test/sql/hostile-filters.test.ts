/**
 * Hostile request filters: whatever text arrives in `where`, it never appears in the SQL. Literals
 * become bindings; identifiers that are not catalog dimensions are rejected with a diagnostic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest } from '../../compiler/compile-request.js';
import { directorySource } from '../../compiler/source/fs-source.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;
const dialects = Object.values(DIALECTS);

/** Distinctive payloads: long enough that finding one in SQL text cannot be a coincidence. */
const payload = fc.string({ minLength: 6, maxLength: 40 }).filter((s) => /[A-Za-z]{3}/.test(s) && s.trim().length >= 6);

describe('hostile filters', () => {
  it('string literals are bindings, never SQL text', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom(...dialects), (text, dialect) => {
        const literal = `'${text.replace(/'/g, "''")}'`;
        const compiled = compileRequest(catalog, { metrics: ['win_rate'], grain: 'month', where: `stage = ${literal} or account.segment != ${literal}` }, dialect);
        if (compiled.sql === '') return; // refused (e.g. control characters): nothing reaches SQL
        expect(compiled.sql).not.toContain(text);
        expect(compiled.bindings).toContain(text);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary filter text is refused or bound, and never pasted', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom(...dialects), (text, dialect) => {
        const compiled = compileRequest(catalog, { metrics: ['deals_won'], grain: 'month', where: text }, dialect);
        if (compiled.sql === '') {
          expect(compiled.diagnostics.some((d) => d.code === 'invalid-filter' && d.severity === 'error')).toBe(true);
          return;
        }
        expect(compiled.sql).not.toContain(text);
      }),
      { numRuns: 200 },
    );
  });

  it('unknown identifiers and SQL injection attempts are rejected', () => {
    for (const where of [
      "stage = 'x'; DROP TABLE opportunities; --",
      'opportunity_id = 1 union select password from users',
      'pg_sleep(10) = 1',
      '`stage` = stage or 1 = 1 --',
      'secret_column = 1',
    ]) {
      const compiled = compileRequest(catalog, { metrics: ['deals_won'], where }, dialects[0]!);
      expect(compiled.sql).toBe('');
      expect(compiled.diagnostics.map((d) => d.code)).toContain('invalid-filter');
    }
  });
});
