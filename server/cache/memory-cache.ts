import type { QueryResult } from '../../adapters/connection.js';
import type { ResultCache } from './result-cache.js';

export interface MemoryCacheOptions {
  /** Most results kept; the least recently used goes first. Default 1000. */
  readonly maxEntries?: number;
}

/** In-process LRU with a TTL per entry. A Map keeps insertion order, which is the recency order here. */
export function memoryCache({ maxEntries = 1000 }: MemoryCacheOptions = {}): ResultCache {
  const entries = new Map<string, { value: QueryResult; expiresAt: number }>();
  const peek = (key: string): QueryResult | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    entries.set(key, entry);
    return entry.value;
  };
  return {
    kind: 'memory',
    async get(key) {
      return peek(key);
    },
    peek,
    async set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: Date.now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    async close() {
      entries.clear();
    },
  };
}
