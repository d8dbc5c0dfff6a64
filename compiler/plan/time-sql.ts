/**
 * Time in SQL: UTC instants to local calendar days, and local days to the start of their period
 * (calendar, week start, fiscal quarter/year). Every value here is a DATE on the engine side.
 */
import type { Grain } from '../expr/ast.js';
import type { RangeEnd, SqlExpr } from '../sql/ast.js';
import { col, int } from '../sql/build.js';
import { shared } from '../sql/shared.js';
import type { Catalog } from '../catalog/types.js';
import type { DateRange, PlanTime, Shift } from './plan.js';
import type { RequestGrain } from '../request/request.js';
import { nestedMap, PerCatalog } from './catalog-memo.js';
import type { ZoneOffsets } from './time-zone.js';
import { spanKey, zoneOffsets } from './time-zone.js';

/** Years of offsets emitted when the request has no time range. */
const DEFAULT_SPAN = { from: 2000, to: 2041 } as const;

function spanFor(range: DateRange): { from: number; to: number } {
  // Lags and cumulative windows read before `from`: keep three years of history in the CASE.
  const from = range.from ? Number(range.from.slice(0, 4)) - 3 : DEFAULT_SPAN.from;
  const to = range.to ? Number(range.to.slice(0, 4)) + 1 : DEFAULT_SPAN.to;
  return { from: Math.min(from, to - 1), to };
}

/**
 * The last transition table per range object: every row source of a leaf (and every leaf of a
 * request sharing its range) asks for the same one several times (metric_day, range bounds).
 */
const offsetsByRange = new WeakMap<DateRange, { readonly zone: string; readonly offsets: ZoneOffsets }>();

/** The transition table localDay and localDayBound use for `range` in `zone`. */
function offsetsFor(zone: string, range: DateRange): ZoneOffsets {
  const hit = offsetsByRange.get(range);
  if (hit !== undefined && hit.zone === zone) return hit.offsets;
  const span = spanFor(range);
  const offsets = zoneOffsets(zone, span.from, span.to);
  offsetsByRange.set(range, { zone, offsets });
  return offsets;
}

// Catalog time columns (shared nodes) per transition table: the local day of a column is one
// shared node per table, rendered once per dialect. Keyed by the column node (per catalog), then by
// the table (cached per zone and span). The renderer keeps each node's text, which holds the whole
// zone CASE, so only the last few tables per column are kept: a dropped node drops its text.
const localDays = new PerCatalog<SqlExpr, ZoneOffsets>(32);

const sharedLocalDay = (timestamp: SqlExpr, offsets: ZoneOffsets): SqlExpr => shared(localDayOn(timestamp, offsets));

/** A stored UTC timestamp (already normalised) as the local calendar day in `zone`. */
export function localDay(timestamp: SqlExpr, zone: string, range: DateRange): SqlExpr {
  const offsets = offsetsFor(zone, range);
  return timestamp.kind === 'shared' ? localDays.get(timestamp, offsets, sharedLocalDay) : localDayOn(timestamp, offsets);
}

function localDayOn(timestamp: SqlExpr, offsets: ZoneOffsets): SqlExpr {
  if (offsets.transitions.length === 0 && offsets.initial === 0) return { kind: 'toDate', operand: timestamp };
  // The offset table is cached per zone and span, so the renderer reuses its CASE text.
  const minutes: SqlExpr = offsets.transitions.length === 0 ? int(offsets.initial) : { kind: 'zoneOffset', operand: timestamp, zone: offsets };
  return { kind: 'toDate', operand: { kind: 'timestampAddMinutes', minutes, operand: timestamp } };
}

const normalised = new WeakMap<SqlExpr, SqlExpr>();

/**
 * A catalog time column (`raw`, a node lowerOnTable shares) normalised to a DATE or TIMESTAMP: one
 * shared node per column and type, so localDay can key on it too.
 */
export function sharedTimeColumn(raw: SqlExpr, dataType: 'date' | 'timestamp'): SqlExpr {
  let node = normalised.get(raw);
  if (node === undefined) {
    node = shared(dataType === 'date' ? { kind: 'asDate', operand: raw } : { kind: 'asTimestamp', operand: raw });
    normalised.set(raw, node);
  }
  return node;
}

const MINUTE = 60_000;
const instantMs = (at: string): number => Date.parse(`${at.replace(' ', 'T')}Z`);
const isoInstant = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/**
 * `localDay(timestamp) op day` (op `>=` or `<`) as a comparison of the stored timestamp with the UTC
 * instant at which `day` starts in `zone`, computed here from the same transition table localDay
 * uses for `range`. It selects exactly the same rows: local wall time only moves forward except at a
 * backward transition, and when such a transition repeats the hour holding that midnight the rows
 * of the day are not one interval of instants, so null is returned and the caller compares local
 * days. Keeping the range filter off the CASE halves a row source's SQL and lets engines compare
 * the column directly.
 */
export function localDayBound(timestamp: SqlExpr, zone: string, range: DateRange, op: '>=' | '<', day: string, end: RangeEnd): SqlExpr | null {
  const instant = rangeDayStart(zone, range, day);
  return instant === null ? null : { kind: 'binary', op, left: timestamp, right: { kind: 'timestampParam', value: instant, end } };
}

/**
 * The UTC instant at which `day` starts in `zone`, from the transition table of `range`, or null
 * where localDayBound compares local days instead (a backward transition repeats that midnight).
 */
export function rangeDayStart(zone: string, range: DateRange, day: string): string | null {
  return dayStartMemo.get(offsetsFor(zone, range), day, dayStart);
}

/**
 * The years of the transition table the lowering uses for `range` (spanFor): the SQL text of the
 * zone CASE depends on them, not on the days.
 */
export function rangeSpanKey(range: DateRange): number {
  const span = spanFor(range);
  return spanKey(span.from, span.to);
}

// Per transition table (shared, cached per zone and span) and day: requests repeat both.
const dayStartMemo = new PerCatalog<string | null>(5_000);
const parsedStarts = new WeakMap<ZoneOffsets, readonly number[]>();

/** The UTC instant (`YYYY-MM-DD HH:MM:SS`) at which `day` starts under `offsets`, or null (see above). */
function dayStart(offsets: ZoneOffsets, day: string): string | null {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(midnight)) return null;
  const starts = transitionInstants(offsets);
  for (let i = 0; i < starts.length; i++) {
    const earlier = offsetBefore(offsets, i) * MINUTE;
    const later = offsets.transitions[i]!.offset * MINUTE;
    // A backward change that takes midnight back into the day before splits the day in two.
    if (later < earlier && starts[i]! + later < midnight && midnight <= starts[i]! + earlier) return null;
  }
  return isoInstant(firstReached(offsets, starts, midnight));
}

/**
 * The UTC instant (`YYYY-MM-DD HH:MM:SS`) at which local wall time `wall` (`YYYY-MM-DD` for its
 * midnight, or `YYYY-MM-DD HH:MM:SS`) happens in `zone`, from the same transition tables as the
 * period cuts. A wall time skipped by clocks set forward gives the moment of the jump. One that
 * happens twice (clocks set back) gives the first, or null when `repeated` is `'refuse'`.
 */
export function localWallInstant(zone: string, wall: string, repeated: 'first' | 'refuse'): string | null {
  const ms = Date.parse(`${wall.length === 10 ? `${wall}T00:00:00` : wall.replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  const offsets = zoneOffsets(zone, year - 1, year + 2);
  const starts = transitionInstants(offsets);
  if (repeated === 'refuse') {
    for (let i = 0; i < starts.length; i++) {
      const earlier = offsetBefore(offsets, i) * MINUTE;
      const later = offsets.transitions[i]!.offset * MINUTE;
      // Wall times in [at + later, at + earlier) are reached before the change and again after it.
      if (later < earlier && starts[i]! + later <= ms && ms < starts[i]! + earlier) return null;
    }
  }
  return isoInstant(firstReached(offsets, starts, ms));
}

function transitionInstants(offsets: ZoneOffsets): readonly number[] {
  let starts = parsedStarts.get(offsets);
  if (!starts) {
    starts = offsets.transitions.map((t) => instantMs(t.at));
    parsedStarts.set(offsets, starts);
  }
  return starts;
}

function offsetBefore(offsets: ZoneOffsets, i: number): number {
  return i === 0 ? offsets.initial : offsets.transitions[i - 1]!.offset;
}

/**
 * The first instant whose wall time reaches `wall`: per stretch of constant offset, the earliest
 * instant there at or after `wall - offset`; the least over all stretches.
 */
function firstReached(offsets: ZoneOffsets, starts: readonly number[], wall: number): number {
  let first = Infinity;
  for (let i = 0; i <= starts.length; i++) {
    const begin = i === 0 ? -Infinity : starts[i - 1]!;
    const end = i === starts.length ? Infinity : starts[i]!;
    const candidate = Math.max(begin, wall - offsetBefore(offsets, i) * MINUTE);
    if (candidate < end && candidate < first) first = candidate;
  }
  return first;
}

const addMonths = (count: number, operand: SqlExpr): SqlExpr => ({ kind: 'dateAdd', unit: 'month', count, operand });
const addDays = (count: number, operand: SqlExpr): SqlExpr => ({ kind: 'dateAdd', unit: 'day', count, operand });
const trunc = (grain: Grain, operand: SqlExpr): SqlExpr => ({ kind: 'dateTrunc', grain, operand });

/** The first day of the period (of `grain`) holding `day`. */
export function periodStart(day: SqlExpr, grain: RequestGrain, time: Pick<PlanTime, 'fiscalYearStartMonth' | 'weekStart'>): SqlExpr {
  switch (grain) {
    case 'day':
      return day;
    case 'week':
      // Engines truncate to Monday; a Sunday week is the Monday week of the next day, one day earlier.
      return time.weekStart === 'monday' ? trunc('week', day) : addDays(-1, trunc('week', addDays(1, day)));
    case 'month':
    case 'quarter':
    case 'year':
      return trunc(grain, day);
    case 'fiscal_quarter':
    case 'fiscal_year': {
      const calendar = grain === 'fiscal_quarter' ? 'quarter' : 'year';
      const lead = time.fiscalYearStartMonth - 1;
      if (lead === 0) return trunc(calendar, day);
      // Shift the month start back by the fiscal lead, cut on the calendar, shift forward again.
      // Months are cut first so month arithmetic never meets a day-of-month overflow.
      return addMonths(lead, trunc(calendar, addMonths(-lead, trunc('month', day))));
    }
  }
}

// Per catalog (its project fixes week start and fiscal lead), grain, planner table alias and
// column: a few dozen nodes, each rendered once per dialect instead of once per use (two per leaf).
// Nested maps keyed by the names themselves (planner constants and a grain) rather than a joined
// key string, which was built and hashed on every call.
const periodMemo = new WeakMap<Catalog, Map<RequestGrain, Map<string, Map<string, SqlExpr>>>>();

/** periodStart of a planner column (`"r"."metric_day"`), one shared node per catalog. */
export function periodOfColumn(catalog: Catalog, table: string, column: string, grain: RequestGrain): SqlExpr {
  const byColumn = nestedMap(nestedMap(nestedMap(periodMemo, catalog), grain), table);
  let node = byColumn.get(column);
  if (node === undefined) {
    node = shared(periodStart(col(table, column), grain, catalog.project));
    byColumn.set(column, node);
  }
  return node;
}

/** The length of one period of `grain`, as a shift. */
export function grainShift(grain: RequestGrain | Grain, count = 1): Shift {
  switch (grain) {
    case 'day': return { months: 0, days: count };
    case 'week': return { months: 0, days: 7 * count };
    case 'month': return { months: count, days: 0 };
    case 'quarter':
    case 'fiscal_quarter': return { months: 3 * count, days: 0 };
    case 'year':
    case 'fiscal_year': return { months: 12 * count, days: 0 };
  }
}

export function addShift(a: Shift | null, b: Shift | null): Shift | null {
  if (a === null) return b;
  if (b === null) return a;
  return { months: a.months + b.months, days: a.days + b.days };
}

/** `day` moved by `shift` (negated when `sign` is -1). */
export function shiftDay(day: SqlExpr, shift: Shift, sign: 1 | -1): SqlExpr {
  let out = day;
  if (shift.months !== 0) out = addMonths(sign * shift.months, out);
  if (shift.days !== 0) out = addDays(sign * shift.days, out);
  return out;
}

/** ISO date `YYYY-MM-DD` moved by a shift, in JS (time ranges are shifted before they are bound). */
export function shiftIsoDate(iso: string, shift: Shift, sign: 1 | -1): string {
  // Not split().map(Number): map's result changed elements kind once inlined (a "wrong map" deopt).
  const parts = iso.split('-');
  const y = Number(parts[0]);
  const m = Number(parts[1]);
  const d = Number(parts[2]);
  const monthIndex = y * 12 + (m - 1) + sign * shift.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(d, lastDay)) + sign * shift.days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

export function shiftRange(range: DateRange, shift: Shift | null): DateRange {
  if (shift === null) return range;
  return {
    from: range.from ? shiftIsoDate(range.from, shift, -1) : undefined,
    to: range.to ? shiftIsoDate(range.to, shift, -1) : undefined,
  };
}
