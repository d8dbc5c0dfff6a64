import type { Window } from '../catalog/types.js';
import type { Grain } from '../expr/ast.js';

const GRAINS: readonly Grain[] = ['day', 'week', 'month', 'quarter', 'year'];
export const GRAIN_TO_DATE_VALUES = [...GRAINS, 'fiscal_quarter', 'fiscal_year'] as const;

/** `"90 days"`, `"1 quarter"`, `"12 months"` -> a window; undefined when not of that form. */
export function parseWindow(text: string): Window | undefined {
  const match = /^\s*(\d+)\s+([a-z]+?)s?\s*$/i.exec(text);
  if (!match) return undefined;
  const count = Number(match[1]);
  const grain = match[2]!.toLowerCase() as Grain;
  if (!GRAINS.includes(grain) || !Number.isSafeInteger(count) || count < 1) return undefined;
  return { count, grain };
}
