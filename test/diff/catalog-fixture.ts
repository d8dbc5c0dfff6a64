import type { Catalog, Measure, Metric, SemanticModel } from '../../compiler/catalog/types.js';
import type { Expr } from '../../compiler/expr/ast.js';

/** Hand-built catalogs for diff tests: the compiler's output shape without running the compiler. */
export const col = (name: string): Expr => ({ kind: 'column', name });
export const dim = (name: string, model = 'opportunities'): Expr => ({ kind: 'dimension', model, name, entityPath: [] });
export const str = (value: string): Expr => ({ kind: 'literal', literalType: 'string', value });
export const eq = (left: Expr, right: Expr): Expr => ({ kind: 'binary', op: '=', left, right });
export const metricRef = (name: string): Expr => ({ kind: 'metric', name });

const meta = {
  label: 'A KPI',
  description: 'What it measures.',
  owner: 'sales_ops',
  indicator: 'lagging' as const,
  focusAreas: ['pipeline_health'],
  topKpi: false,
  audience: [],
  unit: 'count' as const,
  targets: [],
  thresholds: [],
  status: 'certified' as const,
  version: 1,
  tags: [],
};

export function simple(name: string, measure: string, extra: Partial<Metric> = {}): Metric {
  return { ...meta, name, type: 'simple', measure, filter: null, ...extra } as Metric;
}

export function ratio(name: string, numerator: string, denominator: string, extra: Partial<Metric> = {}): Metric {
  return {
    ...meta,
    name,
    type: 'ratio',
    unit: 'percent',
    numerator: { metric: numerator, filter: null },
    denominator: { metric: denominator, filter: null },
    ...extra,
  } as Metric;
}

export function measure(name: string, extra: Partial<Measure> = {}): Measure {
  return { name, model: 'opportunities', label: name, description: '', agg: 'count', expr: col('opportunity_id'), filter: null, unit: 'count', ...extra };
}

export function model(measures: Measure[], extra: Partial<SemanticModel> = {}): SemanticModel {
  return {
    name: 'opportunities',
    label: 'Opportunities',
    description: '',
    table: 'opportunities',
    defaultTimeDimension: 'created_at',
    entities: [{ name: 'opportunity', type: 'primary', expr: col('opportunity_id') }],
    dimensions: [
      { name: 'stage', model: 'opportunities', type: 'categorical', label: 'Stage', description: '', expr: col('stage') },
      { name: 'created_at', model: 'opportunities', type: 'time', label: 'Created', description: '', expr: col('created_at'), grain: 'day', dataType: 'timestamp' },
    ],
    measures,
    ...extra,
  };
}

export function catalog(metrics: Metric[], models: SemanticModel[] = [model([measure('opps'), measure('won')])]): Catalog {
  const measureIndex: Record<string, string> = {};
  for (const m of models) for (const ms of m.measures) measureIndex[ms.name] = m.name;
  return {
    version: 'test',
    project: {
      project: 'test',
      catalog: 'metrics',
      defaultWarehouse: 'local',
      warehouses: {},
      timeZone: 'UTC',
      fiscalYearStartMonth: 1,
      weekStart: 'monday',
      lint: { maxTopKpisPerFocusArea: 5, rules: {} },
    },
    models: Object.fromEntries(models.map((m) => [m.name, m])),
    metrics: Object.fromEntries(metrics.map((m) => [m.name, m])),
    owners: {},
    focusAreas: {},
    measureIndex,
  };
}
