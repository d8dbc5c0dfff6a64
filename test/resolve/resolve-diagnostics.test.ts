import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { baseFiles, located, resolveFiles, resolveUnchecked, show } from './fixture.js';

const CASE = 'metrics/z_case.yaml';

/** Base project plus one file, `metrics/z_case.yaml` (sorted last), holding the mistake. */
function withCase(text: string): Diagnostic[] {
  const result = resolveFiles({ ...baseFiles(), [CASE]: text });
  expect(result.catalog).toBeUndefined();
  return result.diagnostics;
}

function withCaseUnchecked(text: string, config?: string): Diagnostic[] {
  return resolveUnchecked({ ...baseFiles(), [CASE]: text }, config).diagnostics;
}

/** A simple metric with complete metadata; `body` replaces the type-specific lines. */
function metric(body: string, extra = ''): string {
  return `metrics:
  - name: bad_metric
    description: A metric with a mistake in it.
${body}
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
${extra}`;
}

function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found.map(show), `diagnostics: ${diagnostics.map(show).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

describe('resolver diagnostics (one per code, exact file:line:col)', () => {
  it('duplicate-name: a metric defined in two files points at the first', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amount').replace('bad_metric', 'deals_won')), 'duplicate-name');
    expect(show(d)).toBe(`${CASE}:2:11 duplicate-name`);
    expect(d.related?.map((r) => `${r.range?.file}:${r.range?.start.line}:${r.range?.start.col}`)).toEqual(['metrics/kpis.yaml:2:11']);
  });

  it('duplicate-name: measure names are unique across models', () => {
    const d = only(
      withCase(`semantic_models:
  - name: other_deals
    table: other_deals
    measures:
      - { name: won_amount, agg: sum, expr: amount }
`),
      'duplicate-name',
    );
    expect(show(d)).toBe(`${CASE}:5:17 duplicate-name`);
    expect(d.message).toContain("measure 'won_amount'");
    expect(d.related?.[0]?.range?.file).toBe('metrics/models.yaml');
  });

  it('duplicate-name: dimension names are unique within a model', () => {
    const diagnostics = withCase(`semantic_models:
  - name: other_deals
    table: other_deals
    dimensions:
      - { name: stage, type: categorical }
      - { name: stage, type: categorical, expr: stage_name }
`);
    expect(located(diagnostics, 'duplicate-name')).toEqual([`${CASE}:6:17 duplicate-name`]);
  });

  it('unknown-measure with did-you-mean', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amont')), 'unknown-measure');
    expect(show(d)).toBe(`${CASE}:5:14 unknown-measure`);
    expect(d.hint).toContain("'won_amount'");
  });

  it('unknown-owner with did-you-mean', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amount').replace('owner: sales_ops', 'owner: sales_opps')), 'unknown-owner');
    expect(show(d)).toBe(`${CASE}:6:12 unknown-owner`);
    expect(d.hint).toContain("'sales_ops'");
  });

  it('unknown-owner on a focus area', () => {
    const d = only(withCase(`focus_areas:\n  - name: retention\n    owner: cs_ops\n`), 'unknown-owner');
    expect(show(d)).toBe(`${CASE}:3:12 unknown-owner`);
  });

  it('unknown-focus-area with did-you-mean', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amount').replace('[pipeline_health]', '[pipeline_helth]')), 'unknown-focus-area');
    expect(show(d)).toBe(`${CASE}:8:19 unknown-focus-area`);
    expect(d.hint).toContain("'pipeline_health'");
  });

  it('unknown-metric in a ratio input', () => {
    const d = only(withCase(metric('    type: ratio\n    numerator: deals_wom\n    denominator: deals_closed')), 'unknown-metric');
    expect(show(d)).toBe(`${CASE}:5:16 unknown-metric`);
    expect(d.hint).toContain("'deals_won'");
  });

  it('unknown-metric in a derived formula, positioned inside a quoted scalar', () => {
    const d = only(withCase(metric('    type: derived\n    expr: "won_revenue - won_revenu"')), 'unknown-metric');
    expect(show(d)).toBe(`${CASE}:5:26 unknown-metric`);
    expect(d.hint).toContain("'won_revenue'");
  });

  it('unknown-metric in a derived formula written as a plain scalar', () => {
    const d = only(withCase(metric('    type: derived\n    expr: won_revenue - won_revenu')), 'unknown-metric');
    expect(show(d)).toBe(`${CASE}:5:25 unknown-metric`);
  });

  it('unknown-metric in a derived formula written as a block scalar', () => {
    const d = only(withCase(metric('    type: derived\n    expr: >-\n      won_revenue - won_revenu')), 'unknown-metric');
    expect(show(d)).toBe(`${CASE}:6:21 unknown-metric`);
  });

  it('unknown-dimension in a metric filter lists reachable names', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amount\n    filter: "account.segmnt = \'smb\'"')), 'unknown-dimension');
    expect(show(d)).toBe(`${CASE}:6:14 unknown-dimension`);
    expect(d.hint).toContain("'account.segment'");
  });

  it('ambiguous-join-path when two shortest paths reach the dimension', () => {
    const diagnostics = withCase(`semantic_models:
  - name: touches
    table: touches
    entities:
      - { name: touch, type: primary, expr: touch_id }
      - { name: opportunity, type: foreign, expr: opportunity_id }
      - { name: lead, type: foreign, expr: lead_id }
    measures:
      - { name: touch_count, agg: count }
${metric("    type: simple\n    measure: touch_count\n    filter: \"account.segment = 'smb'\"")}`);
    const d = only(diagnostics, 'ambiguous-join-path');
    expect(show(d)).toBe(`${CASE}:15:14 ambiguous-join-path`);
    expect(d.message).toContain('via lead.account');
    expect(d.message).toContain('via opportunity.account');
    expect(d.hint).toContain("'lead.account.segment'");
  });

  it('spelling out the path resolves the ambiguity', () => {
    const result = resolveFiles({
      ...baseFiles(),
      [CASE]: `semantic_models:
  - name: touches
    table: touches
    entities:
      - { name: touch, type: primary, expr: touch_id }
      - { name: opportunity, type: foreign, expr: opportunity_id }
      - { name: lead, type: foreign, expr: lead_id }
    measures:
      - { name: touch_count, agg: count }
${metric("    type: simple\n    measure: touch_count\n    filter: \"lead.account.segment = 'smb'\"")}`,
    });
    expect(result.diagnostics.map(show)).toEqual([]);
    const m = result.catalog!.metrics['bad_metric']!;
    expect(m.type === 'simple' && m.filter).toMatchObject({ left: { kind: 'dimension', model: 'accounts', entityPath: ['lead', 'account'] } });
  });

  it('no-join-path when the dimension exists but cannot be reached', () => {
    const d = only(withCase(metric("    type: simple\n    measure: accounts_created\n    filter: \"opportunity.stage = 'won'\"")), 'no-join-path');
    expect(show(d)).toBe(`${CASE}:6:14 no-join-path`);
    expect(d.message).toContain("'opportunities'");
  });

  it('unit-mismatch between a ratio and its declared unit', () => {
    const d = only(withCase(metric('    type: ratio\n    numerator: won_revenue\n    denominator: deals_won', '    unit: percent\n')), 'unit-mismatch');
    expect(show(d)).toBe(`${CASE}:10:11 unit-mismatch`);
    expect(d.message).toContain('computes currency');
  });

  it('unit-mismatch between a derived formula and its declared unit', () => {
    const d = only(withCase(metric('    type: derived\n    expr: won_revenue / deals_won', '    unit: count\n')), 'unit-mismatch');
    expect(show(d)).toBe(`${CASE}:9:11 unit-mismatch`);
  });

  it('ratio and percent are interchangeable', () => {
    const result = resolveFiles({ ...baseFiles(), [CASE]: metric('    type: ratio\n    numerator: deals_won\n    denominator: deals_closed', '    unit: percent\n') });
    expect(result.diagnostics).toEqual([]);
  });

  it('window-and-grain-to-date', () => {
    const d = only(withCaseUnchecked(metric('    type: cumulative\n    measure: won_amount\n    window: "90 days"\n    grain_to_date: quarter')), 'window-and-grain-to-date');
    expect(show(d)).toBe(`${CASE}:7:5 window-and-grain-to-date`);
  });

  it('invalid-window', () => {
    const d = only(withCaseUnchecked(metric('    type: cumulative\n    measure: won_amount\n    window: ninety days')), 'invalid-window');
    expect(show(d)).toBe(`${CASE}:6:13 invalid-window`);
  });

  it('invalid-grain-to-date with did-you-mean', () => {
    const d = only(withCaseUnchecked(metric('    type: cumulative\n    measure: won_amount\n    grain_to_date: quater')), 'invalid-grain-to-date');
    expect(show(d)).toBe(`${CASE}:6:20 invalid-grain-to-date`);
    expect(d.hint).toContain("'quarter'");
  });

  it('unknown-entity on a conversion metric names the model that lacks it', () => {
    const d = only(
      withCase(metric('    type: conversion\n    entity: opportunity\n    base_measure: mqls\n    conversion_measure: opportunities_created\n    window: "30 days"')),
      'unknown-entity',
    );
    expect(show(d)).toBe(`${CASE}:5:13 unknown-entity`);
    expect(d.message).toContain("'leads'");
  });

  it('filter-needs-model for a filter on a derived ratio input', () => {
    const d = only(
      withCase(metric('    type: ratio\n    numerator: { metric: revenue_growth, filter: "stage = \'won\'" }\n    denominator: deals_won')),
      'filter-needs-model',
    );
    // The filter's value, quotes included.
    expect(show(d)).toBe(`${CASE}:5:50 filter-needs-model`);
  });

  it('field-not-for-type: a window on a simple metric', () => {
    const d = only(withCaseUnchecked(metric('    type: simple\n    measure: won_amount\n    window: "90 days"')), 'field-not-for-type');
    expect(show(d)).toBe(`${CASE}:6:5 field-not-for-type`);
  });

  it('unknown-unit on a metric', () => {
    const d = only(withCaseUnchecked(metric('    type: simple\n    measure: won_amount', '    unit: dollars\n')), 'unknown-unit');
    expect(show(d)).toBe(`${CASE}:9:11 unknown-unit`);
  });

  it('missing-field for a derived metric without a formula', () => {
    const d = only(withCaseUnchecked(metric('    type: derived')), 'missing-field');
    expect(show(d)).toBe(`${CASE}:2:11 missing-field`);
  });

  it('expr-syntax inside a metric filter keeps its exact position', () => {
    const d = only(withCase(metric("    type: simple\n    measure: won_amount\n    filter: stage = = 'x'")), 'expr-syntax');
    expect(show(d)).toBe(`${CASE}:6:21 expr-syntax`);
  });

  it('a trailing comment after a plain scalar does not shift positions', () => {
    const d = only(withCase(metric("    type: simple\n    measure: won_amount\n    filter: stage = = 'x'   # a comment")), 'expr-syntax');
    expect(show(d)).toBe(`${CASE}:6:21 expr-syntax`);
  });

  it('single-quoted scalars shift by their opening quote', () => {
    const d = only(withCase(metric("    type: simple\n    measure: won_amount\n    filter: 'stage = = ''x'''")), 'expr-syntax');
    expect(show(d)).toBe(`${CASE}:6:22 expr-syntax`);
  });

  it('expr-not-boolean for a metric filter that is not a condition', () => {
    const d = only(withCase(metric('    type: simple\n    measure: won_amount\n    filter: "stage"')), 'expr-not-boolean');
    expect(show(d)).toBe(`${CASE}:6:14 expr-not-boolean`);
  });
});

describe('semantic model diagnostics', () => {
  const model = (lines: string): string => `semantic_models:
  - name: deals
    table: deals
    entities:
      - { name: deal, type: primary, expr: deal_id }
    dimensions:
      - { name: stage, type: categorical }
      - { name: is_won, type: boolean }
      - { name: closed_at, type: time }
    measures:
${lines}`;

  it('model-source: both table and sql', () => {
    const d = only(withCaseUnchecked(`semantic_models:\n  - name: deals\n    table: deals\n    sql: select 1\n`), 'model-source');
    expect(show(d)).toBe(`${CASE}:4:5 model-source`);
  });

  it('model-source: neither table nor sql', () => {
    const d = only(withCaseUnchecked(`semantic_models:\n  - name: deals\n    label: Deals\n`), 'model-source');
    expect(show(d)).toBe(`${CASE}:2:11 model-source`);
  });

  it('unknown-dimension for a default_time_dimension that is not there', () => {
    const d = only(withCase(model('      - { name: deal_count, agg: count }\n').replace('    table: deals\n', '    table: deals\n    default_time_dimension: closed\n')), 'unknown-dimension');
    expect(show(d)).toBe(`${CASE}:4:29 unknown-dimension`);
    expect(d.hint).toContain("'closed_at'");
  });

  it('not-a-time-dimension for agg_time_dimension naming a categorical dimension', () => {
    const d = only(withCase(model('      - { name: deal_count, agg: count, agg_time_dimension: stage }\n')), 'not-a-time-dimension');
    expect(show(d)).toBe(`${CASE}:11:61 not-a-time-dimension`);
  });

  it('not-a-time-dimension for non_additive_dimension', () => {
    const d = only(
      withCase(model('      - name: deal_total\n        agg: sum\n        expr: amount\n        non_additive_dimension: { name: stage }\n')),
      'not-a-time-dimension',
    );
    expect(show(d)).toBe(`${CASE}:14:41 not-a-time-dimension`);
  });

  it('percentile-misuse: percentile without agg percentile', () => {
    const d = only(withCaseUnchecked(model('      - { name: deal_total, agg: sum, expr: amount, percentile: 0.5 }\n')), 'percentile-misuse');
    expect(show(d)).toBe(`${CASE}:11:53 percentile-misuse`);
  });

  it('percentile-misuse: agg percentile without percentile', () => {
    const d = only(withCaseUnchecked(model('      - { name: deal_p90, agg: percentile, expr: amount }\n')), 'percentile-misuse');
    expect(show(d)).toBe(`${CASE}:11:32 percentile-misuse`);
  });

  it('agg-type-mismatch: sum of a boolean suggests sum_boolean', () => {
    const d = only(withCase(model('      - { name: deals_won, agg: sum, expr: is_won }\n')), 'agg-type-mismatch');
    expect(show(d)).toBe(`${CASE}:11:44 agg-type-mismatch`);
    expect(d.hint).toContain('sum_boolean');
  });

  it('agg-type-mismatch: sum_boolean of a string', () => {
    const d = only(withCase(model('      - { name: deals_won, agg: sum_boolean, expr: stage }\n')), 'agg-type-mismatch');
    expect(show(d)).toBe(`${CASE}:11:52 agg-type-mismatch`);
  });

  it('missing-measure-expr for a sum with no expr', () => {
    const d = only(withCase(model('      - { name: deal_total, agg: sum }\n')), 'missing-measure-expr');
    expect(show(d)).toBe(`${CASE}:11:17 missing-measure-expr`);
  });

  it('expr-not-boolean for a measure filter that is a number', () => {
    const d = only(withCase(model('      - { name: deal_total, agg: sum, expr: amount, filter: "lower(stage)" }\n')), 'expr-not-boolean');
    expect(show(d)).toBe(`${CASE}:11:62 expr-not-boolean`);
  });

  it('dimension-type-mismatch for a boolean dimension with a numeric expr', () => {
    const d = only(withCase(model('      - { name: deal_count, agg: count }\n').replace("{ name: is_won, type: boolean }", '{ name: is_won, type: boolean, expr: "lower(won)" }')), 'dimension-type-mismatch');
    expect(show(d)).toBe(`${CASE}:8:46 dimension-type-mismatch`);
  });

  it('unknown-aggregation with did-you-mean', () => {
    const d = only(withCaseUnchecked(model('      - { name: deal_total, agg: summ, expr: amount }\n')), 'unknown-aggregation');
    expect(show(d)).toBe(`${CASE}:11:34 unknown-aggregation`);
    expect(d.hint).toContain("'sum'");
  });

  it('unknown-unit on a measure', () => {
    const d = only(withCaseUnchecked(model('      - { name: deal_total, agg: sum, expr: amount, unit: dollars }\n')), 'unknown-unit');
    expect(show(d)).toBe(`${CASE}:11:59 unknown-unit`);
  });

  it('time-field-on-non-time-dimension', () => {
    const d = only(withCaseUnchecked(model('      - { name: deal_count, agg: count }\n').replace('{ name: stage, type: categorical }', '{ name: stage, type: categorical, grain: day }')), 'time-field-on-non-time-dimension');
    expect(show(d)).toBe(`${CASE}:7:43 time-field-on-non-time-dimension`);
  });
});

describe('project configuration diagnostics', () => {
  it('invalid-time-zone with did-you-mean', () => {
    const d = only(withCaseUnchecked('owners: []\n', 'project: p\ntime_zone: America/Los_Angles\n'), 'invalid-time-zone');
    expect(show(d)).toBe('canon.yaml:2:12 invalid-time-zone');
    expect(d.hint).toContain("'America/Los_Angeles'");
  });

  it('unknown-warehouse for a default_warehouse not listed', () => {
    const d = only(withCaseUnchecked('owners: []\n', 'project: p\ndefault_warehouse: locl\nwarehouses:\n  local: { type: duckdb }\n'), 'unknown-warehouse');
    expect(show(d)).toBe('canon.yaml:2:20 unknown-warehouse');
    expect(d.hint).toContain("'local'");
  });

  it('unknown-lint-rule is a warning and does not stop the catalog', () => {
    const result = resolveUnchecked(baseFiles(), 'project: p\nlint:\n  rules:\n    missing-ownr: off\n');
    expect(result.diagnostics.map(show)).toEqual(['canon.yaml:4:5 unknown-lint-rule']);
    expect(result.diagnostics[0]!.severity).toBe('warning');
    expect(result.catalog).toBeDefined();
  });

  it('applies canon.yaml settings over the defaults', () => {
    const result = resolveUnchecked(
      baseFiles(),
      'project: p\ntime_zone: America/New_York\nfiscal_year_start_month: 2\nweek_start: sunday\nwarehouses:\n  local: { type: duckdb, path: x.duckdb }\nlint:\n  max_top_kpis_per_focus_area: 3\n',
    );
    expect(result.catalog!.project).toEqual({
      project: 'p',
      catalog: 'metrics',
      defaultWarehouse: 'local',
      warehouses: { local: { type: 'duckdb', settings: { path: 'x.duckdb' } } },
      timeZone: 'America/New_York',
      fiscalYearStartMonth: 2,
      weekStart: 'sunday',
      lint: { maxTopKpisPerFocusArea: 3, rules: {} },
    });
  });
});
