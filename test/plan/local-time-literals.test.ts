/**
 * Time literals in request filters become the UTC instants of those local times. Expected instants
 * are worked out by hand from the zones' published rules (offsets and change times), not from Intl.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../compiler/catalog/types.js';
import type { Expr } from '../../compiler/expr/ast.js';
import { localiseTimeLiterals } from '../../compiler/plan/local-time-literals.js';
import { edgeCatalog } from '../integration/edge-project.js';

const losAngeles = edgeCatalog();
const inZone = (zone: string): Catalog => ({ ...losAngeles, project: { ...losAngeles.project, timeZone: zone } });
const createdAt: Expr = { kind: 'dimension', model: 'deals', name: 'created_at', entityPath: [] };
const literal = (literalType: 'date' | 'timestamp', value: string): Expr => ({ kind: 'literal', literalType, value });
const compare = (op: '>=' | '<' | '=', right: Expr): Expr => ({ kind: 'binary', op, left: createdAt, right });

/** The timestamp values a rewritten filter compares with, in order. */
function instants(expr: Expr): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'literal') out.push(String(e.value));
    if (e.kind === 'binary') { walk(e.left); walk(e.right); }
    if (e.kind === 'unary') walk(e.operand);
  };
  walk(expr);
  return out;
}

describe('local time literals in request filters', () => {
  it('puts a local day between its local midnights, across a clock change', () => {
    // Los Angeles: PST (UTC-8) until 02:00 on 8 March 2026, PDT (UTC-7) after.
    expect(instants(localiseTimeLiterals(losAngeles, compare('=', literal('date', '2026-03-08'))))).toEqual(['2026-03-08 08:00:00', '2026-03-09 07:00:00']);
    expect(instants(localiseTimeLiterals(losAngeles, compare('>=', literal('date', '2026-07-01'))))).toEqual(['2026-07-01 07:00:00']);
  });

  it('places a skipped wall time at the moment the clocks jumped, and a repeated one at its first occurrence', () => {
    // 02:30 on 8 March 2026 does not exist in Los Angeles: the clocks go from 02:00 PST (10:00 UTC) to 03:00 PDT.
    expect(instants(localiseTimeLiterals(losAngeles, compare('>=', literal('timestamp', '2026-03-08 02:30:00'))))).toEqual(['2026-03-08 10:00:00']);
    // 01:30 on 1 November 2026 happens twice (PDT, then PST): the first is 08:30 UTC.
    expect(instants(localiseTimeLiterals(losAngeles, compare('<', literal('timestamp', '2026-11-01 01:30:00'))))).toEqual(['2026-11-01 08:30:00']);
  });

  it('leaves a day whose midnight happens twice as written', () => {
    // Havana sets clocks back from 01:00 CDT (UTC-4) to 00:00 CST (UTC-5) on Sunday 1 November 2026,
    // so 00:00-01:00 that day happens twice, midnight included.
    const havana = inZone('America/Havana');
    const filter = compare('>=', literal('date', '2026-11-01'));
    expect(localiseTimeLiterals(havana, filter)).toBe(filter);
    // Santiago sets clocks back from 00:00 (UTC-3) to 23:00 (UTC-4) on Sunday 5 April 2026: the hour
    // before midnight repeats, midnight itself happens once, at 04:00 UTC.
    expect(instants(localiseTimeLiterals(inZone('America/Santiago'), compare('>=', literal('date', '2026-04-05'))))).toEqual(['2026-04-05 04:00:00']);
  });

  it('changes nothing in a UTC project', () => {
    const filter = compare('>=', literal('date', '2026-03-01'));
    expect(localiseTimeLiterals(inZone('UTC'), filter)).toBe(filter);
  });
});

describe('local time literals far from any data', () => {
  it('leaves literals outside 1900..2199 as written', () => {
    for (const value of ['0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) {
      const filter = compare('>=', literal('date', value));
      expect(localiseTimeLiterals(losAngeles, filter)).toBe(filter);
    }
    expect(instants(localiseTimeLiterals(losAngeles, compare('>=', literal('date', '1900-01-01'))))).toEqual(['1900-01-01 08:00:00']); // PST since 1883
  });
});
