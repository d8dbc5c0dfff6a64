import { afterEach, describe, expect, it } from 'vitest';
import { loadProject, parseProject } from '../../compiler/load/load-project.js';
import { resetParseCache } from '../../compiler/load/parse-cache.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { PROJECT, VALID_CATALOG } from './helpers.js';

/** The per-process memo of parsed files that lets a hot reload re-parse only what changed. */
describe('parse memo', () => {
  afterEach(() => resetParseCache({ enabled: true }));

  const files = (extra = '') => ({
    'canon.yaml': PROJECT,
    'metrics/all.yaml': VALID_CATALOG,
    'metrics/owners.yaml': `owners:\n  - name: sales_ops\n${extra}`,
  });

  it('reuses the parse of a file whose text is unchanged, and re-parses the one that changed', () => {
    resetParseCache({ enabled: true });
    const first = parseProject(memorySource(files()));
    const second = parseProject(memorySource(files('  - name: marketing_ops\n')));
    const byFile = (p: ReturnType<typeof parseProject>, file: string) => p.documents.find((d) => d.file === file)!;
    expect(byFile(second, 'metrics/all.yaml')).toBe(byFile(first, 'metrics/all.yaml'));
    expect(byFile(second, 'metrics/owners.yaml')).not.toBe(byFile(first, 'metrics/owners.yaml'));
    expect(byFile(second, 'metrics/owners.yaml').data).toEqual({ owners: [{ name: 'sales_ops' }, { name: 'marketing_ops' }] });
  });

  it('gives the same project, diagnostics and ranges with the memo on or off', () => {
    const broken = { ...files(), 'metrics/bad.yaml': 'metrics:\n  - name: x\n    type: simple\n    measure: m\n    cadense: monthly\n' };
    resetParseCache({ enabled: false });
    const off = loadProject(memorySource(broken));
    resetParseCache({ enabled: true });
    loadProject(memorySource(broken));
    const on = loadProject(memorySource(broken));
    expect(on.diagnostics).toEqual(off.diagnostics);
    expect(on.project.contentHash).toBe(off.project.contentHash);
    expect(on.project.dropped).toEqual(off.project.dropped);
    expect(on.project.documents.map((d) => [d.file, d.data, d.locate(['metrics', 0, 'name'])])).toEqual(
      off.project.documents.map((d) => [d.file, d.data, d.locate(['metrics', 0, 'name'])]),
    );
  });
});
