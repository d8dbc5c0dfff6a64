import { describe, expect, it } from 'vitest';
import { measureDependents, metricDependencies, metricDependents } from '../../compiler/catalog/dependencies.js';
import { baseCatalog } from './fixture.js';

describe('metric dependencies', () => {
  const catalog = baseCatalog();

  it('a simple metric depends on its measure only', () => {
    expect(metricDependencies(catalog, 'won_revenue')).toEqual({ directMetrics: [], metrics: [], directMeasures: ['won_amount'], measures: ['won_amount'] });
  });

  it('a ratio depends on its inputs and, through them, their measures', () => {
    expect(metricDependencies(catalog, 'win_rate')).toEqual({
      directMetrics: ['deals_closed', 'deals_won'],
      metrics: ['deals_closed', 'deals_won'],
      directMeasures: [],
      measures: ['deals_closed_count', 'deals_won_count'],
    });
  });

  it('a derived formula lists each metric once, lag included', () => {
    expect(metricDependencies(catalog, 'revenue_growth')).toMatchObject({ directMetrics: ['won_revenue'], measures: ['won_amount'] });
  });

  it('a conversion metric depends on both measures', () => {
    expect(metricDependencies(catalog, 'mql_to_sql').measures).toEqual(['mqls', 'sqls']);
  });

  it('dependents are direct and transitive', () => {
    expect(metricDependents(catalog, 'won_revenue')).toEqual({ direct: ['average_deal_size', 'revenue_growth'], all: ['average_deal_size', 'revenue_growth'] });
    expect(metricDependents(catalog, 'deals_won')).toEqual({ direct: ['average_deal_size', 'new_business_win_rate', 'win_rate'], all: ['average_deal_size', 'new_business_win_rate', 'win_rate'] });
    expect(metricDependents(catalog, 'revenue_growth')).toEqual({ direct: [], all: [] });
  });

  it('measure dependents include metrics built on the metrics that use it', () => {
    expect(measureDependents(catalog, 'won_amount')).toEqual([
      'average_deal_size',
      'enterprise_won_revenue',
      'revenue_growth',
      'won_revenue',
      'won_revenue_qtd',
    ]);
  });

  it('unknown names have no dependencies', () => {
    expect(metricDependencies(catalog, 'nope').metrics).toEqual([]);
    expect(metricDependents(catalog, 'nope').all).toEqual([]);
  });
});
