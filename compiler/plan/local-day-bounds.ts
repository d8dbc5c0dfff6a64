/**
 * A time range on local days, moved onto the stored UTC instants: `localDay(ts) >= D` holds exactly
 * when `ts >= start(D)`, the first UTC instant whose local day is D or later. The row source then
 * filters on the raw column (cheap, prunable by DuckDB's zone maps) instead of computing the
 * time-zone CASE for every row of the table, and computes it only for the rows kept.
 *
 * Computed from the same transition table as the SQL CASE (zoneOffsets), so both agree to the
 * minute. Where a transition makes local days go backwards across D (a fall-back hour repeating
 * midnight), the rows of day D are not one run of instants; then there is no single bound and the
 * caller keeps the filter on the local day.
 */
import { zoneOffsets, type ZoneOffsets } from './time-zone.js';

const MINUTE = 60_000;

function parseInstant(iso: string): number {
  return Date.parse(`${iso.replace(' ', 'T')}Z`);
}

function formatInstant(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The first instant (ms) from which `instant + offset(instant) >= midnight` always holds, in the
 * transition table `table`; null when it holds, stops holding and holds again (not one run).
 */
export function firstInstantFrom(table: ZoneOffsets, midnight: number): number | null {
  const starts = [-Infinity, ...table.transitions.map((t) => parseInstant(t.at))];
  const offsets = [table.initial, ...table.transitions.map((t) => t.offset)];
  let start: number | null = null;
  for (let i = 0; i < starts.length; i++) {
    // Within [starts[i], starts[i+1]) local time is instant + offsets[i]: the day is D from `from` on.
    const from = Math.max(starts[i]!, midnight - offsets[i]! * MINUTE);
    const to = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    if (start === null) {
      if (from < to) start = from;
    } else if (from > starts[i]!) {
      // An earlier stretch already reached D, and this one starts on an earlier day again.
      return null;
    }
  }
  return start;
}

/** Memo of recent answers; cleared when full, so distinct request ranges cannot grow it without bound. */
const cache = new Map<string, string | null>();
const CACHE_LIMIT = 4096;

/**
 * The first UTC instant (`YYYY-MM-DD HH:MM:SS`) whose local calendar day in `zone` is `day`
 * (`YYYY-MM-DD`) or later, or null when local days are not monotonic around it.
 */
export function localDayStart(zone: string, day: string): string | null {
  const key = `${zone}|${day}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const year = Number(day.slice(0, 4));
  // Offsets never reach a day, so only transitions within a day of local midnight matter; a year
  // either side covers them. The years come from the same per-year table the SQL CASE is built on.
  const start = firstInstantFrom(zoneOffsets(zone, year - 1, year + 2), Date.parse(`${day}T00:00:00Z`));
  const result = start === null || !Number.isFinite(start) ? null : formatInstant(start);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}
