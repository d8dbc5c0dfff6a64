import { Redis } from 'ioredis';
import type { QueryResult } from '../../adapters/connection.js';
import type { ResultCache } from './result-cache.js';

export interface RedisCacheOptions {
  /** e.g. `redis://127.0.0.1:6379/0`. */
  readonly url: string;
  /** Called when Redis fails; the request goes on as a cache miss. */
  readonly onError?: (error: unknown) => void;
  /** Parsed results kept in process by their text, so a result read again is the same object. Default 1000. */
  readonly parsedEntries?: number;
}

/**
 * Results shared by every server instance through Redis. Redis being down never fails a query:
 * commands fail fast (no offline queue) and count as misses.
 */
export function redisCache({ url, onError = () => {}, parsedEntries = 1000 }: RedisCacheOptions): ResultCache {
  // key -> the text last read and what it parsed to. Unchanged text gives back the same object: no
  // JSON.parse per hit, and the server's memos (which reuse an answer while the cache returns the
  // very result it was built from) work with Redis as with the in-process cache.
  const parsed = new Map<string, { text: string; value: QueryResult }>();
  const parse = (key: string, text: string): QueryResult => {
    const known = parsed.get(key);
    if (known?.text === text) return known.value;
    const value = JSON.parse(text) as QueryResult;
    parsed.delete(key);
    parsed.set(key, { text, value });
    if (parsed.size > parsedEntries) parsed.delete(parsed.keys().next().value as string);
    return value;
  };
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  client.on('error', onError);
  let connecting: Promise<void> | undefined;
  const ready = async (): Promise<void> => {
    if (client.status === 'ready') return;
    if (client.status === 'wait' || client.status === 'end') connecting ??= client.connect().finally(() => (connecting = undefined));
    if (connecting) await connecting;
  };
  return {
    kind: 'redis',
    async get(key) {
      try {
        await ready();
        const text = await client.get(key);
        return text === null ? undefined : parse(key, text);
      } catch (error) {
        onError(error);
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      try {
        await ready();
        await client.set(key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
      } catch (error) {
        onError(error);
      }
    },
    async close() {
      parsed.clear();
      client.disconnect();
    },
  };
}
