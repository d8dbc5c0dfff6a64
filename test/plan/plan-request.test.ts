/** Request validation diagnostics, the logical plan's shape and its printed form. */
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { explainPlan } from '../../compiler/plan/explain-plan.js';
import { planRequest } from '../../compiler/plan/plan-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { edgeCatalog } from '../integration/edge-project.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;
const edge = edgeCatalog();

function codes(request: MetricRequest, on = catalog): { code: string; message: string; hint?: string }[] {
  return planRequest(on, request).diagnostics.map((d) => ({ code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}) }));
}

describe('request validation', () => {
  it('names unknown metrics with a did-you-mean hint', () => {
    expect(codes({ metrics: ['win_rat'] })[0]).toMatchObject({ code: 'unknown-metric', message: "unknown metric 'win_rat'" });
    expect(codes({ metrics: ['win_rat'] })[0]!.hint).toContain("'win_rate'");
  });

  it('names unknown dimensions with a did-you-mean hint', () => {
    const [d] = codes({ metrics: ['win_rate'], groupBy: ['stge'] });
    expect(d).toMatchObject({ code: 'unknown-dimension', message: "unknown dimension 'stge'" });
    expect(d!.hint).toContain("'stage'");
  });

  it('refuses filters that do not type-check or name unknown dimensions', () => {
    expect(codes({ metrics: ['win_rate'], where: 'stage' }).map((d) => d.code)).toEqual(['invalid-filter']);
    const [unknown] = codes({ metrics: ['win_rate'], where: "stag = 'x'" });
    expect(unknown).toMatchObject({ code: 'invalid-filter' });
    expect(unknown!.hint).toContain("'stage'");
    expect(codes({ metrics: ['win_rate'], where: "stage = 'x' or" }).map((d) => d.code)).toEqual(['invalid-filter']);
  });

  it('checks the grain and the time range', () => {
    expect(codes({ metrics: ['win_rate'], grain: 'fortnight' as never }).map((d) => d.code)).toEqual(['invalid-grain']);
    expect(codes({ metrics: ['win_rate'], compareTo: 'previous_year' }).map((d) => d.code)).toEqual(['invalid-grain']);
    expect(codes({ metrics: ['deals_growth'] }, edge).map((d) => d.code)).toEqual(['invalid-grain']);
    expect(codes({ metrics: ['win_rate'], timeRange: { from: '2026-02-30' } }).map((d) => d.code)).toEqual(['invalid-time-range']);
    expect(codes({ metrics: ['win_rate'], timeRange: { from: '2026-03-01', to: '2026-03-01' } }).map((d) => d.code)).toEqual(['invalid-time-range']);
    expect(codes({ metrics: ['win_rate'], limit: -1 }).map((d) => d.code)).toEqual(['invalid-limit']);
    expect(codes({ metrics: ['win_rate'], orderBy: [{ field: 'win_rat' }] }).map((d) => d.code)).toEqual(['invalid-order']);
  });

  it('accepts a well-formed request with no diagnostics', () => {
    expect(codes({ metrics: ['win_rate', 'pipeline_created'], groupBy: ['account.segment'], grain: 'fiscal_quarter', where: "stage != 'closed_lost'", limit: 10 })).toEqual([]);
  });
});

describe('logical plan', () => {
  it('aggregates each measure on its own model and marks one-to-many joins for de-duplication', () => {
    const { plan } = planRequest(edge, { metrics: ['accounts', 'deals'], groupBy: ['stage'] });
    expect(plan!.leaves.map((l) => [l.id, l.kind, l.kind === 'aggregate' ? l.input.model : ''])).toEqual([
      ['leaf_1', 'aggregate', 'accounts'],
      ['leaf_2', 'aggregate', 'deals'],
    ]);
    const accounts = plan!.leaves[0]!;
    expect(accounts.kind === 'aggregate' && accounts.input.dimensions[0]!.hops).toEqual([{ entity: 'account', from: 'accounts', to: 'deals', fanOut: true }]);
  });

  it('plans lags and comparisons as shifted leaves over an earlier range', () => {
    const { plan } = planRequest(edge, { metrics: ['deals_growth'], grain: 'month', timeRange: { from: '2026-03-01', to: '2026-05-01' } });
    expect(plan!.leaves.map((l) => [l.shift, l.range])).toEqual([
      [null, { from: '2026-03-01', to: '2026-05-01' }],
      [{ months: 1, days: 0 }, { from: '2026-02-01', to: '2026-04-01' }],
    ]);
  });

  it('prints a readable plan', () => {
    const { plan } = planRequest(edge, { metrics: ['accounts', 'win_rate'], groupBy: ['stage'], grain: 'month', compareTo: 'previous_period' });
    const text = explainPlan(plan!);
    expect(text).toContain('keys: stage, metric_time (month, America/Los_Angeles)');
    expect(text).toContain('one-to-many: de-duplicated on the primary key');
    expect(text).toMatch(/output win_rate = \(leaf_\d\.value \/ leaf_\d\.value, NULL when zero\)/);
    expect(text).toContain('shifted forward 1 month(s)');
    expect(explainPlan(plan!)).toBe(text);
  });
});
