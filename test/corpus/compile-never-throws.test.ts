import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource, memorySource } from '../../compiler/source/fs-source.js';

/** The clean baseline of the corpus, as files to mutate. */
const base = directorySource(join(import.meta.dirname, 'cases', '00-clean-baseline'));
const files: Record<string, string> = Object.fromEntries(base.listFiles().map((p) => [p, base.readFile(p)!]));
const targets = Object.keys(files);

/** Edits that make plausible analyst mistakes as well as random damage. */
const edit = fc.record({
  file: fc.nat(),
  at: fc.nat(),
  remove: fc.nat({ max: 8 }),
  insert: fc.oneof(
    fc.constantFrom(' ', '\n', ':', '- ', '"', '1', 'null', '[]', '{}', 'lag(', ')', ' * ', ' + ', ' / ', 'win_rate', 'deals_won', 'true', '0', 'account.', 'stage', '&a ', '*a'),
    fc.string({ maxLength: 5 }),
  ),
});

describe('compileProject on mutated catalogs', () => {
  it('never throws, and returns a catalog exactly when there are no errors', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const mutated = { ...files };
        for (const e of edits) {
          const path = targets[e.file % targets.length]!;
          const text = mutated[path]!;
          const at = e.at % (text.length + 1);
          mutated[path] = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        const result = compileProject(memorySource(mutated));
        const hasError = result.diagnostics.some((d) => d.severity === 'error');
        expect(result.catalog === undefined).toBe(hasError);
      }),
      { numRuns: 150 },
    );
  }, 180_000); // generous: CI machines are shared; this asserts behaviour, not speed
});
