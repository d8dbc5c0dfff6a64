/**
 * Calendar arithmetic for the generator. Dates are whole days since 1970-01-01 (UTC) and instants
 * are whole seconds since the epoch, so the generator works in integers and only formats at the end.
 */
export const SECONDS_PER_DAY = 86_400;

/** Day number of a calendar date (month 1..12). */
export function dayOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** First and last day of the sample's history (docs/sample-warehouse.md). */
export const SPAN_START = dayOf(2024, 1, 1);
export const SPAN_END = dayOf(2026, 6, 30);
/** The last instant of the history: nothing happens after it. */
export const SPAN_END_SECONDS = (SPAN_END + 1) * SECONDS_PER_DAY - 1;

// Formatting dominates generation time, and the sample only ever uses a few thousand distinct days.
const dateCache = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD`. */
export function formatDate(day: number): string {
  let text = dateCache.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dateCache.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DDTHH:MM:SS` (UTC, no zone suffix), the form every connection returns. */
export function formatTimestamp(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const rest = seconds - day * SECONDS_PER_DAY;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  return `${formatDate(day)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest % 60]}`;
}

export interface CalendarParts {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
}

export function partsOf(day: number): CalendarParts {
  const d = new Date(day * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 1..12 without allocating the parts object twice in hot loops. */
export function monthOf(day: number): number {
  return new Date(day * 86_400_000).getUTCMonth() + 1;
}

export function monthStart(day: number): number {
  const p = partsOf(day);
  return dayOf(p.year, p.month, 1);
}

export function monthEnd(day: number): number {
  const p = partsOf(day);
  return dayOf(p.year, p.month + 1, 1) - 1;
}

export function quarterStart(day: number): number {
  const p = partsOf(day);
  return dayOf(p.year, p.month - ((p.month - 1) % 3), 1);
}

export function quarterEnd(day: number): number {
  const p = partsOf(day);
  return dayOf(p.year, p.month - ((p.month - 1) % 3) + 3, 1) - 1;
}

export function addMonths(day: number, months: number): number {
  const p = partsOf(day);
  return dayOf(p.year, p.month + months, p.day);
}

/** 1970-01-01 was a Thursday; Monday is 0 here. */
export function isMonday(day: number): boolean {
  return ((day % 7) + 7 + 3) % 7 === 0;
}

export function firstMondayOnOrAfter(day: number): number {
  let d = day;
  while (!isMonday(d)) d++;
  return d;
}

/** Every month-end day within the history, in order. */
export function monthEndsInSpan(): number[] {
  const out: number[] = [];
  for (let d = monthEnd(SPAN_START); d <= SPAN_END; d = monthEnd(d + 1)) out.push(d);
  return out;
}

/** Every calendar quarter start within the history, in order. */
export function quarterStartsInSpan(): number[] {
  const out: number[] = [];
  for (let d = SPAN_START; d <= SPAN_END; d = addMonths(d, 3)) out.push(d);
  return out;
}
