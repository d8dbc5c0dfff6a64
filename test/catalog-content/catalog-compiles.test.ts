import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { PROJECT_ROOT, readCatalog } from './catalog-files.js';

/**
 * The starter catalog through the real compiler: load, schema, resolve (names, joins, expression
 * types, units) and governance lint. The catalog ships clean: no errors and no warnings.
 */
describe('the starter catalog compiles', () => {
  const result = compileProject(directorySource(PROJECT_ROOT));
  const render = (): string =>
    result.diagnostics
      .map((d) => `${d.severity} ${d.code} ${d.range?.file ?? ''}:${d.range?.start.line ?? ''} ${d.message}`)
      .join('\n');

  it('without errors or warnings', () => {
    expect(render()).toBe('');
    expect(result.catalog).toBeDefined();
  });

  it('with every model and metric written in the YAML', () => {
    const written = readCatalog();
    expect(Object.keys(result.catalog?.metrics ?? {}).sort()).toEqual(written.metrics.map((m) => m.name).sort());
    expect(Object.keys(result.catalog?.models ?? {}).sort()).toEqual(written.models.map((m) => m.name).sort());
    expect(result.catalog?.project).toMatchObject({
      project: 'revops_sample',
      defaultWarehouse: 'local',
      timeZone: 'America/Los_Angeles',
      fiscalYearStartMonth: 2,
      weekStart: 'monday',
    });
  });
});
