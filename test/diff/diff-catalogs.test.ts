import { describe, expect, it } from 'vitest';
import { diffCatalogs } from '../../compiler/diff/diff-catalogs.js';
import { checkVersionDiscipline } from '../../compiler/diff/version-discipline.js';
import { catalog, col, dim, eq, measure, metricRef, model, ratio, simple, str } from './catalog-fixture.js';

const range = (file: string, line: number) => ({ file, start: { line, col: 5, offset: 0 }, end: { line, col: 9, offset: 4 } });

describe('diffCatalogs', () => {
  it('finds nothing when only source positions and formatting differ', () => {
    const filter = eq(dim('stage'), str('closed_won'));
    const base = catalog([simple('deals', 'opps', { filter, range: range('metrics/a.yaml', 3) })]);
    const head = catalog([simple('deals', 'opps', { filter: { ...filter, range: range('metrics/b.yaml', 9) }, range: range('metrics/b.yaml', 8) })]);
    const diff = diffCatalogs(base, head);
    expect(diff.metrics).toEqual([]);
    expect(diff.models).toEqual([]);
  });

  it('classifies an added metric and a filter change as breaking with old and new text', () => {
    const base = catalog([simple('deals', 'opps')]);
    const head = catalog([
      simple('deals', 'opps', { filter: eq(dim('stage'), str('closed_won')), version: 2 }),
      simple('wins', 'won'),
    ]);
    const diff = diffCatalogs(base, head);
    expect(diff.metrics.map((m) => [m.name, m.kind, m.breaking])).toEqual([
      ['deals', 'changed', true],
      ['wins', 'added', false],
    ]);
    expect(diff.metrics[0]!.fields).toEqual([
      { field: 'filter', after: "stage = 'closed_won'", breaking: true },
      { field: 'version', before: '1', after: '2', breaking: false },
    ]);
    expect(diff.summary).toMatchObject({ added: 1, breaking: 1, nonBreaking: 0 });
    expect(checkVersionDiscipline(diff, base, head)).toEqual([]);
  });

  it('treats owner, targets and tags as non-breaking metadata', () => {
    const base = catalog([simple('deals', 'opps')]);
    const head = catalog([simple('deals', 'opps', { owner: 'revops', tags: ['sales'], targets: [{ period: 'month', value: 10 }] })]);
    const [change] = diffCatalogs(base, head).metrics;
    expect(change).toMatchObject({ kind: 'changed', breaking: false });
    expect(change!.fields).toEqual([
      { field: 'owner', before: 'sales_ops', after: 'revops', breaking: false },
      { field: 'tags', after: 'sales', breaking: false },
      { field: 'targets', after: 'month: 10', breaking: false },
    ]);
  });

  it('requires a version bump for a breaking change', () => {
    const base = catalog([simple('deals', 'opps')]);
    const head = catalog([simple('deals', 'won', { range: range('metrics/kpis.yaml', 4) })]);
    const diff = diffCatalogs(base, head);
    const diagnostics = checkVersionDiscipline(diff, base, head);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'version-not-bumped', severity: 'error', range: { file: 'metrics/kpis.yaml' } });
    expect(diagnostics[0]!.hint).toContain('version: 2');
  });

  it('detects a rename and follows it in formulas that use the metric', () => {
    const base = catalog([simple('deals', 'opps'), simple('wins', 'won'), ratio('win_rate', 'wins', 'deals')]);
    const head = catalog([simple('deals', 'opps'), simple('deals_won', 'won', { label: 'Deals won' }), ratio('win_rate', 'deals_won', 'deals')]);
    const diff = diffCatalogs(base, head);
    expect(diff.metrics.map((m) => [m.name, m.kind, m.previousName])).toEqual([['deals_won', 'renamed', 'wins']]);
    expect(diff.metrics[0]!.fields).toEqual([{ field: 'label', before: 'A KPI', after: 'Deals won', breaking: false }]);
    expect(checkVersionDiscipline(diff, base, head).map((d) => [d.code, d.severity])).toEqual([['metric-renamed', 'warning']]);
  });

  it('reports removal without deprecation and removal of a metric still in use', () => {
    const base = catalog([simple('deals', 'opps'), simple('wins', 'won'), ratio('win_rate', 'wins', 'deals')]);
    // Head still names `wins` in win_rate (as a catalog built despite the dangling name would).
    const head = catalog([simple('deals', 'opps'), ratio('win_rate', 'wins', 'deals')]);
    const diff = diffCatalogs(base, head);
    expect(diff.metrics.map((m) => [m.name, m.kind, m.breaking])).toEqual([['wins', 'removed', true]]);
    const codes = checkVersionDiscipline(diff, base, head).map((d) => d.code);
    expect(codes).toEqual(['removed-metric-in-use', 'removed-without-deprecation']);
  });

  it('allows removing a deprecated metric and marks deprecation', () => {
    const base = catalog([simple('deals', 'opps'), simple('wins', 'won')]);
    const mid = catalog([simple('deals', 'opps'), simple('wins', 'won', { status: 'deprecated' })]);
    const head = catalog([simple('deals', 'opps')]);
    const deprecation = diffCatalogs(base, mid);
    expect(deprecation.metrics[0]).toMatchObject({ name: 'wins', kind: 'changed', deprecated: true, breaking: false });
    expect(checkVersionDiscipline(deprecation, base, mid)).toEqual([]);
    const removal = diffCatalogs(mid, head);
    const diagnostics = checkVersionDiscipline(removal, mid, head);
    expect(diagnostics.find((d) => d.code === 'removed-without-deprecation')).toBeUndefined();
  });

  it('hint for removal suggests deprecating first', () => {
    const base = catalog([simple('deals', 'opps'), simple('wins', 'won')]);
    const head = catalog([simple('deals', 'opps')]);
    const [d] = checkVersionDiscipline(diffCatalogs(base, head), base, head);
    expect(d!.code).toBe('removed-without-deprecation');
    expect(d!.hint).toMatch(/status: deprecated/);
  });

  it('reports model changes field by field with the metrics they affect', () => {
    const base = catalog([simple('deals', 'opps'), simple('wins', 'won'), ratio('win_rate', 'wins', 'deals')]);
    const head = catalog(
      [simple('deals', 'opps'), simple('wins', 'won'), ratio('win_rate', 'wins', 'deals')],
      [model([measure('opps', { label: 'Opportunities' }), measure('won', { filter: col('is_won') })])],
    );
    const diff = diffCatalogs(base, head);
    expect(diff.models).toHaveLength(1);
    expect(diff.models[0]!.fields).toEqual([
      { field: 'measures.opps.label', before: 'opps', after: 'Opportunities', breaking: false },
      { field: 'measures.won.filter', after: 'is_won', breaking: true },
    ]);
    expect(diff.models[0]!.affectedMetrics).toEqual(['win_rate', 'wins']);
    const diagnostics = checkVersionDiscipline(diff, base, head);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['version-not-bumped', 'warning'],
      ['version-not-bumped', 'warning'],
    ]);
  });

  it('treats a changed derived formula as breaking and shows its text', () => {
    const derived = (expr: ReturnType<typeof metricRef>) =>
      ({ ...simple('x', 'opps'), type: 'derived', expr, measure: undefined, filter: undefined }) as never;
    const base = catalog([simple('deals', 'opps'), derived({ kind: 'binary', op: '*', left: metricRef('deals'), right: { kind: 'literal', literalType: 'number', value: 2 } })]);
    const head = catalog([simple('deals', 'opps'), derived({ kind: 'binary', op: '*', left: metricRef('deals'), right: { kind: 'literal', literalType: 'number', value: 3 } })]);
    const [change] = diffCatalogs(base, head).metrics;
    expect(change!.fields).toEqual([{ field: 'expr', before: 'deals * 2', after: 'deals * 3', breaking: true }]);
  });
});

describe('lineDiff', () => {
  it('shows removed then added lines with context', async () => {
    const { lineDiff } = await import('../../compiler/diff/line-diff.js');
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g'].join('\n');
    expect(lineDiff(before, after, 1)).toBe(['  ...', '  c', '- d', '+ D', '  e', '  ...'].join('\n').replace(/^ {2}\.\.\.\n/, ''));
  });
});
