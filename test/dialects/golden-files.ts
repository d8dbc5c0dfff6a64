/** Where golden SQL lives: test/dialects/golden/<dialect>/<case>.sql and <case>.bindings.json. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'golden');

export function goldenPaths(dialect: string, name: string): { sql: string; bindings: string } {
  return { sql: join(GOLDEN_DIR, dialect, `${name}.sql`), bindings: join(GOLDEN_DIR, dialect, `${name}.bindings.json`) };
}
