/**
 * Where a request's planning time goes: plan, lower to the SQL tree, render, each timed apart (mean
 * µs per planned request). Used by bench:plan and bench/plan-steady.ts on requests they have
 * already compiled, so it splits a warm cost; it is never the headline figure.
 */
import type { Catalog } from '../compiler/catalog/types.js';
import { lowerPlan } from '../compiler/plan/lower-plan.js';
import { planRequest } from '../compiler/plan/plan-request.js';
import type { MetricRequest } from '../compiler/request/request.js';
import type { Dialect } from '../compiler/sql/dialect.js';
import { renderStatement } from '../compiler/sql/render.js';

/** `plan 24, lower 49, render 36`: mean µs of each phase over the requests the planner accepts. */
export function phaseSplit(catalog: Catalog, requests: readonly MetricRequest[], dialects: readonly Dialect[]): string {
  let plan = 0;
  let lower = 0;
  let render = 0;
  let count = 0;
  for (let i = 0; i < requests.length; i++) {
    const dialect = dialects[i % dialects.length]!;
    const a = performance.now();
    const planned = planRequest(catalog, requests[i]!, { supportsPercentile: dialect.supportsPercentile });
    if (!planned.plan) continue;
    const b = performance.now();
    const statement = lowerPlan(catalog, planned.plan, { recursiveSpine: dialect.recursiveSpine });
    const c = performance.now();
    renderStatement(statement, dialect);
    const d = performance.now();
    plan += b - a;
    lower += c - b;
    render += d - c;
    count++;
  }
  const per = (ms: number): string => (count ? ((ms * 1000) / count).toFixed(0) : '-');
  return `plan ${per(plan)}, lower ${per(lower)}, render ${per(render)}`;
}
