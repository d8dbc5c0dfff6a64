/**
 * UTC-offset transitions of an IANA zone, computed with Intl so every engine (SQLite has no time
 * zones at all) converts instants to local time identically: the planner emits a CASE over the
 * transition instants and adds the offset in minutes.
 */

export interface ZoneOffsets {
  /** Offset in minutes (local = UTC + offset) before the first transition. */
  readonly initial: number;
  /** Each transition: from this UTC instant (`YYYY-MM-DD HH:MM:SS`) on, the offset is `offset`. */
  readonly transitions: readonly { readonly at: string; readonly offset: number }[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows the zone. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes to add to a UTC instant (ms) to get local wall time in `zone`. */
export function offsetAt(zone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return Math.round((local - Math.floor(utcMs / 1000) * 1000) / 60000);
}

const DAY = 86_400_000;

function isoInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const yearCache = new Map<string, ZoneOffsets>();

/** Transitions of one calendar year (UTC), cached per zone and year: ranges differ per request, years repeat. */
function yearOffsets(zone: string, year: number): ZoneOffsets {
  const key = `${zone}|${year}`;
  const hit = yearCache.get(key);
  if (hit) return hit;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const initial = offsetAt(zone, start);
  const transitions: { at: string; offset: number }[] = [];
  let previous = initial;
  for (let t = start; t < end; t += DAY) {
    const next = offsetAt(zone, t + DAY);
    if (next === previous) continue;
    // Binary search the minute of the change inside (t, t + DAY].
    let lo = t;
    let hi = t + DAY;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(zone, mid) === previous) lo = mid;
      else hi = mid;
    }
    transitions.push({ at: isoInstant(hi), offset: next });
    previous = next;
  }
  const result = { initial, transitions };
  yearCache.set(key, result);
  return result;
}

const MAX_SPANS_PER_ZONE = 512;

/**
 * Years whose local times Canon places: request ranges must fall inside (validate-request.ts) and
 * filter literals outside are left as written (local-time-literals.ts). No revenue data predates
 * 1900, and Date.UTC reads years below 100 as 19xx.
 */
export const LOCAL_TIME_YEARS = { from: 1900, to: 2199 } as const;

/** Zone -> (fromYear * 100000 + toYear) -> table; nested numeric keys avoid building a string key per lookup. */
const spans = new Map<string, Map<number, ZoneOffsets>>();

/** One number per span of years (tables are kept per zone and span). */
export function spanKey(fromYear: number, toYear: number): number {
  return fromYear * 100_000 + toYear;
}

/** Transitions of `zone` between Jan 1 of `fromYear` and Jan 1 of `toYear` (UTC), to the minute. */
export function zoneOffsets(zone: string, fromYear: number, toYear: number): ZoneOffsets {
  let byZone = spans.get(zone);
  if (!byZone) {
    byZone = new Map();
    spans.set(zone, byZone);
  }
  const key = spanKey(fromYear, toYear);
  const hit = byZone.get(key);
  if (hit) return hit;
  // Each distinct range of years is a table; requests choose their years, so keep a bounded set.
  if (byZone.size >= MAX_SPANS_PER_ZONE) byZone.clear();
  // Day-by-day scans of consecutive years join exactly: each year starts where the last one ended.
  const transitions: { at: string; offset: number }[] = [];
  for (let year = fromYear; year < toYear; year++) transitions.push(...yearOffsets(zone, year).transitions);
  const result = { initial: offsetAt(zone, Date.UTC(fromYear, 0, 1)), transitions };
  byZone.set(key, result);
  return result;
}
