/**
 * Row-source range filters compare the stored timestamp with the UTC instant a local day starts
 * (localDayBound) instead of converting every row to its local day. They must select exactly the
 * rows the local-day comparison selects, under the same transition table the CASE uses.
 */
import { describe, expect, it } from 'vitest';
import { localDayBound } from '../../compiler/plan/time-sql.js';
import { zoneOffsets } from '../../compiler/plan/time-zone.js';
import type { SqlExpr } from '../../compiler/sql/ast.js';

const column: SqlExpr = { kind: 'column', name: 'at' };
const instantMs = (at: string): number => Date.parse(`${at.replace(' ', 'T')}Z`);

/** The local day of `utcMs` as the generated CASE computes it: the offset of the last transition at or before it. */
function tableLocalDay(zone: string, span: { from: number; to: number }, utcMs: number): string {
  const table = zoneOffsets(zone, span.from, span.to);
  let offset = table.initial;
  for (const t of table.transitions) {
    if (utcMs >= instantMs(t.at)) offset = t.offset;
    else break;
  }
  return new Date(utcMs + offset * 60_000).toISOString().slice(0, 10);
}

const range = { from: '2020-01-01', to: '2024-01-01' };
// The span localDay uses for this range: three years of history before `from`, one after `to`.
const span = { from: 2017, to: 2025 };

describe('localDayBound', () => {
  it('starts a Los Angeles day at 08:00 UTC in winter and 07:00 UTC in summer', () => {
    const winter = localDayBound(column, 'America/Los_Angeles', range, '>=', '2022-01-15', 'from') as Extract<SqlExpr, { kind: 'binary' }>;
    const summer = localDayBound(column, 'America/Los_Angeles', range, '<', '2022-07-15', 'to') as Extract<SqlExpr, { kind: 'binary' }>;
    expect(winter).toEqual({ kind: 'binary', op: '>=', left: column, right: { kind: 'timestampParam', value: '2022-01-15 08:00:00', end: 'from' } });
    expect(summer.right).toEqual({ kind: 'timestampParam', value: '2022-07-15 07:00:00', end: 'to' });
  });

  it('selects the same instants as the local-day comparison around every transition, in zones that move at 02:00 and at midnight', () => {
    for (const zone of ['America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC']) {
      const table = zoneOffsets(zone, span.from, span.to);
      const anchors = [...table.transitions.map((t) => instantMs(t.at)), Date.UTC(2021, 5, 10)];
      for (const anchor of anchors) {
        for (const shift of [-1, 0, 1]) {
          const day = new Date(anchor + shift * 86_400_000).toISOString().slice(0, 10);
          for (const op of ['>=', '<'] as const) {
            const bound = localDayBound(column, zone, range, op, day, 'from') as Extract<SqlExpr, { kind: 'binary' }> | null;
            if (bound === null) continue; // midnight repeated by a backward transition: the caller keeps the CASE
            const start = instantMs((bound.right as { value: string }).value);
            for (let t = anchor - 2 * 86_400_000; t <= anchor + 2 * 86_400_000; t += 41 * 60_000) {
              const local = tableLocalDay(zone, span, t);
              expect(op === '>=' ? t >= start : t < start, `${zone} ${op} ${day} at ${new Date(t).toISOString()}`).toBe(op === '>=' ? local >= day : local < day);
            }
          }
        }
      }
    }
  });

  it('gives up (null) where a backward transition at midnight makes the day ambiguous, and only there', () => {
    // Brazil ended daylight saving at midnight (00:00 back to 23:00 the day before) until 2019.
    expect(zoneOffsets('America/Sao_Paulo', span.from, span.to).transitions.some((t) => t.at === '2018-02-18 02:00:00')).toBe(true);
    expect(localDayBound(column, 'America/Sao_Paulo', range, '>=', '2018-02-18', 'from')).toBeNull();
    expect(localDayBound(column, 'America/Sao_Paulo', range, '>=', '2018-02-19', 'from')).not.toBeNull();
    // Cuba moves back from 01:00 to 00:00: midnight is the first repeated minute, still one interval.
    expect(localDayBound(column, 'America/Havana', range, '>=', '2020-11-01', 'from')).not.toBeNull();
  });
});
