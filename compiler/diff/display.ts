import type { Expr } from '../expr/ast.js';
import { exprToText } from '../expr/expr-to-text.js';

/**
 * Display text of a definition field for the PR report and the changelog: expressions as canonical
 * expression text, lists comma-separated, windows as `90 days`, targets as `fiscal_quarter: 0.25`.
 * Undefined, null and empty lists display as absent so "added a tag" reads as `— → sales`.
 */
export function displayValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return value.map((v) => displayValue(v) ?? 'null').join(', ');
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isExpr(value)) return exprToText(value);
  const record = value as Record<string, unknown>;
  if ('metric' in record && 'filter' in record) {
    const filter = record['filter'] ? displayValue(record['filter']) : undefined;
    return filter ? `${String(record['metric'])} where ${filter}` : String(record['metric']);
  }
  if (typeof record['count'] === 'number' && typeof record['grain'] === 'string') {
    return `${record['count']} ${record['grain']}${record['count'] === 1 ? '' : 's'}`;
  }
  if ('period' in record && 'value' in record) return `${String(record['period'])}: ${String(record['value'])}`;
  if ('level' in record) {
    const bound = record['below'] !== undefined ? `below ${String(record['below'])}` : `above ${String(record['above'])}`;
    return `${String(record['level'])} ${bound}`;
  }
  if ('dimension' in record && 'windowChoice' in record) {
    return `${String(record['dimension'])} (${String(record['windowChoice'])})`;
  }
  const parts = Object.keys(record)
    .filter((k) => k !== 'range' && record[k] !== undefined)
    .sort()
    .map((k) => `${k}: ${displayValue(record[k]) ?? '—'}`);
  return `{ ${parts.join(', ')} }`;
}

function isExpr(value: object): value is Expr {
  return typeof (value as { kind?: unknown }).kind === 'string';
}
