import { describe, expect, it } from 'vitest';
import { metricDependencies } from '../../compiler/catalog/dependencies.js';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource } from '../../compiler/source/fs-source.js';

function refsIn(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const own = (value as { kind?: unknown }).kind === 'ref' ? [path] : [];
    return [...own, ...Object.entries(value).flatMap(([k, v]) => refsIn(v, `${path}.${k}`))];
  }
  return [];
}

/** The shipped catalog in metrics/ is the default project and most tests' fixture: it must build. */
describe('the starter catalog', () => {
  const result = compileProject(directorySource('.'));

  it('compiles with no errors', () => {
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.range?.file}:${d.range?.start.line}:${d.range?.start.col} ${d.code}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(result.catalog).toBeDefined();
    expect(Object.keys(result.catalog!.metrics).length).toBeGreaterThan(20);
  });

  it('has every expression resolved', () => {
    expect(refsIn(result.catalog)).toEqual([]);
  });

  it('has every derived and ratio metric built on measures', () => {
    const catalog = result.catalog!;
    for (const metric of Object.values(catalog.metrics)) {
      expect(metricDependencies(catalog, metric.name).measures.length, metric.name).toBeGreaterThan(0);
    }
  });
});
