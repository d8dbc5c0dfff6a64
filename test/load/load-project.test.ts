import { describe, expect, it } from 'vitest';
import { loadProject } from '../../compiler/load/load-project.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { at, PROJECT, VALID_CATALOG } from './helpers.js';

function load(files: Record<string, string>) {
  return loadProject(memorySource({ 'canon.yaml': PROJECT, ...files }));
}

describe('loadProject', () => {
  it('loads a valid catalog with no diagnostics and a content hash', () => {
    const { project, diagnostics } = load({ 'metrics/all.yaml': VALID_CATALOG });
    expect(diagnostics).toEqual([]);
    expect(project.config?.data).toEqual({ project: 'demo' });
    expect(project.documents).toHaveLength(1);
    expect(project.documents[0]!.data.metrics?.[0]?.name).toBe('deals_won');
    expect(project.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the content hash when any file changes, and only then', () => {
    const a = load({ 'metrics/all.yaml': VALID_CATALOG }).project.contentHash;
    const b = load({ 'metrics/all.yaml': VALID_CATALOG }).project.contentHash;
    const c = load({ 'metrics/all.yaml': VALID_CATALOG + '# note\n' }).project.contentHash;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('reads only YAML under the catalog folder named in canon.yaml', () => {
    const { project, diagnostics } = loadProject(
      memorySource({
        'canon.yaml': 'project: demo\ncatalog: defs\n',
        'defs/a.yml': 'owners: [{ name: a }]\n',
        'metrics/ignored.yaml': 'not: [valid',
        'defs/readme.md': '# not yaml',
      }),
    );
    expect(diagnostics).toEqual([]);
    expect(project.documents.map((d) => d.file)).toEqual(['defs/a.yml']);
  });

  it('points unknown fields at the key, with did-you-mean', () => {
    const { diagnostics } = load({
      'metrics/kpis/sales.yaml': 'metrics:\n  - name: win_rate\n    type: derived\n    expr: "a / b"\n    desciption: Share of deals won.\n',
    });
    expect(diagnostics.map(at)).toEqual(['metrics/kpis/sales.yaml:5:5 schema-unknown-field']);
    expect(diagnostics[0]!.message).toContain('`desciption`');
    expect(diagnostics[0]!.message).toContain('metric `win_rate`');
    expect(diagnostics[0]!.hint).toBe("did you mean 'description'?");
    expect(diagnostics[0]!.range?.end.col).toBe(15);
  });

  it('points bad enum values at the value, with did-you-mean against the enum', () => {
    const { diagnostics } = load({
      'metrics/k.yaml': 'metrics:\n  - name: a\n    type: derived\n    expr: "b"\n    cadence: montly\n',
    });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:5:14 schema-bad-value']);
    expect(diagnostics[0]!.hint).toBe("did you mean 'monthly'?");
  });

  it('lists the allowed values when nothing is close', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: a\n    type: derived\n    expr: "b"\n    stage: zzz\n' });
    expect(diagnostics[0]!.hint).toBe('expected one of: awareness, acquisition, activation, retention, expansion');
  });

  it('reports the required fields of the metric type, once, with the type named', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: r\n    type: ratio\n    numerator: a\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:2:5 schema-missing-field']);
    expect(diagnostics[0]!.message).toBe('metric `r` is missing `denominator` (required when `type` is `ratio`)');
  });

  it('gives one error for a wrong metric type, not one per branch', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: r\n    type: ration\n    numerator: a\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:3:11 schema-bad-value']);
    expect(diagnostics[0]!.hint).toBe("did you mean 'ratio'?");
  });

  it('rejects fields of another metric type', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: s\n    type: simple\n    measure: m\n    numerator: a\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:5:5 schema-field-not-allowed']);
    expect(diagnostics[0]!.message).toContain('when `type` is `simple`');
  });

  it('explains wrong types with what was found', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: s\n    type: derived\n    expr: "x"\n    version: one\n    top_kpi: "yes"\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:5:14 schema-wrong-type', 'metrics/k.yaml:6:14 schema-wrong-type']);
    expect(diagnostics[0]!.message).toContain('must be a whole number, not the text "one"');
  });

  it('folds ratio inputs (name or mapping) into one error', () => {
    const { diagnostics } = load({ 'metrics/k.yaml': 'metrics:\n  - name: r\n    type: ratio\n    numerator: 3\n    denominator: { metric: b, filtr: "x" }\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/k.yaml:4:16 schema-wrong-type', 'metrics/k.yaml:5:31 schema-unknown-field']);
  });

  it('requires exactly one of table / sql on a model', () => {
    const neither = load({ 'metrics/m.yaml': 'semantic_models:\n  - name: m\n' }).diagnostics;
    expect(neither.map(at)).toEqual(['metrics/m.yaml:2:5 schema-missing-field']);
    expect(neither[0]!.message).toBe('semantic model `m` needs `table` or `sql`');
    const both = load({ 'metrics/m.yaml': 'semantic_models:\n  - name: m\n    table: t\n    sql: select 1\n' }).diagnostics;
    expect(both.map(at)).toEqual(['metrics/m.yaml:4:5 schema-conflicting-fields']);
  });

  it('checks names are snake_case and suggests one', () => {
    const { diagnostics } = load({ 'metrics/o.yaml': 'owners:\n  - name: Sales Ops\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/o.yaml:2:11 schema-bad-value']);
    expect(diagnostics[0]!.hint).toContain("did you mean 'sales_ops'?");
  });

  it('validates canon.yaml and keeps its valid keys', () => {
    const { project, diagnostics } = loadProject(
      memorySource({
        'canon.yaml': 'project: demo\nfiscal_year_start_month: 13\nweek_start: mondy\nwarehouses:\n  local: { type: duckdb, pasword_env: X }\n',
        'metrics/o.yaml': 'owners: [{ name: a }]\n',
      }),
    );
    expect(diagnostics.map(at)).toEqual(['canon.yaml:2:26 schema-bad-value', 'canon.yaml:3:13 schema-bad-value', 'canon.yaml:5:26 schema-unknown-field']);
    expect(diagnostics[2]!.hint).toBe("did you mean 'password_env'?");
    // Out-of-range values are dropped (defaults apply); unknown keys are reported but harmless.
    expect(project.config?.data).toEqual({ project: 'demo', warehouses: { local: { type: 'duckdb', pasword_env: 'X' } } });
  });

  it('leaves out only the invalid item and keeps locations of the rest', () => {
    const { project } = load({
      'metrics/k.yaml': 'metrics:\n  - name: a\n    type: derived\n    expr: "x"\n    version: one\n  - name: b\n    type: derived\n    expr: "y"\n',
    });
    const doc = project.documents[0]!;
    expect(doc.data.metrics?.map((m) => m.name)).toEqual(['b']);
    expect(doc.locate(['metrics', 0, 'name']).start.line).toBe(6);
    expect(doc.locate(['metrics', 0, 'expr']).start).toMatchObject({ line: 8, col: 11 });
  });

  it('keeps items whose only problem is an unknown field (so their names still resolve)', () => {
    const { project } = load({ 'metrics/k.yaml': 'metrics:\n  - name: a\n    type: derived\n    expr: "x"\n    colour: red\n' });
    expect(project.documents[0]!.data.metrics?.map((m) => m.name)).toEqual(['a']);
  });

  it('reports YAML syntax errors at their position', () => {
    const tabs = load({ 'metrics/t.yaml': 'metrics:\n\t- name: a\n' }).diagnostics;
    expect(tabs.map(at)).toEqual(['metrics/t.yaml:2:1 yaml-syntax']);
    expect(tabs[0]!.hint).toContain('spaces');
    const quote = load({ 'metrics/q.yaml': "metrics:\n  - name: 'abc\n    type: simple\n" }).diagnostics;
    expect(quote.map(at)).toEqual(['metrics/q.yaml:2:11 yaml-syntax']);
    expect(quote[0]!.message).toContain('unclosed quote');
    const flow = load({ 'metrics/f.yaml': 'metrics: [ { name: a, type: simple }\n' }).diagnostics;
    expect(flow.map((d) => d.code)).toContain('yaml-syntax');
  });

  it('reports duplicate keys at the second key', () => {
    const { diagnostics } = load({ 'metrics/d.yaml': 'owners:\n  - name: a\n    label: A\n    label: B\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/d.yaml:4:5 yaml-duplicate-key']);
    expect(diagnostics[0]!.message).toBe('duplicate key `label`');
  });

  it('warns about empty files', () => {
    const { diagnostics } = load({ 'metrics/e.yaml': '', 'metrics/c.yaml': '# comment only\n', 'metrics/o.yaml': 'owners: []\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/c.yaml:1:1 empty-file', 'metrics/e.yaml:1:1 empty-file']);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('names files that hold no known kind, with did-you-mean on the key', () => {
    const { diagnostics } = load({ 'metrics/u.yaml': 'metric:\n  - name: a\n', 'metrics/l.yaml': '- a\n- b\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/l.yaml:1:1 unknown-document', 'metrics/u.yaml:1:1 unknown-document']);
    expect(diagnostics[1]!.hint).toBe("did you mean 'metrics'?");
  });

  it('reports unknown top-level keys beside known ones', () => {
    const { diagnostics } = load({ 'metrics/u.yaml': 'owners: []\nfocus_area: []\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/u.yaml:2:1 schema-unknown-field']);
    expect(diagnostics[0]!.hint).toBe("did you mean 'focus_areas'?");
  });

  it('refuses files over 5 MB without parsing them', () => {
    const big = `owners:\n${'  - name: a\n'.repeat(550_000)}`;
    const { diagnostics, project } = load({ 'metrics/big.yaml': big });
    expect(diagnostics.map(at)).toEqual(['metrics/big.yaml:1:1 file-too-large']);
    expect(project.documents).toEqual([]);
  });

  it('reads several YAML documents in one file', () => {
    const { project, diagnostics } = load({ 'metrics/multi.yaml': '---\nowners: [{ name: a }]\n---\nfocus_areas: [{ name: b }]\n' });
    expect(diagnostics).toEqual([]);
    expect(project.documents.map((d) => Object.keys(d.data))).toEqual([['owners'], ['focus_areas']]);
    expect(project.documents[1]!.locate(['focus_areas', 0, 'name']).start.line).toBe(4);
  });

  it('supports anchors, aliases and merge keys, and locates merged values', () => {
    const text = [
      'metrics:',
      '  - &base',
      '    name: a',
      '    type: derived',
      '    expr: "x"',
      '    owner: sales_ops',
      '  - <<: *base',
      '    name: b',
      '    cadence: montly',
      '',
    ].join('\n');
    const { project, diagnostics } = load({ 'metrics/a.yaml': text });
    expect(diagnostics.map(at)).toEqual(['metrics/a.yaml:9:14 schema-bad-value']);
    expect(project.documents[0]!.data.metrics?.map((m) => [m.name, m.owner])).toEqual([['a', 'sales_ops']]);
    const ok = load({ 'metrics/a.yaml': text.replace('montly', 'monthly') }).project.documents[0]!;
    expect(ok.data.metrics?.[1]?.owner).toBe('sales_ops');
    expect(ok.locate(['metrics', 1, 'owner']).start.line).toBe(6);
  });

  it('rejects unknown and self-referencing aliases instead of looping', () => {
    const unknown = load({ 'metrics/a.yaml': 'owners: *nope\n' }).diagnostics;
    expect(unknown.map(at)).toEqual(['metrics/a.yaml:1:9 yaml-syntax']);
    const cycle = load({ 'metrics/a.yaml': 'owners: &x [ *x ]\n' }).diagnostics;
    expect(cycle.map((d) => d.code)).toEqual(['yaml-syntax']);
  });

  it('stops alias expansion bombs', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const { diagnostics } = load({ 'metrics/bomb.yaml': `${lines.join('\n')}\nowners: []\n` });
    expect(diagnostics.map((d) => d.code)).toContain('yaml-syntax');
  });

  it('refuses runaway nesting before parsing, and caps follow-on syntax errors', () => {
    const brackets = load({ 'metrics/deep.yaml': `owners: ${'['.repeat(5000)}${']'.repeat(5000)}\n` }).diagnostics;
    expect(brackets.map(at)).toEqual(['metrics/deep.yaml:1:73 yaml-too-deep']);
    const indent = load({ 'metrics/deep.yaml': `owners:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 2)}- `).join('\n')}x\n` }).diagnostics;
    expect(indent.map((d) => d.code)).toEqual(['yaml-too-deep']);
    const unclosed = load({ 'metrics/open.yaml': `owners: ${'['.repeat(60)}\n` }).diagnostics;
    expect(unclosed.length).toBeLessThanOrEqual(10);
    expect(unclosed.every((d) => d.code === 'yaml-syntax')).toBe(true);
  });

  it('names list items in type errors', () => {
    const { diagnostics } = load({ 'metrics/o.yaml': 'owners:\n  - [a, b]\n' });
    expect(diagnostics.map(at)).toEqual(['metrics/o.yaml:2:5 schema-wrong-type']);
    expect(diagnostics[0]!.message).toBe('owner #1 must be a mapping (key: value), not a list');
  });

  it('lists the names of definitions left out for errors', () => {
    const { project } = load({
      'metrics/k.yaml': 'metrics:\n  - name: a\n    type: derived\n    expr: "x"\n    version: one\n',
      'metrics/m.yaml': 'semantic_models:\n  - name: m\n    measures: [{ name: q, agg: count }]\n',
      'metrics/o.yaml': 'owners:\n  - name: broken_owner\n    label: "unclosed\n',
    });
    expect(project.dropped).toEqual([
      { kind: 'metric', name: 'a', file: 'metrics/k.yaml' },
      { kind: 'semantic_model', name: 'm', file: 'metrics/m.yaml' },
      { kind: 'measure', name: 'q', file: 'metrics/m.yaml' },
      { kind: 'owner', name: 'broken_owner', file: 'metrics/o.yaml' },
    ].sort((x, y) => (x.file < y.file ? -1 : 1)));
  });

  it('lists the measures, dimensions and entities of a dropped model, so uses of them are not called unknown', () => {
    const { project } = load({
      'metrics/m.yaml': [
        'semantic_models:',
        '  - name: accounts',
        '    tabel: accounts',
        '    entities: [{ name: account, type: primary }]',
        '    dimensions: [{ name: segment, type: categorical }]',
        '    measures: [{ name: accounts_count, agg: count }]',
        '',
      ].join('\n'),
    });
    expect(project.dropped?.map((d) => `${d.kind}:${d.name}`)).toEqual(['semantic_model:accounts', 'measure:accounts_count', 'dimension:segment', 'entity:account']);
  });

  it('warns when the catalog folder holds no YAML', () => {
    const { diagnostics } = loadProject(memorySource({ 'canon.yaml': PROJECT }));
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['empty-catalog', 'warning']]);
  });

  it('works without canon.yaml (defaults apply later)', () => {
    const { project, diagnostics } = loadProject(memorySource({ 'metrics/o.yaml': 'owners: [{ name: a }]\n' }));
    expect(diagnostics).toEqual([]);
    expect(project.config).toBeUndefined();
  });
});
