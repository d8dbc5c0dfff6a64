/**
 * The `zoneOffset` node: a balanced CASE over a zone's transition instants. It is the largest part
 * of most statements (one per local-day column, repeated in WHERE), and depends only on the
 * dialect, the transition table and the operand's text, so its text is built once per triple and
 * reused: the instants are constant bindings (render-context.ts), valid in any statement.
 */
import type { ZoneTransitions } from './ast.js';
import type { Dialect } from './dialect.js';
import { constantBinding, hasBindingMarker } from './render-context.js';

// Tables are shared objects (the planner caches them per zone and span), so they key the cache.
const rendered = new WeakMap<ZoneTransitions, WeakMap<Dialect, Map<string, string>>>();
/** Operand texts kept per table and dialect: catalog time columns, so a small number. */
const OPERANDS_PER_TABLE = 256;

/**
 * The offset at `operand` (already rendered). For a timestamp lying after transition `lo - 1` and
 * before transition `hi`, the tree halves the interval at each CASE, as a binary search would.
 */
function buildCase(dialect: Dialect, zone: ZoneTransitions, operand: string): string {
  const before = (i: number): number => (i === 0 ? zone.initial : zone.transitions[i - 1]!.offset);
  // Pieces joined once: the cached text is then one flat string, not a tree of concatenations that
  // every statement using it would walk again.
  const out: string[] = [];
  const search = (lo: number, hi: number): void => {
    if (lo === hi) {
      out.push(String(before(lo)));
      return;
    }
    const mid = (lo + hi) >> 1;
    out.push('CASE WHEN (', operand, ' < ', dialect.timestampParam(constantBinding(zone.transitions[mid]!.at)), ') THEN ');
    search(lo, mid);
    out.push(' ELSE ');
    search(mid + 1, hi);
    out.push(' END');
  };
  search(0, zone.transitions.length);
  return out.join('');
}

export function renderZoneOffset(dialect: Dialect, zone: ZoneTransitions, operand: string): string {
  // Operand text holding a binding belongs to this rendering; repeating it is still correct (each
  // occurrence binds the same value again), but it must not be cached.
  if (hasBindingMarker(operand)) return buildCase(dialect, zone, operand);
  let byDialect = rendered.get(zone);
  if (!byDialect) {
    byDialect = new WeakMap();
    rendered.set(zone, byDialect);
  }
  let byOperand = byDialect.get(dialect);
  if (!byOperand) {
    byOperand = new Map();
    byDialect.set(dialect, byOperand);
  }
  let text = byOperand.get(operand);
  if (text === undefined) {
    text = buildCase(dialect, zone, operand);
    if (byOperand.size >= OPERANDS_PER_TABLE) byOperand.clear();
    byOperand.set(operand, text);
  }
  return text;
}
