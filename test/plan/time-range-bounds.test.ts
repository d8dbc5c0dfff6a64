/** Time ranges a request may ask for: bounded so no request can make the planner compute centuries of zone tables. */
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { planRequest } from '../../compiler/plan/plan-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { directorySource } from '../../compiler/source/fs-source.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;

function messages(timeRange: MetricRequest['timeRange']): string[] {
  return planRequest(catalog, { metrics: ['bookings'], grain: 'month', timeRange }).diagnostics.map((d) => `${d.code}: ${d.message}`);
}

describe('request time range bounds', () => {
  it('refuses days before 1900 or after 2199, and spans over a century', () => {
    expect(messages({ from: '0100-01-01', to: '9999-01-01' })).toEqual([
      "invalid-time-range: time range 'from' must fall between 1900-01-01 and 2199-12-31, got '0100-01-01'",
      "invalid-time-range: time range 'to' must fall between 1900-01-01 and 2199-12-31, got '9999-01-01'",
      'invalid-time-range: time range spans more than 100 years (0100-01-01 to 9999-01-01)',
    ]);
    expect(messages({ from: '1899-12-31' })).toEqual(["invalid-time-range: time range 'from' must fall between 1900-01-01 and 2199-12-31, got '1899-12-31'"]);
    expect(messages({ from: '1950-01-01', to: '2051-01-01' })).toEqual(['invalid-time-range: time range spans more than 100 years (1950-01-01 to 2051-01-01)']);
  });

  it('plans the widest allowed ranges', () => {
    expect(messages({ from: '1900-01-01' })).toEqual([]);
    expect(messages({ to: '2199-12-31' })).toEqual([]);
    expect(messages({ from: '1950-01-01', to: '2050-01-01' })).toEqual([]);
  });
});
