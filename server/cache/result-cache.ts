import { createHash } from 'node:crypto';
import type { QueryResult, SqlValue } from '../../adapters/connection.js';

/**
 * Where query results are kept between requests. Implementations never throw: a cache that is down
 * is a miss, never a failed query.
 */
export interface ResultCache {
  /** `memory` (per process, the default) or `redis` (shared by every instance). */
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<QueryResult | undefined>;
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
  const hash = createHash('sha256');
  // JSON keeps the parts apart: no concatenation of two fields can collide with another split.
  hash.update(JSON.stringify([parts.catalogVersion, parts.warehouse, parts.dialect, parts.sql, parts.bindings]));
  return `canon:result:${hash.digest('hex')}`;
}
