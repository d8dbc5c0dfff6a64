import { canonicalJson, isPositionKey } from './canonical.js';
import { displayValue } from './display.js';
import type { FieldChange } from './types.js';

/**
 * Field-by-field comparison of two versions of one definition. `isBreaking(field)` says whether a
 * change to that field can move a number or take away something a consumer used.
 */
export function compareFields(
  before: object,
  after: object,
  isBreaking: (field: string) => boolean,
  options: { readonly prefix?: string; readonly ignore?: ReadonlySet<string>; readonly renames?: ReadonlyMap<string, string> } = {},
): FieldChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const changes: FieldChange[] = [];
  for (const key of keys) {
    if (key === 'name' || isPositionKey(key) || options.ignore?.has(key)) continue;
    // `renames` (new name -> old) applies to head only: a formula following a renamed metric is unchanged.
    if (canonicalJson(normaliseEmpty(b[key])) === canonicalJson(normaliseEmpty(a[key]), options.renames)) continue;
    changes.push(fieldChange(`${options.prefix ?? ''}${key}`, b[key], a[key], isBreaking(key)));
  }
  return changes;
}

export function fieldChange(field: string, before: unknown, after: unknown, breaking: boolean): FieldChange {
  const change: { field: string; before?: string; after?: string; breaking: boolean } = { field, breaking };
  const beforeText = displayValue(before);
  const afterText = displayValue(after);
  if (beforeText !== undefined) change.before = beforeText;
  if (afterText !== undefined) change.after = afterText;
  return change;
}

/** An absent optional field and an explicit null or empty list mean the same thing. */
function normaliseEmpty(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return value;
}
