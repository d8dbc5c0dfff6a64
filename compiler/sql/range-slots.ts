/**
 * Range slots: stand-ins bound in place of values that come from a request's time range, so one
 * rendering serves as a template for every range of the same class (compiler/range-templates.ts).
 * A slot is one of four frozen objects, compared by identity: no real binding (a string, number,
 * boolean or null) can be mistaken for one.
 */
import type { RangeEnd } from './ast.js';
import type { SqlValue } from './values.js';

export interface RangeSlot {
  readonly end: RangeEnd;
  /** `date`: the end's date itself; `dayStart`: the UTC instant its day starts in the project zone. */
  readonly as: 'date' | 'dayStart';
}

const SLOTS = {
  date: { from: Object.freeze<RangeSlot>({ end: 'from', as: 'date' }), to: Object.freeze<RangeSlot>({ end: 'to', as: 'date' }) },
  dayStart: { from: Object.freeze<RangeSlot>({ end: 'from', as: 'dayStart' }), to: Object.freeze<RangeSlot>({ end: 'to', as: 'dayStart' }) },
} as const;

/** The slot for a range end's value, typed as a binding so renderers move it like one. */
export function rangeSlot(as: RangeSlot['as'], end: RangeEnd): SqlValue {
  return SLOTS[as][end] as unknown as SqlValue;
}

/** The slot a binding stands for, or undefined for a real value. */
export function slotOf(value: SqlValue): RangeSlot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const slot = value as unknown as RangeSlot;
  return SLOTS[slot.as]?.[slot.end] === slot ? slot : undefined;
}
