import { expect } from 'vitest';
import type { Expr } from '../../compiler/expr/ast.js';
import { checkExpression, type CheckOptions } from '../../compiler/expr/check-expression.js';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { mapScope, type ExprScope } from '../../compiler/expr/scope.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';

/** Deep copy without `range` keys, for golden comparisons of tree shape. */
export function stripRanges<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'range' ? undefined : v))) as T;
}

/** Parses text that must be valid; fails the test with the diagnostics otherwise. */
export function parseOk(text: string): Expr {
  const result = parseExpression(text);
  expect(result.diagnostics).toEqual([]);
  expect(result.ast).toBeDefined();
  return result.ast!;
}

export function parseShape(text: string): Expr {
  return stripRanges(parseOk(text));
}

/** The diagnostics of text that must fail to parse. */
export function parseErrors(text: string): Diagnostic[] {
  const result = parseExpression(text);
  expect(result.ast).toBeUndefined();
  expect(result.diagnostics.length).toBeGreaterThan(0);
  return result.diagnostics;
}

/** A scope shaped like the sample catalog: opportunities with an account join, and a few metrics. */
export const sampleScope: ExprScope = mapScope({
  stage: { kind: 'dimension', model: 'opportunities', name: 'stage', entityPath: [], type: 'categorical' },
  is_won: { kind: 'dimension', model: 'opportunities', name: 'is_won', entityPath: [], type: 'boolean' },
  closed_at: { kind: 'dimension', model: 'opportunities', name: 'closed_at', entityPath: [], type: 'time' },
  created_at: { kind: 'dimension', model: 'opportunities', name: 'created_at', entityPath: [], type: 'time' },
  probability: { kind: 'dimension', model: 'opportunities', name: 'probability', entityPath: [], type: 'number', unit: 'percent' },
  employees: { kind: 'dimension', model: 'accounts', name: 'employees', entityPath: ['account'], type: 'number' },
  'account.segment': { kind: 'dimension', model: 'accounts', name: 'segment', entityPath: ['account'], type: 'categorical' },
  amount: { kind: 'column', name: 'amount' },
  discount: { kind: 'column', name: 'discount' },
  arr: { kind: 'metric', name: 'arr', unit: 'currency' },
  pipeline: { kind: 'metric', name: 'pipeline', unit: 'currency' },
  win_rate: { kind: 'metric', name: 'win_rate', unit: 'percent' },
  coverage: { kind: 'metric', name: 'coverage', unit: 'ratio' },
  deals_won: { kind: 'metric', name: 'deals_won', unit: 'count' },
  deals_closed: { kind: 'metric', name: 'deals_closed', unit: 'count' },
  cycle_days: { kind: 'metric', name: 'cycle_days', unit: 'days' },
  seats: { kind: 'metric', name: 'seats', unit: 'number' },
});

/** Parses and checks; returns everything for assertions. */
export function check(text: string, options: CheckOptions, scope: ExprScope = sampleScope) {
  const parsed = parseExpression(text);
  expect(parsed.diagnostics).toEqual([]);
  return checkExpression(parsed.ast!, scope, options);
}

export function checkCodes(text: string, options: CheckOptions): string[] {
  return check(text, options).diagnostics.map((d) => d.code);
}
