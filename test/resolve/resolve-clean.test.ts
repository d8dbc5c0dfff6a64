import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../compiler/catalog/types.js';
import { baseCatalog, baseFiles, resolveFiles } from './fixture.js';

function refsIn(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const own = (value as { kind?: unknown }).kind === 'ref' ? [path] : [];
    return [...own, ...Object.entries(value).flatMap(([k, v]) => refsIn(v, `${path}.${k}`))];
  }
  return [];
}

describe('resolveCatalog on a clean project', () => {
  const catalog: Catalog = baseCatalog();

  it('resolves every expression: no ref node anywhere', () => {
    expect(refsIn(catalog)).toEqual([]);
  });

  it('applies project defaults when there is no canon.yaml', () => {
    expect(catalog.project).toMatchObject({
      catalog: 'metrics',
      timeZone: 'UTC',
      fiscalYearStartMonth: 1,
      weekStart: 'monday',
      lint: { maxTopKpisPerFocusArea: 5, rules: {} },
    });
  });

  it('keeps records sorted by name and indexes measures by model', () => {
    expect(Object.keys(catalog.models)).toEqual(['accounts', 'leads', 'opportunities', 'pipeline_snapshots', 'reps']);
    expect(Object.keys(catalog.metrics)).toEqual([...Object.keys(catalog.metrics)].sort());
    expect(catalog.measureIndex['won_amount']).toBe('opportunities');
    expect(catalog.measureIndex['open_pipeline']).toBe('pipeline_snapshots');
  });

  it('resolves a measure filter naming a dimension of its model to that dimension', () => {
    const measure = catalog.models['opportunities']!.measures.find((m) => m.name === 'won_amount')!;
    expect(measure.filter).toMatchObject({ kind: 'dimension', model: 'opportunities', name: 'is_won', entityPath: [] });
    expect(measure.expr).toMatchObject({ kind: 'column', name: 'amount' });
    expect(measure.aggTimeDimension).toBe('closed_at');
  });

  it('defaults measure units from the aggregation and time dimensions from the model', () => {
    const opportunities = catalog.models['opportunities']!;
    expect(opportunities.measures.find((m) => m.name === 'opportunities_created')).toMatchObject({ unit: 'count', aggTimeDimension: 'created_at' });
    expect(opportunities.measures.find((m) => m.name === 'won_deals_flagged')!.unit).toBe('count');
    expect(opportunities.dimensions.find((d) => d.name === 'created_at')).toMatchObject({ grain: 'day', dataType: 'timestamp' });
    expect(catalog.models['pipeline_snapshots']!.measures[0]!.nonAdditive).toEqual({ dimension: 'snapshot_date', windowChoice: 'max' });
  });

  it('resolves metric filters across joins with the entity path', () => {
    const enterprise = catalog.metrics['enterprise_won_revenue']!;
    expect(enterprise.type === 'simple' && enterprise.filter).toMatchObject({
      kind: 'binary',
      left: { kind: 'dimension', model: 'accounts', name: 'segment', entityPath: ['account'] },
    });
    const team = catalog.metrics['enterprise_team_pipeline']!;
    // pipeline_snapshots -> opportunities -> accounts -> reps: three hops.
    expect(team.type === 'simple' && team.filter).toMatchObject({
      kind: 'binary',
      op: 'and',
      left: { left: { kind: 'dimension', model: 'reps', name: 'team', entityPath: ['opportunity', 'account', 'rep'] } },
      right: { kind: 'dimension', model: 'pipeline_snapshots', name: 'stage_open', entityPath: [] },
    });
  });

  it('resolves ratio input filters on the input metric model', () => {
    const m = catalog.metrics['new_business_win_rate']!;
    expect(m.type).toBe('ratio');
    if (m.type !== 'ratio') return;
    expect(m.numerator).toMatchObject({ metric: 'deals_won', filter: { left: { kind: 'dimension', model: 'opportunities', name: 'opportunity_type' } } });
  });

  it('resolves derived formulas to metric and lag nodes', () => {
    const m = catalog.metrics['revenue_growth']!;
    expect(m.type === 'derived' && m.expr).toMatchObject({
      kind: 'binary',
      op: '/',
      right: { kind: 'lag', metric: { kind: 'metric', name: 'won_revenue' }, offset: { count: 1, grain: 'quarter' } },
    });
  });

  it('computes units: simple from the measure, ratio by the unit algebra, conversion as a ratio', () => {
    expect(catalog.metrics['won_revenue']!.unit).toBe('currency');
    expect(catalog.metrics['deals_won']!.unit).toBe('count');
    expect(catalog.metrics['average_deal_size']!.unit).toBe('currency');
    expect(catalog.metrics['win_rate']!.unit).toBe('percent');
  });

  it('parses windows and grain-to-date', () => {
    expect(catalog.metrics['trailing_deals_created']).toMatchObject({ type: 'cumulative', window: { count: 90, grain: 'day' } });
    expect(catalog.metrics['won_revenue_qtd']).toMatchObject({ type: 'cumulative', grainToDate: 'quarter' });
    expect(catalog.metrics['mql_to_sql']).toMatchObject({ type: 'conversion', window: { count: 30, grain: 'day' }, calculation: 'conversion_rate' });
  });

  it('applies metadata defaults', () => {
    expect(catalog.metrics['won_revenue']).toMatchObject({ label: 'Won revenue', status: 'draft', version: 1, topKpi: false, tags: [], audience: [] });
  });

  it('points each record at its name in the source', () => {
    const range = catalog.metrics['deals_won']!.range!;
    expect(`${range.file}:${range.start.line}:${range.start.col}`).toBe('metrics/kpis.yaml:2:11');
  });

  it('is deterministic: resolving twice gives deep-equal, JSON-identical catalogs', () => {
    const again = resolveFiles(baseFiles()).catalog!;
    expect(again).toEqual(catalog);
    expect(JSON.stringify(again)).toBe(JSON.stringify(catalog));
  });

  it('versions the catalog by the content hash of the files', () => {
    const changed = resolveFiles({ ...baseFiles(), 'metrics/extra.yaml': 'owners:\n  - name: finance\n' }).catalog!;
    expect(catalog.version).toMatch(/^[0-9a-f]+$/);
    expect(changed.version).not.toBe(catalog.version);
  });
});
