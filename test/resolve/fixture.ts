import { expect } from 'vitest';
import type { Catalog } from '../../compiler/catalog/types.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { loadProject } from '../../compiler/load/load-project.js';
import { resolveCatalog } from '../../compiler/resolve/resolve-catalog.js';
import { memorySource } from '../../compiler/source/fs-source.js';
import { projectFromYaml } from './project-from-yaml.js';

/**
 * A small, clean RevOps catalog: accounts <- opportunities <- pipeline_snapshots, accounts -> reps,
 * leads -> accounts. Join paths from pipeline_snapshots: opportunity (1 hop), account (2), rep (3).
 */
export const BASE_FILES: Readonly<Record<string, string>> = {
  'metrics/owners.yaml': `owners:
  - name: sales_ops
    label: Sales Operations
    kind: team
  - name: marketing_ops
    label: Marketing Operations
    kind: team
focus_areas:
  - name: pipeline_health
    label: Pipeline Health
    description: Enough pipeline, turning into revenue.
    owner: sales_ops
`,
  'metrics/models.yaml': `semantic_models:
  - name: accounts
    table: accounts
    entities:
      - { name: account, type: primary, expr: account_id }
      - { name: rep, type: foreign, expr: owner_rep_id }
    dimensions:
      - { name: segment, type: categorical }
      - { name: region, type: categorical }
      - { name: created_at, type: time, grain: day }
    measures:
      - { name: accounts_created, agg: count, expr: account_id }
  - name: opportunities
    table: opportunities
    default_time_dimension: created_at
    entities:
      - { name: opportunity, type: primary, expr: opportunity_id }
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: stage, type: categorical }
      - { name: opportunity_type, type: categorical }
      - { name: is_won, type: boolean }
      - { name: is_closed, type: boolean }
      - { name: created_at, type: time, grain: day }
      - { name: closed_at, type: time, grain: day }
    measures:
      - { name: opportunities_created, agg: count, expr: opportunity_id }
      - { name: deals_won_count, agg: count, expr: opportunity_id, filter: is_won, agg_time_dimension: closed_at }
      - { name: deals_closed_count, agg: count, expr: opportunity_id, filter: is_closed, agg_time_dimension: closed_at }
      - { name: won_amount, agg: sum, expr: amount, filter: is_won, unit: currency, agg_time_dimension: closed_at }
      - { name: deal_amount_p90, agg: percentile, percentile: 0.9, expr: amount, unit: currency }
      - { name: won_deals_flagged, agg: sum_boolean, expr: is_won }
  - name: reps
    table: reps
    entities:
      - { name: rep, type: primary, expr: rep_id }
    dimensions:
      - { name: team, type: categorical }
      - { name: hired_on, type: time, grain: day, data_type: date }
  - name: pipeline_snapshots
    table: pipeline_snapshots
    default_time_dimension: snapshot_date
    entities:
      - { name: opportunity, type: foreign, expr: opportunity_id }
    dimensions:
      - { name: snapshot_date, type: time, grain: day, data_type: date }
    measures:
      - name: open_pipeline
        agg: sum
        expr: amount
        unit: currency
        non_additive_dimension: { name: snapshot_date, window_choice: max }
  - name: leads
    table: leads
    default_time_dimension: created_at
    entities:
      - { name: lead, type: primary, expr: lead_id }
      - { name: account, type: foreign, expr: account_id }
    dimensions:
      - { name: created_at, type: time }
      - { name: source, type: categorical }
    measures:
      - { name: mqls, agg: count_distinct, expr: lead_id }
      - { name: sqls, agg: count_distinct, expr: lead_id, filter: "sql_at is not null" }
`,
  'metrics/kpis.yaml': `metrics:
  - name: deals_won
    description: Opportunities won, counted when they close.
    type: simple
    measure: deals_won_count
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    status: certified
  - name: deals_closed
    description: Opportunities closed, won or lost.
    type: simple
    measure: deals_closed_count
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    status: certified
  - name: win_rate
    description: Share of closed opportunities that were won.
    type: ratio
    numerator: deals_won
    denominator: deals_closed
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    unit: percent
    direction: higher_is_better
    targets: [{ period: fiscal_quarter, value: 0.25 }]
    thresholds:
      - { level: warning, below: 0.2 }
      - { level: critical, below: 0.15 }
    status: certified
  - name: new_business_win_rate
    description: Win rate of new-business opportunities only.
    type: ratio
    numerator: { metric: deals_won, filter: "opportunity_type = 'new_business'" }
    denominator: { metric: deals_closed, filter: "opportunity_type = 'new_business'" }
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    unit: ratio
  - name: won_revenue
    description: Amount of opportunities won.
    type: simple
    measure: won_amount
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
  - name: enterprise_won_revenue
    description: Amount won from enterprise accounts.
    type: simple
    measure: won_amount
    filter: "account.segment = 'enterprise'"
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
  - name: enterprise_team_pipeline
    description: Open pipeline owned by the enterprise sales team.
    type: simple
    measure: open_pipeline
    filter: "rep.team = 'enterprise' and stage_open"
    owner: sales_ops
    indicator: leading
    focus_areas: [pipeline_health]
  - name: revenue_growth
    description: Won revenue against the previous quarter.
    type: derived
    expr: "(won_revenue - lag(won_revenue, 1 quarter)) / lag(won_revenue, 1 quarter)"
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
    unit: percent
  - name: average_deal_size
    description: Won revenue per won deal.
    type: ratio
    numerator: won_revenue
    denominator: deals_won
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
  - name: won_revenue_qtd
    description: Won revenue so far this quarter.
    type: cumulative
    measure: won_amount
    grain_to_date: quarter
    owner: sales_ops
    indicator: lagging
    focus_areas: [pipeline_health]
  - name: trailing_deals_created
    description: Opportunities created over the trailing 90 days.
    type: cumulative
    measure: opportunities_created
    window: "90 days"
    owner: sales_ops
    indicator: leading
    focus_areas: [pipeline_health]
  - name: mql_to_sql
    description: Share of MQLs that become SQLs within 30 days.
    type: conversion
    entity: lead
    base_measure: mqls
    conversion_measure: sqls
    window: "30 days"
    owner: marketing_ops
    indicator: leading
    focus_areas: [pipeline_health]
    unit: percent
`,
};

/** A base model for enterprise_team_pipeline's filter that the fixture needs: an open-stage flag. */
const SNAPSHOT_FLAG = `      - { name: snapshot_date, type: time, grain: day, data_type: date }
      - { name: stage_open, type: boolean, expr: "stage not in ('closed_won', 'closed_lost')" }`;

export function baseFiles(): Record<string, string> {
  const files = { ...BASE_FILES };
  files['metrics/models.yaml'] = files['metrics/models.yaml']!.replace(
    '      - { name: snapshot_date, type: time, grain: day, data_type: date }',
    SNAPSHOT_FLAG,
  );
  return files;
}

/** Loads files through the real loader (schema included) and resolves them. */
export function resolveFiles(files: Readonly<Record<string, string>>) {
  const loaded = loadProject(memorySource(files));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  return resolveCatalog(loaded.project);
}

/** Resolves files without the schema check, for mistakes the schema would already refuse. */
export function resolveUnchecked(files: Readonly<Record<string, string>>, config?: string) {
  return resolveCatalog(projectFromYaml(files, config));
}

/** The base catalog, which must resolve cleanly. */
export function baseCatalog(extra: Readonly<Record<string, string>> = {}): Catalog {
  const result = resolveFiles({ ...baseFiles(), ...extra });
  expect(result.diagnostics.map(show)).toEqual([]);
  return result.catalog!;
}

/** `file:line:col code` for assertions. */
export function show(d: Diagnostic): string {
  return `${d.range?.file}:${d.range?.start.line}:${d.range?.start.col} ${d.code}`;
}

/** The diagnostics with a given code, shown as `file:line:col code`. */
export function located(diagnostics: readonly Diagnostic[], code: string): string[] {
  return diagnostics.filter((d) => d.code === code).map(show);
}
