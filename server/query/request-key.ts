import { scopeKey, type AccessScope } from '../access/access-scope.js';

/**
 * Text that names a request up to meaning-preserving differences: object keys sorted (a client may
 * write `{grain, metrics}` or `{metrics, grain}`), null fields dropped (GraphQL passes an omitted
 * optional input as absent but an explicit null as null; both mean "not set"). Array order is kept:
 * it is meaningful (metric and column order).
 */
export function normalisedJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(normalisedJson).join(',')}]`;
  if (typeof value === 'object') {
    const fields: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field === null || field === undefined) continue;
      fields.push(`${JSON.stringify(key)}:${normalisedJson(field)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

const principalKeys = new WeakMap<AccessScope, string>();

/**
 * Scope and permissions: two principals with the same key may be given the same answers. Worked
 * out once per scope object (principals of one team share their team's).
 */
export function principalKey(scope: AccessScope): string {
  let key = principalKeys.get(scope);
  if (key === undefined) {
    key = `${scopeKey(scope)}|p:${scope.permissions ? [...scope.permissions].sort().join(',') : '*'}`;
    principalKeys.set(scope, key);
  }
  return key;
}

/** The memo key of one request: who asks, where it runs, the row cap, and what is asked. */
export function requestKey(scope: AccessScope, warehouse: string, maxRows: number, input: unknown): string {
  return `${principalKey(scope)}\u0000${warehouse}\u0000${maxRows}\u0000${normalisedJson(input)}`;
}
