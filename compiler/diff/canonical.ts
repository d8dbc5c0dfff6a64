/**
 * Canonical forms for comparing two versions of a definition. Source positions are dropped and
 * object keys sorted, so moving a metric to another file, reformatting YAML or an expression
 * (`a<>b` vs `a != b`, extra parentheses) is not a change: the parser already normalised those
 * away in the AST, and only what the AST means is compared.
 */
export function canonicalJson(value: unknown, renames?: ReadonlyMap<string, string>): string {
  return JSON.stringify(canonicalize(value, renames));
}

/** Two values mean the same definition. */
export function sameDefinition(a: unknown, b: unknown, renames?: ReadonlyMap<string, string>): boolean {
  return canonicalJson(a, renames) === canonicalJson(b, renames);
}

/**
 * `renames` maps a new metric name to its old one: a formula that follows a renamed metric is the
 * same formula, so references are rewritten to the old name before comparing.
 */
function canonicalize(value: unknown, renames?: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => canonicalize(v, renames));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (isPositionKey(key)) continue;
    const v = record[key];
    if (v === undefined) continue;
    out[key] = canonicalize(v, renames);
  }
  if (renames && record['kind'] === 'metric' && typeof out['name'] === 'string') {
    out['name'] = renames.get(out['name']) ?? out['name'];
  }
  if (renames && isMetricInput(record) && typeof out['metric'] === 'string') {
    out['metric'] = renames.get(out['metric']) ?? out['metric'];
  }
  return out;
}

/** `{ metric, filter }` of a ratio metric's numerator or denominator. */
function isMetricInput(record: Record<string, unknown>): boolean {
  return typeof record['metric'] === 'string' && 'filter' in record && !('kind' in record);
}

/** Source positions (`range`, `fieldRanges`, ...) say where a definition is written, not what it is. */
export function isPositionKey(key: string): boolean {
  return key === 'range' || key.endsWith('Ranges') || key.endsWith('Range');
}
