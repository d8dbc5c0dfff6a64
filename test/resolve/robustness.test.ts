import { describe, expect, it } from 'vitest';
import { metricDependencies, metricDependents } from '../../compiler/catalog/dependencies.js';
import { findJoinPath } from '../../compiler/catalog/join-graph.js';
import { compileProject } from '../../compiler/compile-project.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { baseCatalog, baseFiles, located, resolveUnchecked } from './fixture.js';

describe('resolver robustness', () => {
  it('never throws and never half-builds: every single-line deletion either compiles or reports errors', () => {
    const files = baseFiles();
    let broken = 0;
    for (const file of ['metrics/models.yaml', 'metrics/kpis.yaml']) {
      const lines = files[file]!.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const mutated = { ...files, [file]: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') };
        const result = compileProject(memorySource(mutated));
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        // Either a catalog with no errors, or errors with a location and no catalog.
        expect(result.catalog === undefined).toBe(errors.length > 0);
        for (const e of errors) expect(e.range, `${file} without line ${i + 1}: ${e.code}`).toBeDefined();
        if (errors.length > 0) broken++;
      }
    }
    expect(broken).toBeGreaterThan(10);
  });

  it('names that are also Object.prototype members resolve as plain names', () => {
    const catalog = baseCatalog();
    expect(metricDependencies(catalog, 'constructor').metrics).toEqual([]);
    expect(metricDependents(catalog, 'constructor').all).toEqual([]);
    expect(findJoinPath(catalog, 'constructor', 'accounts')).toEqual({ kind: 'none' });
    const diagnostics = resolveUnchecked(baseFiles(), 'project: p\ndefault_warehouse: constructor\nwarehouses:\n  local: { type: duckdb }\n').diagnostics;
    expect(located(diagnostics, 'unknown-warehouse')).toEqual(['canon.yaml:2:20 unknown-warehouse']);
  });

  it('a metric named constructor is an ordinary metric', () => {
    const catalog = baseCatalog({
      'metrics/z_case.yaml': `metrics:
  - name: constructor
    description: Named like a JavaScript built-in.
    type: derived
    expr: won_revenue * 2
    owner: sales_ops
`,
    });
    expect(Object.hasOwn(catalog.metrics, 'constructor')).toBe(true);
    expect(metricDependencies(catalog, 'constructor').directMetrics).toEqual(['won_revenue']);
  });
});
