import { createHash } from 'node:crypto';

/**
 * sha256 over every file read, in sorted path order. Path and text are each followed by a NUL so
 * moving text from the end of one file to the start of the next changes the hash.
 */
export function contentHash(files: Iterable<readonly [path: string, text: string]>): string {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const [path, text] of sorted) {
    hash.update(path);
    hash.update('\0');
    hash.update(text);
    hash.update('\0');
  }
  return hash.digest('hex');
}
