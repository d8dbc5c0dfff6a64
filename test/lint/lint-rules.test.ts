import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { lintCatalog } from '../../compiler/lint/lint-catalog.js';
import { LINT_RULE_CODES, LINT_RULES } from '../../compiler/lint/lint-registry.js';
import { baseCatalog, baseFiles, resolveFiles, show } from '../resolve/fixture.js';

const CASE = 'metrics/z_case.yaml';

/** Lint diagnostics of the base catalog plus `metrics/z_case.yaml` (and an optional canon.yaml). */
function lintWith(text: string, config?: string): Diagnostic[] {
  const files: Record<string, string> = { ...baseFiles(), [CASE]: text };
  if (config !== undefined) files['canon.yaml'] = config;
  const resolved = resolveFiles(files);
  expect(resolved.diagnostics.map(show)).toEqual([]);
  return lintCatalog(resolved.catalog!);
}

function only(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found.map(show), `diagnostics: ${diagnostics.map(show).join(', ')}`).toHaveLength(1);
  return found[0]!;
}

function metric(name: string, lines: string): string {
  return `  - name: ${name}
    type: simple
    measure: won_amount
${lines}`;
}

const META = `    description: Some revenue.
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
`;

describe('lint rules', () => {
  it('the base catalog is lint-clean', () => {
    expect(lintCatalog(baseCatalog()).map(show)).toEqual([]);
  });

  it('every rule has a unique code and every diagnostic a range and a hint', () => {
    expect(new Set(LINT_RULE_CODES).size).toBe(LINT_RULES.length);
    const diagnostics = lintWith(`metrics:\n  - name: bare_metric\n    type: simple\n    measure: won_amount\n`);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.range, d.code).toBeDefined();
      expect(d.hint, d.code).toBeTruthy();
    }
  });

  it('missing-owner (error) points at the metric name', () => {
    const d = only(lintWith(`metrics:\n${metric('orphan_revenue', '    description: Revenue nobody owns.\n    indicator: lagging\n    focus_areas: [pipeline_health]\n')}`), 'missing-owner');
    expect(show(d)).toBe(`${CASE}:2:11 missing-owner`);
    expect(d.severity).toBe('error');
    expect(d.hint).toContain('sales_ops');
  });

  it('missing-description (error)', () => {
    const d = only(lintWith(`metrics:\n${metric('vague_revenue', '    owner: sales_ops\n    indicator: lagging\n    focus_areas: [pipeline_health]\n')}`), 'missing-description');
    expect(show(d)).toBe(`${CASE}:2:11 missing-description`);
    expect(d.severity).toBe('error');
  });

  it('too-many-top-kpis (warning) honours lint.max_top_kpis_per_focus_area', () => {
    const text = `metrics:\n${['k_one', 'k_two', 'k_three'].map((n) => metric(n, `${META}    top_kpi: true\n`)).join('')}`;
    expect(lintWith(text).filter((d) => d.code === 'too-many-top-kpis')).toEqual([]);
    const d = only(lintWith(text, 'project: p\nlint:\n  max_top_kpis_per_focus_area: 2\n'), 'too-many-top-kpis');
    expect(show(d)).toBe('metrics/owners.yaml:9:11 too-many-top-kpis');
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('3 top KPIs');
    expect(d.related?.map((r) => r.message)).toEqual(["top KPI 'k_one'", "top KPI 'k_three'", "top KPI 'k_two'"]);
  });

  it('focus-area-missing-leading and focus-area-missing-lagging (warnings)', () => {
    const text = `focus_areas:
  - name: retention
    owner: sales_ops
  - name: awareness
    owner: marketing_ops
metrics:
${metric('retained_revenue', '    description: Kept.\n    owner: sales_ops\n    indicator: lagging\n    focus_areas: [retention]\n')}${metric('site_visits', '    description: Visits.\n    owner: sales_ops\n    indicator: leading\n    focus_areas: [awareness]\n')}`;
    const diagnostics = lintWith(text);
    const leading = only(diagnostics, 'focus-area-missing-leading');
    expect(show(leading)).toBe(`${CASE}:2:11 focus-area-missing-leading`);
    const lagging = only(diagnostics, 'focus-area-missing-lagging');
    expect(show(lagging)).toBe(`${CASE}:4:11 focus-area-missing-lagging`);
    expect(leading.severity).toBe('warning');
  });

  it('threshold-direction (error): the side must match the direction', () => {
    const d = only(
      lintWith(`metrics:\n${metric('upside_down', `${META}    direction: higher_is_better\n    thresholds:\n      - { level: warning, above: 100 }\n`)}`),
      'threshold-direction',
    );
    expect(show(d)).toBe(`${CASE}:11:9 threshold-direction`);
    expect(d.severity).toBe('error');
    expect(d.hint).toContain('below');
  });

  it('threshold-direction (error): critical must be beyond warning', () => {
    const d = only(
      lintWith(`metrics:\n${metric('cost_like', `${META}    direction: lower_is_better\n    thresholds:\n      - { level: warning, above: 100 }\n      - { level: critical, above: 80 }\n`)}`),
      'threshold-direction',
    );
    expect(show(d)).toBe(`${CASE}:12:9 threshold-direction`);
    expect(d.message).toContain('critical');
  });

  it('target-direction (warning): a target inside the warning band', () => {
    const d = only(
      lintWith(`metrics:\n${metric('low_bar', `${META}    direction: higher_is_better\n    targets: [{ period: quarter, value: 50 }]\n    thresholds: [{ level: warning, below: 80 }]\n`)}`),
      'target-direction',
    );
    expect(show(d)).toBe(`${CASE}:10:15 target-direction`);
    expect(d.severity).toBe('warning');
  });

  it('certified-depends-on-draft (error) spells out the chain', () => {
    const text = `metrics:
  - name: certified_deal_size
    description: Average deal size, certified.
    type: derived
    expr: average_deal_size
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    status: certified
`;
    // average_deal_size (draft) -> won_revenue (draft): only the nearest uncertified metric is reported.
    const d = only(lintWith(text), 'certified-depends-on-draft');
    expect(show(d)).toBe(`${CASE}:9:13 certified-depends-on-draft`);
    expect(d.message).toContain('certified_deal_size -> average_deal_size');
    expect(d.message).not.toContain('won_revenue');
  });

  it('certified-depends-on-draft follows certified links to a deprecated metric', () => {
    const text = `metrics:
  - name: top_level
    description: Certified on top of certified on top of deprecated.
    type: derived
    expr: middle * 2
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    status: certified
  - name: middle
    description: Certified, but its input is deprecated.
    type: derived
    expr: old_revenue
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    status: certified
${metric('old_revenue', `${META}    status: deprecated\n`)}`;
    const diagnostics = lintWith(text).filter((d) => d.code === 'certified-depends-on-draft');
    expect(diagnostics.map((d) => d.message)).toEqual([
      "certified metric 'middle' depends on deprecated metric 'old_revenue' (middle -> old_revenue)",
      "certified metric 'top_level' depends on deprecated metric 'old_revenue' (top_level -> middle -> old_revenue)",
    ]);
  });

  it('duplicate-definition (warning): same measure and canonical filter under two names', () => {
    const text = `metrics:
  - name: nb_win_rate_copy
    description: The same as new_business_win_rate, written differently.
    type: ratio
    numerator: { metric: deals_won, filter: "opportunity_type='new_business'" }
    denominator: { metric: deals_closed, filter: "(opportunity_type = 'new_business')" }
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
`;
    const d = only(lintWith(text), 'duplicate-definition');
    expect(show(d)).toBe('metrics/kpis.yaml:33:11 duplicate-definition');
    expect(d.message).toBe("metric 'new_business_win_rate' has the same definition as 'nb_win_rate_copy'");
    expect(d.related?.[0]?.range?.file).toBe(CASE);
  });

  it('duplicate-definition sees through renamed ratio inputs', () => {
    const text = `metrics:
${metric('revenue_won_copy', META)}  - name: deal_size_copy
    description: Same as average_deal_size, over the copy.
    type: ratio
    numerator: revenue_won_copy
    denominator: deals_won
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
`;
    const found = lintWith(text).filter((d) => d.code === 'duplicate-definition');
    expect(found.map((d) => d.message)).toEqual([
      "metric 'deal_size_copy' has the same definition as 'average_deal_size'",
      "metric 'won_revenue' has the same definition as 'revenue_won_copy'",
    ]);
  });

  it('deprecated-in-use (warning) on the field that names it', () => {
    const text = `metrics:
${metric('legacy_revenue', `${META}    status: deprecated\n`)}  - name: legacy_share
    description: Uses a deprecated metric.
    type: ratio
    numerator: legacy_revenue
    denominator: won_revenue
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
`;
    const d = only(lintWith(text), 'deprecated-in-use');
    expect(show(d)).toBe(`${CASE}:13:16 deprecated-in-use`);
    expect(d.related?.[0]?.range?.start.line).toBe(9);
  });

  it('canon.yaml lint.rules overrides severity or turns a rule off', () => {
    const text = `metrics:\n${metric('orphan_revenue', '    description: Revenue nobody owns.\n    indicator: lagging\n    focus_areas: [pipeline_health]\n')}`;
    expect(only(lintWith(text, 'project: p\nlint:\n  rules:\n    missing-owner: warning\n'), 'missing-owner').severity).toBe('warning');
    expect(lintWith(text, 'project: p\nlint:\n  rules:\n    missing-owner: "off"\n').filter((d) => d.code === 'missing-owner')).toEqual([]);
  });

  it('is deterministic', () => {
    const text = `metrics:\n${metric('orphan_revenue', '    indicator: lagging\n')}`;
    expect(JSON.stringify(lintWith(text))).toBe(JSON.stringify(lintWith(text)));
  });
});
