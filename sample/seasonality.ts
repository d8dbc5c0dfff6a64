import { SECONDS_PER_DAY, SPAN_START, monthOf, quarterEnd } from './calendar.js';
import type { Random } from './random.js';

/** Inbound demand by calendar month: the January dip, a summer lull, an autumn peak. */
const DEMAND_BY_MONTH = [0.7, 0.95, 1.05, 1.0, 1.05, 0.95, 0.85, 0.85, 1.1, 1.15, 1.05, 0.8] as const;

export function demandWeight(day: number): number {
  return DEMAND_BY_MONTH[monthOf(day) - 1] ?? 1;
}

/** Business grows about 35% a year over the history. */
export function growth(day: number): number {
  return 1 + (0.35 * (day - SPAN_START)) / 365;
}

/** A day in [from, to] drawn with probability proportional to `weight` (rejection sampling). */
export function seasonalDay(random: Random, from: number, to: number, weight: (day: number) => number, maxWeight: number): number {
  for (;;) {
    const day = random.int(from, to);
    if (random.next() * maxWeight <= weight(day)) return day;
  }
}

/**
 * Sales closes bunch up at quarter end: deals due in the last three weeks are often pulled to the
 * final days, and some early-quarter deals are dragged back into the previous quarter's push.
 */
export function quarterEndPush(random: Random, day: number, earliest: number, won: boolean): number {
  const qe = quarterEnd(day);
  if (qe - day <= 25 && random.chance(won ? 0.6 : 0.3)) return Math.max(earliest, qe - random.int(0, 3));
  const previousQe = quarterEnd(day - 20);
  if (previousQe < day && day - previousQe <= 12 && previousQe > earliest && random.chance(won ? 0.35 : 0.1)) {
    return Math.max(earliest, previousQe - random.int(0, 2));
  }
  return day;
}

export type Region = 'na' | 'emea' | 'apac' | 'latam';

/** Hours from UTC to local business time (a fixed offset is enough for realistic shapes). */
const UTC_OFFSET: Readonly<Record<Region, number>> = { na: -7, emea: 1, apac: 8, latam: -3 };

/**
 * An instant on `day` during the region's business hours (which for North America runs past UTC
 * midnight), or, for a few events, minutes after UTC midnight: nightly imports and sync jobs. Those
 * are what make time-zone bucketing visible in tests.
 */
export function instantOn(random: Random, day: number, region: Region | null): number {
  const base = day * SECONDS_PER_DAY;
  if (random.chance(0.04)) return base + random.int(60, 14 * 60 + 59);
  const localHour = random.int(8, 17);
  const utcHour = localHour - UTC_OFFSET[region ?? 'na'];
  return base + utcHour * 3600 + random.int(0, 3599);
}
