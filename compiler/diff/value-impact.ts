/** One period of a metric under the old and the new definition. */
export interface ValuePoint {
  /** Period start as `YYYY-MM-DD`. */
  readonly period: string;
  /** Old definition's value; null when it had none for the period. */
  readonly before: number | null;
  readonly after: number | null;
  /** after - before; null unless both are numbers. */
  readonly absolute: number | null;
  /** (after - before) / |before| * 100; null unless both are numbers and before is not 0. */
  readonly percent: number | null;
}

/** A result row as connections return it (compiler/ does not import adapters/). */
type Row = Readonly<Record<string, string | number | boolean | null>>;

/**
 * Pair the old and the new series period by period and keep the last `periods` periods that
 * either has: "the last 6 months of data", whatever today's date is relative to the warehouse.
 */
export function valueImpact(
  before: readonly Row[] | undefined,
  after: readonly Row[] | undefined,
  columns: { readonly time: string; readonly before?: string; readonly after?: string },
  periods: number,
): ValuePoint[] {
  const old = series(before ?? [], columns.time, columns.before);
  const now = series(after ?? [], columns.time, columns.after);
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort().slice(-periods);
  return keys.map((period) => {
    const b = old.get(period) ?? null;
    const a = now.get(period) ?? null;
    const both = b !== null && a !== null;
    return {
      period,
      before: b,
      after: a,
      absolute: both ? round(a - b) : null,
      percent: both && b !== 0 ? round(((a - b) / Math.abs(b)) * 100) : null,
    };
  });
}

function series(rows: readonly Row[], time: string, column: string | undefined): Map<string, number | null> {
  const out = new Map<string, number | null>();
  if (!column) return out;
  for (const row of rows) {
    const t = row[time];
    if (t === null || t === undefined) continue;
    const v = row[column];
    out.set(String(t).slice(0, 10), typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v));
  }
  return out;
}

/** Floating-point noise (0.1 + 0.2) is not a change a reviewer should see. */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
