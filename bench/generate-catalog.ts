/**
 * A large synthetic catalog, made in memory, for the compile benchmark: `models` semantic models in
 * a chain of joins (each model's rows point at an account), `metrics` metrics spread over the five
 * metric types the way a real library is (mostly simple, then ratio and derived), every one with
 * full KPI metadata so lint does real work. Deterministic: the same sizes give the same files.
 */
export function generateCatalog(options: { models: number; metrics: number }): Record<string, string> {
  const files: Record<string, string> = {};
  files['canon.yaml'] = 'project: generated\ntime_zone: UTC\nfiscal_year_start_month: 2\n';
  const owners = Array.from({ length: 10 }, (_, i) => `team_${i}`);
  const areas = ['pipeline_health', 'acquisition', 'retention', 'efficiency', 'experience'];
  files['metrics/owners.yaml'] = `owners:\n${owners.map((o) => `  - { name: ${o}, label: Team ${o}, kind: team }\n`).join('')}`;
  files['metrics/focus_areas.yaml'] = `focus_areas:\n${areas.map((a, i) => `  - { name: ${a}, label: ${a}, description: Focus area ${a}., owner: ${owners[i]} }\n`).join('')}`;

  files['metrics/models/accounts.yaml'] = [
    'semantic_models:',
    '  - name: accounts',
    '    table: accounts',
    '    entities: [{ name: account, type: primary, expr: account_id }]',
    '    dimensions:',
    '      - { name: segment, type: categorical }',
    '      - { name: region, type: categorical }',
    '',
  ].join('\n');

  const measuresPerModel = 5;
  const measures: string[] = [];
  const modelsPerFile = 10;
  for (let start = 0; start < options.models; start += modelsPerFile) {
    const lines = ['semantic_models:'];
    for (let m = start; m < Math.min(options.models, start + modelsPerFile); m++) {
      lines.push(
        `  - name: model_${m}`,
        `    description: Generated model ${m}.`,
        `    table: fact_${m}`,
        '    default_time_dimension: created_at',
        '    entities:',
        `      - { name: row_${m}, type: primary, expr: id }`,
        '      - { name: account, type: foreign, expr: account_id }',
        '    dimensions:',
        '      - { name: created_at, type: time, grain: day }',
        '      - { name: stage, type: categorical }',
        '      - { name: is_won, type: boolean }',
        '    measures:',
      );
      for (let k = 0; k < measuresPerModel; k++) {
        const name = `m${m}_measure_${k}`;
        measures.push(name);
        const agg = k === 0 ? 'count' : 'sum';
        const unit = k === 0 ? 'count' : 'currency';
        lines.push(`      - { name: ${name}, agg: ${agg}, expr: amount_${k}, unit: ${unit}${k === 2 ? ', filter: "is_won"' : ''} }`);
      }
    }
    files[`metrics/models/models_${String(start / modelsPerFile).padStart(3, '0')}.yaml`] = `${lines.join('\n')}\n`;
  }

  const metricsPerFile = 100;
  const simpleNames: string[] = [];
  const currencyNames: string[] = [];
  for (let start = 0; start < options.metrics; start += metricsPerFile) {
    const lines = ['metrics:'];
    for (let i = start; i < Math.min(options.metrics, start + metricsPerFile); i++) {
      const name = `metric_${i}`;
      const kind = i % 20;
      const owner = owners[i % owners.length]!;
      const area = areas[i % areas.length]!;
      const measure = measures[i % measures.length]!;
      const count = measures[(i - (i % measuresPerModel)) % measures.length]!; // the count measure of the same model
      let body: string[];
      let unit = 'currency';
      if (kind < 12 || currencyNames.length < 2) {
        // A distinct filter per metric so duplicate-definition lint finds no copies.
        body = ['    type: simple', `    measure: ${measure}`, `    filter: "stage = 'stage_${i}' or account.segment = 'seg_${i}'"`];
        if (measure === count) unit = 'count';
        simpleNames.push(name);
        if (unit === 'currency') currencyNames.push(name);
      } else if (kind < 15) {
        // Currency over currency, so the declared unit (ratio) is what the definition computes.
        const a = currencyNames[currencyNames.length - 1]!;
        const b = currencyNames[currencyNames.length - 2]!;
        body = ['    type: ratio', `    numerator: ${a}`, `    denominator: { metric: ${b}, filter: "stage != 'lost_${i}'" }`];
        unit = 'ratio';
      } else if (kind < 19) {
        const a = currencyNames[(i * 7) % currencyNames.length]!;
        body = ['    type: derived', `    expr: "(${a} - lag(${a}, 1 quarter)) / nullif(lag(${a}, 1 quarter), 0) + ${i} * 0"`];
        unit = 'ratio';
      } else {
        body = ['    type: cumulative', `    measure: ${measure}`, `    window: "${(i % 12) + 1} months"`];
        if (measure === count) unit = 'count';
      }
      lines.push(
        `  - name: ${name}`,
        `    label: Metric ${i}`,
        `    description: Generated metric ${i} of kind ${kind}.`,
        ...body,
        `    owner: ${owner}`,
        `    indicator: ${i % 3 === 0 ? 'leading' : 'lagging'}`,
        `    focus_areas: [${area}]`,
        `    unit: ${unit}`,
        '    direction: higher_is_better',
        '    cadence: monthly',
        '    status: draft',
      );
    }
    files[`metrics/kpis/kpis_${String(start / metricsPerFile).padStart(3, '0')}.yaml`] = `${lines.join('\n')}\n`;
  }
  return files;
}
