import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';

/** `file:line:col code` for compact assertions. */
export function at(d: Diagnostic): string {
  return d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col} ${d.code}` : `- ${d.code}`;
}

export const PROJECT = 'project: demo\n';

export const VALID_CATALOG = `semantic_models:
  - name: opportunities
    table: opportunities
    default_time_dimension: created_at
    entities:
      - { name: opportunity, type: primary, expr: opportunity_id }
    dimensions:
      - { name: created_at, type: time, grain: day }
      - { name: is_won, type: boolean }
    measures:
      - { name: deals_won_count, agg: count, filter: "is_won", unit: count }
metrics:
  - name: deals_won
    description: Deals won.
    type: simple
    measure: deals_won_count
    owner: sales_ops
    focus_areas: [pipeline_health]
    unit: count
owners:
  - { name: sales_ops, label: Sales Ops, kind: team }
focus_areas:
  - { name: pipeline_health, label: Pipeline health, owner: sales_ops }
`;
