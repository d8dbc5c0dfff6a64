import { describe, expect, it } from 'vitest';
import {
  inputMetric,
  readCatalog,
  readProjectConfig,
  type RawMetric,
  type RawModel,
} from './catalog-files.js';
import { bareIdentifiers, identifierPaths } from './expression-identifiers.js';
import { readWarehouseTables } from './warehouse-tables.js';

/**
 * Facts about the starter catalog (canon.yaml + metrics/) that a JSON Schema cannot state: names
 * unique across files, references that resolve, columns that exist in the sample warehouse, and
 * the KPI framework of the seeds (top KPIs per focus area, leading/lagging balance, thresholds).
 */

const catalog = readCatalog();
const warehouse = readWarehouseTables();

const modelsByName = new Map(catalog.models.map((m) => [m.name, m]));
const metricsByName = new Map(catalog.metrics.map((m) => [m.name, m]));
const measureModel = new Map(
  catalog.models.flatMap((model) => (model.measures ?? []).map((measure) => [measure.name, model] as const)),
);
const measures = new Map(catalog.models.flatMap((m) => (m.measures ?? []).map((x) => [x.name, x] as const)));

/** The focus areas of seed 000 and their top KPIs, by the seed's own KPI names (= metric labels). */
const SEED_TOP_KPIS: Readonly<Record<string, readonly string[]>> = {
  pipeline_health: ['Pipeline Value Growth', 'Win Rate', 'Revenue Growth', 'Average Deal Size', 'Sales Velocity'],
  retention_expansion: [
    'Net Revenue Retention',
    'Customer Retention Rate',
    'Expansion Revenue',
    'Churn Risk Score',
    'Expansion Activation Rate',
  ],
  gtm_efficiency: ['Conversion Rate', 'Activation Rate', 'Deal Velocity', 'Time to First Value', 'Trial Sign-Up Rate'],
  acquisition_funnel: [
    'Product Qualified Leads',
    'Trial Sign-Up Rate',
    'Conversion Rate',
    'Lead Quality Score',
    'Activation Rate',
  ],
  customer_experience: [
    'Customer Engagement Score',
    'Customer Churn Rate',
    'Customer Satisfaction Score',
    'Churn Risk Score',
    'Customer Health Score',
  ],
};

/** Other KPIs the brief asks the starter catalog to carry, by metric name. */
const REQUIRED_METRICS = [
  'pipeline_coverage', 'magic_number', 'gross_revenue_retention', 'net_revenue_retention',
  'customer_acquisition_cost', 'cac_payback_months', 'ltv_to_cac', 'mql_to_sql_conversion',
  'sql_to_opportunity_conversion', 'sales_cycle_length', 'quota_attainment', 'forecast_accuracy',
  'renewal_rate', 'customer_churn_rate', 'revenue_churn_rate', 'arr', 'mrr', 'net_promoter_score',
  'cost_per_lead', 'marketing_sourced_pipeline',
];

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup].sort();
}

/** Metrics a metric is built from (one level). */
function metricDependencies(metric: RawMetric): string[] {
  switch (metric.type) {
    case 'ratio':
      return [inputMetric(metric.numerator), inputMetric(metric.denominator)].filter(
        (n): n is string => n !== undefined,
      );
    case 'derived':
      return bareIdentifiers(metric.expr ?? '');
    default:
      return [];
  }
}

function timeDimensionNames(model: RawModel): Set<string> {
  return new Set((model.dimensions ?? []).filter((d) => d.type === 'time').map((d) => d.name));
}

/** The rows a metric's definition boils down to; two metrics with the same key define the same thing. */
function definitionKey(metric: RawMetric): string {
  const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  const side = (input: RawMetric['numerator']): string =>
    typeof input === 'string' ? input : `${input?.metric}|${norm(input?.filter)}`;
  switch (metric.type) {
    case 'simple':
      return `simple|${metric.measure}|${norm(metric.filter)}`;
    case 'ratio':
      return `ratio|${side(metric.numerator)}|${side(metric.denominator)}`;
    case 'derived':
      return `derived|${norm(metric.expr).replace(/\s/g, '')}`;
    case 'cumulative':
      return `cumulative|${metric.measure}|${norm(metric.filter)}|${norm(metric.window)}|${metric.grain_to_date ?? ''}`;
    case 'conversion':
      return `conversion|${metric.entity}|${metric.base_measure}|${metric.conversion_measure}|${norm(metric.window)}`;
    default:
      return `${metric.type}|${metric.name}`;
  }
}

describe('canon.yaml', () => {
  const config = readProjectConfig();

  it('holds the sample project settings', () => {
    expect(config).toMatchObject({
      project: 'revops_sample',
      catalog: 'metrics',
      default_warehouse: 'local',
      time_zone: 'America/Los_Angeles',
      fiscal_year_start_month: 2,
      week_start: 'monday',
      lint: { max_top_kpis_per_focus_area: 5 },
    });
  });

  it('configures the four test engines, with secrets only by environment variable name', () => {
    const warehouses = config['warehouses'] as Record<string, Record<string, unknown>>;
    expect(warehouses['local']).toEqual({ type: 'duckdb', path: '.canon/sample.duckdb' });
    expect(warehouses['sqlite']).toEqual({ type: 'sqlite', path: '.canon/sample.sqlite' });
    expect(warehouses['postgres']).toMatchObject({
      type: 'postgres', host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres',
      password_env: 'CANON_PG_PASSWORD', schema: 'canon_sample',
    });
    expect(warehouses['mysql']).toMatchObject({
      type: 'mysql', host: '127.0.0.1', port: 3306, database: 'canon_sample', user: 'root',
      password_env: 'CANON_MYSQL_PASSWORD',
    });
    for (const settings of Object.values(warehouses)) expect(settings).not.toHaveProperty('password');
    expect(Object.keys(warehouses)).toContain(config['default_warehouse']);
  });
});

describe('names', () => {
  it('are unique per kind across all catalog files', () => {
    expect(duplicates(catalog.models.map((m) => m.name))).toEqual([]);
    expect(duplicates(catalog.metrics.map((m) => m.name))).toEqual([]);
    expect(duplicates(catalog.owners.map((o) => o.name))).toEqual([]);
    expect(duplicates(catalog.focusAreas.map((f) => f.name))).toEqual([]);
    expect(duplicates(catalog.models.flatMap((m) => (m.measures ?? []).map((x) => x.name)))).toEqual([]);
  });

  it('of entities and dimensions are unique within their model', () => {
    for (const model of catalog.models) {
      expect(duplicates((model.entities ?? []).map((e) => e.name)), model.name).toEqual([]);
      expect(duplicates((model.dimensions ?? []).map((d) => d.name)), model.name).toEqual([]);
    }
  });

  it('are snake_case and at most 63 characters', () => {
    const all = [
      ...catalog.models.flatMap((m) => [
        m.name,
        ...(m.entities ?? []).map((e) => e.name),
        ...(m.dimensions ?? []).map((d) => d.name),
        ...(m.measures ?? []).map((x) => x.name),
      ]),
      ...catalog.metrics.map((m) => m.name),
      ...catalog.owners.map((o) => o.name),
      ...catalog.focusAreas.map((f) => f.name),
    ];
    for (const name of all) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('semantic models', () => {
  it('cover every table of the sample warehouse, one model per table', () => {
    const tables = catalog.models.map((m) => m.table).filter((t): t is string => t !== undefined);
    expect(duplicates(tables)).toEqual([]);
    expect([...tables].sort()).toEqual([...warehouse.keys()].sort());
  });

  it('reference only columns that the warehouse table has', () => {
    for (const model of catalog.models) {
      const columns = new Set((warehouse.get(model.table ?? '') ?? []).map((c) => c.name));
      expect(columns.size, `${model.name}: table ${model.table} not in docs/sample-warehouse.md`).toBeGreaterThan(0);
      const dimensionNames = new Set((model.dimensions ?? []).map((d) => d.name));
      const columnRefs: { where: string; expr: string; dimensionsVisible: boolean }[] = [
        ...(model.entities ?? []).map((e) => ({ where: `entity ${e.name}`, expr: e.expr ?? e.name, dimensionsVisible: false })),
        ...(model.dimensions ?? []).map((d) => ({ where: `dimension ${d.name}`, expr: d.expr ?? d.name, dimensionsVisible: false })),
        ...(model.measures ?? []).flatMap((x) => [
          ...(x.expr ? [{ where: `measure ${x.name}`, expr: x.expr, dimensionsVisible: true }] : []),
          ...(x.filter ? [{ where: `measure ${x.name} filter`, expr: x.filter, dimensionsVisible: true }] : []),
        ]),
      ];
      for (const ref of columnRefs) {
        for (const path of identifierPaths(ref.expr)) {
          expect(path.length, `${model.name} ${ref.where}: '${path.join('.')}' must be a column`).toBe(1);
          const name = path[0]!;
          const known = columns.has(name) || (ref.dimensionsVisible && dimensionNames.has(name));
          expect(known, `${model.name} ${ref.where}: no column '${name}' in ${model.table}`).toBe(true);
        }
      }
    }
  });

  it('declare time dimensions with a grain and the data_type of their column', () => {
    for (const model of catalog.models) {
      const columns = new Map((warehouse.get(model.table ?? '') ?? []).map((c) => [c.name, c.type]));
      for (const dim of (model.dimensions ?? []).filter((d) => d.type === 'time')) {
        expect(dim.grain, `${model.name}.${dim.name}`).toMatch(/^(day|week|month|quarter|year)$/);
        const columnType = columns.get(dim.expr ?? dim.name);
        expect(dim.data_type, `${model.name}.${dim.name} over a ${columnType} column`).toBe(columnType);
      }
    }
  });

  it('bucket measures by a time dimension of their own model', () => {
    for (const model of catalog.models) {
      const times = timeDimensionNames(model);
      if (model.default_time_dimension) expect(times.has(model.default_time_dimension), model.name).toBe(true);
      for (const measure of model.measures ?? []) {
        const bucket = measure.agg_time_dimension ?? model.default_time_dimension;
        expect(bucket && times.has(bucket), `${model.name}.${measure.name} has no time dimension`).toBe(true);
        if (measure.non_additive_dimension) {
          expect(times.has(measure.non_additive_dimension.name), `${measure.name} non_additive_dimension`).toBe(true);
        }
      }
    }
  });

  it('give every measure a unit, and sum_boolean / count measures count', () => {
    for (const measure of measures.values()) {
      expect(measure.unit, measure.name).toBeDefined();
      if (measure.agg === 'sum_boolean' || measure.agg === 'count' || measure.agg === 'count_distinct') {
        expect(measure.unit, measure.name).toBe('count');
      }
    }
  });

  it('treat balances as semi-additive: pipeline, ARR, customers and health scores', () => {
    const semiAdditive = (model: string): string[] =>
      (modelsByName.get(model)?.measures ?? []).filter((m) => m.non_additive_dimension).map((m) => m.name);
    for (const model of ['pipeline_snapshots', 'arr_snapshots', 'account_health']) {
      expect(semiAdditive(model), model).toEqual((modelsByName.get(model)?.measures ?? []).map((m) => m.name));
    }
    expect(measures.get('open_pipeline_amount')?.non_additive_dimension?.window_choice).toBe('max');
    expect(measures.get('arr_balance')?.non_additive_dimension?.window_choice).toBe('max');
    expect(measures.get('customer_balance')?.non_additive_dimension?.window_choice).toBe('max');
    expect(measures.get('health_score_avg')?.non_additive_dimension?.window_choice).toBe('max');
  });

  it('name foreign keys after an entity some model holds as primary, so joins resolve', () => {
    const keyed = new Set(
      catalog.models.flatMap((m) => (m.entities ?? []).filter((e) => e.type !== 'foreign').map((e) => e.name)),
    );
    for (const model of catalog.models) {
      for (const entity of (model.entities ?? []).filter((e) => e.type === 'foreign')) {
        expect(keyed.has(entity.name), `${model.name}: foreign entity ${entity.name} has no primary`).toBe(true);
      }
      expect((model.entities ?? []).filter((e) => e.type === 'primary').length).toBeLessThanOrEqual(1);
    }
    for (const entity of ['account', 'opportunity', 'lead', 'rep', 'trial']) expect(keyed.has(entity)).toBe(true);
  });
});

describe('metrics', () => {
  it('number at least 45 and use all five metric types', () => {
    expect(catalog.metrics.length).toBeGreaterThanOrEqual(45);
    expect(new Set(catalog.metrics.map((m) => m.type))).toEqual(
      new Set(['simple', 'ratio', 'derived', 'cumulative', 'conversion']),
    );
    const cumulative = catalog.metrics.filter((m) => m.type === 'cumulative');
    expect(cumulative.some((m) => m.grain_to_date)).toBe(true);
    expect(cumulative.some((m) => m.window)).toBe(true);
    const derived = catalog.metrics.filter((m) => m.type === 'derived').map((m) => m.expr ?? '');
    expect(derived.some((e) => /lag\([^)]*1 quarter\)/.test(e))).toBe(true);
    expect(derived.some((e) => /lag\([^)]*1 year\)/.test(e))).toBe(true);
  });

  it('reference measures, metrics and entities that exist', () => {
    for (const metric of catalog.metrics) {
      const where = `${metric.file}: ${metric.name}`;
      switch (metric.type) {
        case 'simple':
        case 'cumulative':
          expect(measures.has(metric.measure ?? ''), `${where}: measure ${metric.measure}`).toBe(true);
          break;
        case 'ratio':
          for (const side of [metric.numerator, metric.denominator]) {
            expect(metricsByName.has(inputMetric(side) ?? ''), `${where}: ${inputMetric(side)}`).toBe(true);
          }
          break;
        case 'derived':
          for (const name of metricDependencies(metric)) {
            expect(metricsByName.has(name), `${where}: unknown metric ${name}`).toBe(true);
          }
          break;
        case 'conversion':
          for (const measure of [metric.base_measure, metric.conversion_measure]) {
            const model = measureModel.get(measure ?? '');
            expect(model, `${where}: measure ${measure}`).toBeDefined();
            const entities = (model?.entities ?? []).map((e) => e.name);
            expect(entities, `${where}: ${model?.name} lacks entity ${metric.entity}`).toContain(metric.entity);
          }
          break;
        default:
          throw new Error(`${where}: unknown metric type ${metric.type}`);
      }
    }
  });

  it('filter on dimensions that exist (entity.dimension paths)', () => {
    const filters = catalog.metrics.flatMap((m) => [
      ...(m.filter ? [m.filter] : []),
      ...[m.numerator, m.denominator].flatMap((s) => (typeof s === 'object' && s.filter ? [s.filter] : [])),
    ]);
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) {
      for (const path of identifierPaths(filter)) {
        expect(path.length, filter).toBe(2);
        const [entity, dimension] = path as [string, string];
        const found = catalog.models.some(
          (model) =>
            (model.entities ?? []).some((e) => e.name === entity && e.type !== 'foreign') &&
            (model.dimensions ?? []).some((d) => d.name === dimension),
        );
        expect(found, `${filter}: ${entity}.${dimension}`).toBe(true);
      }
    }
  });

  it('carry complete KPI metadata with owners and focus areas that exist', () => {
    const owners = new Set(catalog.owners.map((o) => o.name));
    const focusAreas = new Set(catalog.focusAreas.map((f) => f.name));
    for (const m of catalog.metrics) {
      const where = m.name;
      expect(m.label, where).toBeTruthy();
      expect((m.description ?? '').length, where).toBeGreaterThan(20);
      expect(owners.has(m.owner ?? ''), `${where}: owner ${m.owner}`).toBe(true);
      expect(['leading', 'lagging'], where).toContain(m.indicator);
      expect((m.focus_areas ?? []).length, where).toBeGreaterThan(0);
      for (const area of m.focus_areas ?? []) expect(focusAreas.has(area), `${where}: ${area}`).toBe(true);
      expect(['awareness', 'acquisition', 'activation', 'retention', 'expansion'], where).toContain(m.stage);
      expect(['weekly', 'biweekly', 'monthly', 'quarterly'], where).toContain(m.cadence);
      expect((m.audience ?? []).length, where).toBeGreaterThan(0);
      expect(['currency', 'percent', 'ratio', 'count', 'days', 'number'], where).toContain(m.unit);
      expect(['draft', 'certified', 'deprecated'], where).toContain(m.status);
      expect(m.version, where).toBe(1);
    }
    for (const area of catalog.focusAreas) {
      expect(owners.has(area.owner ?? ''), `${area.name}: owner ${area.owner}`).toBe(true);
    }
  });

  it('are mostly certified, with a few drafts', () => {
    const drafts = catalog.metrics.filter((m) => m.status === 'draft');
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.length).toBeLessThan(catalog.metrics.length / 5);
  });

  it('never let a certified metric depend on a draft or deprecated one', () => {
    for (const metric of catalog.metrics.filter((m) => m.status === 'certified')) {
      for (const dep of metricDependencies(metric)) {
        expect(metricsByName.get(dep)?.status, `${metric.name} uses ${dep}`).toBe('certified');
      }
    }
  });

  it('do not define the same thing twice under different names', () => {
    const keys = catalog.metrics.map(definitionKey);
    const dup = duplicates(keys);
    expect(dup, catalog.metrics.filter((m) => dup.includes(definitionKey(m))).map((m) => m.name).join(', ')).toEqual([]);
  });

  it('state the unit of their measure, and ratios obey the unit algebra', () => {
    const fraction = new Set(['ratio', 'percent']);
    for (const metric of catalog.metrics) {
      if (metric.type === 'simple' || metric.type === 'cumulative') {
        expect(metric.unit, metric.name).toBe(measures.get(metric.measure ?? '')?.unit);
      }
      if (metric.type === 'conversion') expect(fraction.has(metric.unit ?? ''), metric.name).toBe(true);
      if (metric.type === 'ratio') {
        const top = metricsByName.get(inputMetric(metric.numerator) ?? '')?.unit;
        const bottom = metricsByName.get(inputMetric(metric.denominator) ?? '')?.unit;
        const expected = top === bottom ? 'ratio' : top === 'currency' && bottom === 'count' ? 'currency' : undefined;
        expect(expected, `${metric.name}: ${top} / ${bottom}`).toBeDefined();
        if (expected === 'ratio') expect(fraction.has(metric.unit ?? ''), metric.name).toBe(true);
        else expect(metric.unit, metric.name).toBe(expected);
      }
    }
  });

  it('have thresholds that agree with their direction, critical beyond warning', () => {
    const withThresholds = catalog.metrics.filter((m) => (m.thresholds ?? []).length > 0);
    expect(withThresholds.map((m) => m.name)).toEqual(expect.arrayContaining(['pipeline_coverage', 'magic_number']));
    for (const metric of withThresholds) {
      const side = metric.direction === 'higher_is_better' ? 'below' : 'above';
      for (const t of metric.thresholds ?? []) expect(t[side], `${metric.name} ${t.level}`).toBeTypeOf('number');
      const warning = metric.thresholds?.find((t) => t.level === 'warning')?.[side];
      const critical = metric.thresholds?.find((t) => t.level === 'critical')?.[side];
      if (warning !== undefined && critical !== undefined) {
        if (side === 'below') expect(critical, metric.name).toBeLessThan(warning);
        else expect(critical, metric.name).toBeGreaterThan(warning);
      }
    }
    const coverage = metricsByName.get('pipeline_coverage');
    expect(coverage?.thresholds).toContainEqual({ level: 'warning', below: 2.5 });
    expect(coverage?.targets?.[0]?.value).toBe(4);
    const magic = metricsByName.get('magic_number');
    expect(magic?.thresholds).toContainEqual({ level: 'warning', below: 0.75 });
    expect(magic?.targets?.[0]?.value).toBe(1);
  });

  it('include the other KPIs the RevOps seeds call for', () => {
    for (const name of REQUIRED_METRICS) expect(metricsByName.has(name), name).toBe(true);
    expect(metricsByName.get('mql_to_sql_conversion')).toMatchObject({ type: 'conversion', entity: 'lead', window: '30 days' });
    expect(metricsByName.get('activation_rate')).toMatchObject({ type: 'conversion', entity: 'trial', window: '14 days' });
    expect(metricsByName.get('net_promoter_score')?.type).toBe('derived');
  });
});

describe('focus areas and top KPIs', () => {
  const maxTop = (readProjectConfig()['lint'] as { max_top_kpis_per_focus_area: number }).max_top_kpis_per_focus_area;

  it('are the five focus areas of the seed', () => {
    expect(catalog.focusAreas.map((f) => f.name).sort()).toEqual(Object.keys(SEED_TOP_KPIS).sort());
  });

  it('mark exactly the seed top KPIs, in their focus areas', () => {
    const byLabel = new Map(catalog.metrics.map((m) => [m.label, m]));
    const expectedTop = new Set<string>();
    for (const [area, labels] of Object.entries(SEED_TOP_KPIS)) {
      for (const label of labels) {
        const metric = byLabel.get(label);
        expect(metric, `seed top KPI '${label}' missing`).toBeDefined();
        expect(metric?.top_kpi, label).toBe(true);
        expect(metric?.focus_areas, label).toContain(area);
        expectedTop.add(metric!.name);
      }
    }
    const marked = catalog.metrics.filter((m) => m.top_kpi).map((m) => m.name);
    expect(new Set(marked)).toEqual(expectedTop);
  });

  it(`have at most the configured number of top KPIs each`, () => {
    for (const area of catalog.focusAreas) {
      const top = catalog.metrics.filter((m) => m.top_kpi && (m.focus_areas ?? []).includes(area.name));
      expect(top.length, area.name).toBeLessThanOrEqual(maxTop);
    }
  });

  it('balance leading and lagging indicators in every focus area', () => {
    for (const area of catalog.focusAreas) {
      const indicators = new Set(
        catalog.metrics.filter((m) => (m.focus_areas ?? []).includes(area.name)).map((m) => m.indicator),
      );
      expect(indicators, area.name).toEqual(new Set(['leading', 'lagging']));
    }
  });
});
