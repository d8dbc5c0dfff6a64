/**
 * Names the planner gives CTEs, aliases and columns (`leaf_1`, `leaf_1_rows`, `l1`, `d0`,
 * `value_2`, `l1_value`), made once and reused rather than concatenated per request. The renderer
 * looks every name up in its per-dialect quoting tables: a string built per request is a new
 * (often unflattened) string whose hash V8 computes again at each lookup, while a reused one keeps
 * its hash. The names depend only on small counters and planner constants; the tables are bounded
 * (cleared past a limit, like the quoting tables), so a huge request only builds names afresh.
 */

const LIMIT = 10_000;
const numbered = new Map<string, string[]>();
const joined = new Map<string, Map<string, string>>();
let joinedSize = 0;

/** `${prefix}${n}` (`d0`, `l1`), the same string object every time. */
export function numberedName(prefix: string, n: number): string {
  let names = numbered.get(prefix);
  if (names === undefined) {
    names = [];
    numbered.set(prefix, names);
  }
  let name = names[n];
  if (name === undefined) {
    name = `${prefix}${n}`;
    if (n < LIMIT) names[n] = name;
  }
  return name;
}

/** `${prefix}_${suffix}` (`leaf_1_rows`, `l1_value`), the same string object every time. */
export function joinedName(prefix: string, suffix: string): string {
  let bySuffix = joined.get(prefix);
  let name = bySuffix?.get(suffix);
  if (name !== undefined) return name;
  name = `${prefix}_${suffix}`;
  // Bounded across all prefixes: past the limit the table starts again (names are rebuilt, never wrong).
  if (joinedSize >= LIMIT) {
    joined.clear();
    joinedSize = 0;
    bySuffix = undefined;
  }
  if (bySuffix === undefined) {
    bySuffix = new Map();
    joined.set(prefix, bySuffix);
  }
  bySuffix.set(suffix, name);
  joinedSize++;
  return name;
}
