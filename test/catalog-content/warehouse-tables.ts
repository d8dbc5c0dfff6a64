import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './catalog-files.js';

/**
 * The sample warehouse's tables as docs/sample-warehouse.md describes them: the one place the
 * table generator and the catalog both read, so a column the catalog uses must appear there.
 */

export interface WarehouseColumn {
  readonly name: string;
  /** First word of the declared type: int, text, date, timestamp, decimal, boolean, double. */
  readonly type: string;
}

/** Splits on commas that are not inside parentheses (value lists like (`smb`,`mid_market`)). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim());
}

export function readWarehouseTables(): ReadonlyMap<string, readonly WarehouseColumn[]> {
  const markdown = readFileSync(join(PROJECT_ROOT, 'docs/sample-warehouse.md'), 'utf8');
  const tables = new Map<string, WarehouseColumn[]>();
  for (const line of markdown.split('\n')) {
    const row = /^\|\s*`([a-z_]+)`\s*\|(.*)\|\s*$/.exec(line);
    if (!row) continue;
    const [, table, columnsCell] = row;
    const columns = splitTopLevel(columnsCell!).map((spec) => {
      const [name, type] = spec.split(/\s+/);
      return { name: name!, type: type ?? '' };
    });
    tables.set(table!, columns);
  }
  return tables;
}
