import { createHash, hash } from 'node:crypto';
import type { QueryResult, SqlValue } from '../../adapters/connection.js';

/**
 * Where query results are kept between requests. Implementations never throw: a cache that is down
 * is a miss, never a failed query.
 */
export interface ResultCache {
  /** `memory` (per process, the default) or `redis` (shared by every instance). */
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<QueryResult | undefined>;
  /**
   * What `get` would answer, at once, for a store in this process (the memory cache). Absent for
   * remote stores. Saves the uncached path a trip through the microtask queue per lookup.
   */
  peek?(key: string): QueryResult | undefined;
  set(key: string, value: QueryResult, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Everything that decides a result: the same parts give the same rows until the TTL runs out. */
export interface ResultKeyParts {
  readonly catalogVersion: string;
  readonly warehouse: string;
  readonly dialect: string;
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
}

export function resultCacheKey(parts: ResultKeyParts): string {
  // Each part goes in behind its length, so no concatenation of two parts can collide with another
  // split. Not JSON of the whole: escaping several KB of SQL (its newlines) took three times as
  // long as hashing it. The statement's digest is kept per SQL text: a request shape filled from
  // its range template (compiler/range-templates.ts) hands back the very same string, which a Map
  // finds without reading it again. Short bindings (a dashboard's dates and a few values) follow
  // the digest as they are: a hash call per request cost ~20 µs in place (bench:server, one at a
  // time), more than the key it shortens. Longer ones are hashed, so keys stay bounded.
  const bindings = JSON.stringify(parts.bindings);
  const tail = bindings.length <= INLINE_BINDINGS ? `v${bindings}` : `h${sha256Hex(bindings)}`;
  return `canon:result:${statementDigest(parts)}:${tail}`;
}

const INLINE_BINDINGS = 512;

function lengthPrefixed(part: string): string {
  return `${part.length}:${part}`;
}

/** SQL text -> the digest of (catalog version, warehouse, dialect, SQL) it was last keyed under. */
const statementDigests = new Map<string, { readonly head: string; readonly digest: string }>();
const MAX_STATEMENT_DIGESTS = 1_000;

function statementDigest(parts: ResultKeyParts): string {
  const head = lengthPrefixed(parts.catalogVersion) + lengthPrefixed(parts.warehouse) + lengthPrefixed(parts.dialect);
  const known = statementDigests.get(parts.sql);
  if (known !== undefined && known.head === head) return known.digest;
  const digest = sha256Hex(head + lengthPrefixed(parts.sql));
  if (statementDigests.size >= MAX_STATEMENT_DIGESTS) statementDigests.clear();
  statementDigests.set(parts.sql, { head, digest });
  return digest;
}

/** Node 20.12+ hashes a string in one call without a Hash object; older 20.x take the object. */
const sha256Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex');
