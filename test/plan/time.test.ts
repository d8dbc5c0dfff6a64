/** Time-zone offsets from Intl, and date shifting used for lagged time ranges. */
import { describe, expect, it } from 'vitest';
import { offsetAt, zoneOffsets } from '../../compiler/plan/time-zone.js';
import { shiftIsoDate } from '../../compiler/plan/time-sql.js';

describe('zone offsets', () => {
  it('finds the 2026 daylight-saving transitions of Los Angeles to the minute', () => {
    const { initial, transitions } = zoneOffsets('America/Los_Angeles', 2026, 2027);
    expect(initial).toBe(-480);
    expect(transitions).toEqual([
      { at: '2026-03-08 10:00:00', offset: -420 },
      { at: '2026-11-01 09:00:00', offset: -480 },
    ]);
  });

  it('has no transitions for UTC or zones without daylight saving', () => {
    expect(zoneOffsets('UTC', 2020, 2030)).toEqual({ initial: 0, transitions: [] });
    expect(zoneOffsets('Asia/Kolkata', 2020, 2030)).toEqual({ initial: 330, transitions: [] });
  });

  it('puts 00:05 UTC on 1 March 2026 on 28 February in Los Angeles', () => {
    const utc = Date.UTC(2026, 2, 1, 0, 5);
    const local = new Date(utc + offsetAt('America/Los_Angeles', utc) * 60_000);
    expect(local.toISOString().slice(0, 16)).toBe('2026-02-28T16:05');
  });
});

describe('shiftIsoDate', () => {
  it('moves by months clamping to the month end, and by days', () => {
    expect(shiftIsoDate('2026-03-31', { months: 1, days: 0 }, -1)).toBe('2026-02-28');
    expect(shiftIsoDate('2026-01-15', { months: 12, days: 0 }, -1)).toBe('2025-01-15');
    expect(shiftIsoDate('2026-03-01', { months: 0, days: 7 }, -1)).toBe('2026-02-22');
    expect(shiftIsoDate('2025-11-01', { months: 3, days: 0 }, 1)).toBe('2026-02-01');
  });
});
