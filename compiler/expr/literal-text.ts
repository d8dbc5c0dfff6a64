import type { Grain } from './ast.js';

/** `'it''s'` -> `it's`. The token pattern guarantees the surrounding quotes. */
export function unquoteString(image: string): string {
  const inner = image.slice(1, -1);
  // Most strings hold no quote at all: skip the regex.
  return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
}

/** `` `my col` `` -> `my col`; a doubled backtick stands for one. */
export function unquoteIdentifier(image: string): string {
  const inner = image.slice(1, -1);
  return inner.includes('`') ? inner.replace(/``/g, '`') : inner;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;

/**
 * Why a date/timestamp literal's text is not a real calendar value, or undefined when it is.
 * Checked here rather than by the warehouse so `date '2026-02-30'` fails at validate time with a
 * position, the same way on every engine.
 */
export function invalidTimeText(text: string, type: 'date' | 'timestamp'): string | undefined {
  const match = (type === 'date' ? DATE : TIMESTAMP).exec(text);
  if (!match) {
    return type === 'date'
      ? `'${text}' is not a date; write it as YYYY-MM-DD`
      : `'${text}' is not a timestamp; write it as YYYY-MM-DD HH:MM:SS`;
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (month! < 1 || month! > 12) return `'${text}' has no month ${month}`;
  if (day! < 1 || day! > daysInMonth(year!, month!)) return `'${text}' is not a day of the calendar`;
  if (hour! > 23 || minute! > 59 || second! > 59) return `'${text}' is not a time of day`;
  return undefined;
}

const GRAINS: Record<string, Grain> = {
  day: 'day', days: 'day',
  week: 'week', weeks: 'week',
  month: 'month', months: 'month',
  quarter: 'quarter', quarters: 'quarter',
  year: 'year', years: 'year',
};

/** `quarter`, `Months` -> the grain; undefined for anything else. */
export function grainFromWord(word: string): Grain | undefined {
  return GRAINS[word.toLowerCase()];
}
