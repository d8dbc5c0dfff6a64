/**
 * The `zoneOffset` node: a balanced CASE over a zone's transition instants. It is the largest part
 * of most statements (one per local-day column, repeated in WHERE), and depends only on the
 * dialect, the transition table and the operand's text, so its text and bindings (the instants)
 * are built once per triple and reused, as long as the operand holds no binding of its own.
 */
import type { ZoneTransitions } from './ast.js';
import type { Dialect } from './dialect.js';
import type { Fragment, PlaceholderText, RenderContext } from './render-context.js';
import type { SqlValue } from './values.js';

// Tables are shared objects (the planner caches them per zone and span), so they key the cache.
const rendered = new WeakMap<ZoneTransitions, WeakMap<Dialect, Map<string, Fragment>>>();
/** Operand texts kept per table and dialect: catalog time columns, so a small number. */
const OPERANDS_PER_TABLE = 256;

/**
 * The offset at `operand`. For a timestamp lying after transition `lo - 1` and before transition
 * `hi`, the tree halves the interval at each CASE, as a binary search would. An operand holding
 * bindings is repeated at each comparison, its values bound each time.
 */
function buildCase(dialect: Dialect, instant: PlaceholderText, zone: ZoneTransitions, operand: Fragment): Fragment {
  const before = (i: number): number => (i === 0 ? zone.initial : zone.transitions[i - 1]!.offset);
  // Pieces joined once: the cached text is then one flat string, not a tree of concatenations that
  // every statement using it would walk again.
  const out: string[] = [];
  const values: SqlValue[] = [];
  const search = (lo: number, hi: number): void => {
    if (lo === hi) {
      out.push(String(before(lo)));
      return;
    }
    const mid = (lo + hi) >> 1;
    out.push('CASE WHEN (', operand.sql, ' < ', instant.sql, ') THEN ');
    values.push(...operand.values);
    const at = dialect.bindValue(zone.transitions[mid]!.at);
    for (let i = 0; i < instant.count; i++) values.push(at);
    search(lo, mid);
    out.push(' ELSE ');
    search(mid + 1, hi);
    out.push(' END');
  };
  search(0, zone.transitions.length);
  return { sql: out.join(''), values };
}

function cached(dialect: Dialect, instant: PlaceholderText, zone: ZoneTransitions, operand: Fragment): Fragment {
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
  let fragment = byOperand.get(operand.sql);
  if (fragment === undefined) {
    fragment = buildCase(dialect, instant, zone, operand);
    if (byOperand.size >= OPERANDS_PER_TABLE) byOperand.clear();
    byOperand.set(operand.sql, fragment);
  }
  return fragment;
}

/** Write the offset CASE at `operand` (already rendered). */
export function writeZoneOffset(zone: ZoneTransitions, operand: Fragment, ctx: RenderContext): void {
  const instant = ctx.timestampParam;
  // Operand bindings belong to this rendering: such a CASE is built afresh, not cached.
  ctx.write(operand.values.length > 0 ? buildCase(ctx.dialect, instant, zone, operand) : cached(ctx.dialect, instant, zone, operand));
}
