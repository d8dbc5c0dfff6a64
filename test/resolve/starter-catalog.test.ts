import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource } from '../../compiler/source/fs-source.js';

/** The shipped catalog in metrics/ is the default project and most tests' fixture: it must build. */
describe('the starter catalog', () => {
  it('compiles with no errors', () => {
    const result = compileProject(directorySource('.'));
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.range?.file}:${d.range?.start.line}:${d.range?.start.col} ${d.code}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(result.catalog).toBeDefined();
    expect(Object.keys(result.catalog!.metrics).length).toBeGreaterThan(20);
  });
});
