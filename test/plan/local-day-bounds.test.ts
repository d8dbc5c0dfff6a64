/**
 * The start of a local day as a UTC instant, which range filters on timestamps compare against:
 * checked by hand on DST days, and against the local day computed the slow way (Intl) for every
 * day of a few years in zones with odd offsets and midnight transitions.
 */
import { describe, expect, it } from 'vitest';
import { firstInstantFrom, localDayStart } from '../../compiler/plan/local-day-bounds.js';
import { offsetAt } from '../../compiler/plan/time-zone.js';

describe('localDayStart', () => {
  it('is local midnight in UTC, on either side of a DST change', () => {
    expect(localDayStart('America/Los_Angeles', '2026-01-01')).toBe('2026-01-01 08:00:00');
    expect(localDayStart('America/Los_Angeles', '2026-03-08')).toBe('2026-03-08 08:00:00'); // clocks move at 02:00
    expect(localDayStart('America/Los_Angeles', '2026-03-09')).toBe('2026-03-09 07:00:00');
    expect(localDayStart('America/Los_Angeles', '2026-11-01')).toBe('2026-11-01 07:00:00');
    expect(localDayStart('America/Los_Angeles', '2026-11-02')).toBe('2026-11-02 08:00:00');
    expect(localDayStart('UTC', '2026-01-01')).toBe('2026-01-01 00:00:00');
    expect(localDayStart('Asia/Kolkata', '2026-01-01')).toBe('2025-12-31 18:30:00');
  });

  it('starts a day whose midnight is skipped at the first instant that exists', () => {
    // Chile moves from 00:00 (-04) to 01:00 (-03) on 7 September 2025: the day starts at 01:00.
    expect(localDayStart('America/Santiago', '2025-09-07')).toBe('2025-09-07 04:00:00');
  });

  it('starts the day after a fall-back at midnight once the repeated hour is over', () => {
    // Chile goes from 00:00 (-03) on 6 April 2025 back to 23:00 (-04) on 5 April: 23:00-24:00 of
    // the 5th repeats and the 6th begins at 00:00 -04.
    expect(localDayStart('America/Santiago', '2025-04-06')).toBe('2025-04-06 04:00:00');
  });

  it('has no single start when a fall-back crosses midnight', () => {
    // A made-up zone at +01:00 that falls back to -01:00 at 00:30 local on 2 March: 00:00-00:30
    // of the 2nd, then 22:30 of the 1st again.
    const table = { initial: 60, transitions: [{ at: '2025-03-01 23:30:00', offset: -60 }] };
    expect(firstInstantFrom(table, Date.parse('2025-03-02T00:00:00Z'))).toBeNull();
    expect(firstInstantFrom(table, Date.parse('2025-03-03T00:00:00Z'))).toBe(Date.parse('2025-03-03T01:00:00Z'));
    expect(firstInstantFrom(table, Date.parse('2025-03-01T00:00:00Z'))).toBe(Date.parse('2025-02-28T23:00:00Z'));
  });

  it('agrees with Intl: the instant before is an earlier local day, the instant itself is the day', () => {
    const localDay = (zone: string, ms: number): string => new Date(ms + offsetAt(zone, ms) * 60_000).toISOString().slice(0, 10);
    for (const zone of ['America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Havana', 'America/Santiago']) {
      for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 86_400_000) {
        const day = new Date(ms).toISOString().slice(0, 10);
        const start = localDayStart(zone, day);
        expect(start, `${zone} ${day}`).not.toBeNull();
        const at = Date.parse(`${start!.replace(' ', 'T')}Z`);
        expect(localDay(zone, at), `${zone} ${day}`).toBe(day);
        expect(localDay(zone, at - 60_000) < day, `${zone} ${day}`).toBe(true);
      }
    }
  });
});
