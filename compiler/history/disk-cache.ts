import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A JSON file per key under a folder (`.canon/cache/`), so a long history is compiled once. Entries
 * are immutable (keys are content hashes), which makes invalidation a non-issue: a stale entry is
 * simply never asked for again. Writes go to a temporary file first so a killed run leaves no
 * half-written entry.
 */
export interface JsonCache {
  get<T>(bucket: string, key: string): T | undefined;
  set(bucket: string, key: string, value: unknown): void;
}

export function diskCache(folder: string): JsonCache {
  const pathOf = (bucket: string, key: string): string => join(folder, bucket, key.slice(0, 2), `${key}.json`);
  return {
    get<T>(bucket: string, key: string): T | undefined {
      try {
        return JSON.parse(readFileSync(pathOf(bucket, key), 'utf8')) as T;
      } catch {
        return undefined; // missing or unreadable: recompute
      }
    },
    set(bucket: string, key: string, value: unknown): void {
      const path = pathOf(bucket, key);
      try {
        mkdirSync(dirname(path), { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(value));
        renameSync(temporary, path);
      } catch {
        // A read-only checkout still gets a changelog, only slower.
      }
    },
  };
}

/** No caching at all (`--no-cache`, tests of cold behaviour). */
export const noCache: JsonCache = {
  get: () => undefined,
  set: () => undefined,
};
