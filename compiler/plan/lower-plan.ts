/**
 * Logical plan -> SQL statement. Leaves become CTEs; they are combined on the requested keys with
 * FULL OUTER JOIN semantics, spelled the same on every engine (MySQL has no FULL JOIN): the
 * unshifted leaves stacked with UNION ALL and grouped by the keys (lower-combine.ts); shifted leaves
 * are only LEFT JOINed. Outputs are value expressions over leaf columns; ordering and the limit apply
 * to a final `result` CTE so ORDER BY can use output names on every engine.
 */
import type { Catalog } from '../catalog/types.js';
import type { Expr, LagExpr, MetricExpr } from '../expr/ast.js';
import type { Cte, Join, OrderItem, SelectColumn, SqlExpr, Statement } from '../sql/ast.js';
import { and, as, bin, col, cte, cteRef, join, list, mapList, pushAll, select } from '../sql/build.js';
import type { LowerContext } from './lower-context.js';
import { dimensionColumn } from './lower-context.js';
import { stackedColumn, stackLeaves, type Stack } from './lower-combine.js';
import { internedKey } from './json-key.js';
import { lowerExpr, type ExprLowering } from './lower-expr.js';
import { lowerAggregate, lowerConversion, lowerCumulative, lowerMergedAggregate } from './lower-leaf.js';
import { mergedValueColumn } from './lower-rows.js';
import { formattedDate, zeroWhenMissing } from './planner-columns.js';
import type { AggregateLeaf, Leaf, QueryPlan, ValueExpr } from './plan.js';
import { formulaInputKey } from './plan-request.js';
import { grainShift } from './time-sql.js';
import { numberedName } from './planner-names.js';
import { measureNamed } from './catalog-index.js';

const LEAF_LOWERING: { readonly [K in Leaf['kind']]: (ctx: LowerContext, leaf: Extract<Leaf, { kind: K }>) => Cte[] } = {
  aggregate: lowerAggregate,
  cumulative: lowerCumulative,
  conversion: lowerConversion,
};

/** Leaves whose missing rows mean zero (counts): a period with no events counts 0, not NULL. */
function zeroFilledLeaves(catalog: Catalog, plan: QueryPlan): Set<string> {
  const out = new Set<string>();
  for (const leaf of plan.leaves) {
    if (leaf.kind === 'conversion') out.add(leaf.id);
    else {
      const agg = measureNamed(catalog, leaf.input.measure)?.agg;
      if (agg === 'count' || agg === 'count_distinct' || agg === 'sum_boolean') out.add(leaf.id);
    }
  }
  return out;
}

/** Where a plan leaf's value columns live: its own CTE, or a merged CTE under another column name. */
interface LeafHome {
  readonly cte: string;
  /** Column holding the leaf's `value` in that CTE. */
  readonly value: string;
}

/**
 * Plain aggregate leaves that can share one scan: same model, time dimension, keys (dimension
 * paths), shift and range. Filters may differ; lowerMergedAggregate moves those into the measures.
 * A request has a handful of leaves, so each is compared with the first leaf of each group so far
 * (field by field) rather than keyed by a string built and hashed per leaf.
 */
function mergeGroups(catalog: Catalog, plan: QueryPlan): AggregateLeaf[][] {
  const groups: AggregateLeaf[][] = [];
  for (const leaf of plan.leaves) {
    if (leaf.kind !== 'aggregate' || leaf.snapshot !== null) continue;
    let group: AggregateLeaf[] | undefined;
    for (let g = 0; g < groups.length && group === undefined; g++) if (sameScan(catalog, groups[g]![0]!, leaf)) group = groups[g];
    if (group) group.push(leaf);
    else groups.push([leaf]);
  }
  const merged: AggregateLeaf[][] = [];
  for (const g of groups) if (g.length > 1) merged.push(g);
  return merged;
}

/** Same model, time dimension, reached dimensions (equal interned JSON), shift and range. */
function sameScan(catalog: Catalog, a: AggregateLeaf, b: AggregateLeaf): boolean {
  if (a.input.model !== b.input.model || a.input.timeDimension !== b.input.timeDimension) return false;
  if (a.range.from !== b.range.from || a.range.to !== b.range.to) return false;
  if (a.shift !== b.shift && (a.shift === null || b.shift === null || a.shift.months !== b.shift.months || a.shift.days !== b.shift.days)) return false;
  const x = a.input.dimensions;
  const y = b.input.dimensions;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && internedKey(catalog, x[i]!) !== internedKey(catalog, y[i]!)) return false;
  return true;
}

/**
 * Where the combine reads leaf values: a leaf column through its alias (`"l2"."value"`), or the
 * stack's column for it (`"k"."l1_value"`), zero-filled for count-like leaves. A class rather
 * than closures or bound functions: under tsx (npm scripts) every named closure is wrapped in a
 * defineProperty call per request, which also sends bind() down its slow path.
 */
class Combine {
  constructor(
    private readonly aliases: ReadonlyMap<string, string>,
    private readonly stack: Stack | undefined,
    private readonly zeroFilled: ReadonlySet<string>,
    private readonly homes: ReadonlyMap<string, LeafHome>,
  ) {}

  columnOf(cte: string, column: string): SqlExpr {
    const inStack = this.stack === undefined ? undefined : stackedColumn(this.stack, cte, column);
    return inStack === undefined ? col(this.aliases.get(cte)!, column) : col('k', inStack);
  }

  value(value: ValueExpr): SqlExpr {
    switch (value.kind) {
      case 'leaf': {
        const home = this.homes.get(value.leaf)!;
        const column = this.columnOf(home.cte, value.column === 'value' ? home.value : value.column);
        return this.zeroFilled.has(value.leaf) ? zeroWhenMissing(column) : column;
      }
      case 'ratio':
        return { kind: 'safeDivide', numerator: this.value(value.numerator), denominator: this.value(value.denominator) };
      case 'change': {
        const current = this.value(value.current);
        const previous = this.value(value.previous);
        const diff: SqlExpr = { kind: 'binary', op: '-', left: current, right: previous };
        return value.relative ? { kind: 'safeDivide', numerator: diff, denominator: previous } : diff;
      }
      case 'formula':
        return lowerExpr(value.expr, new FormulaLowering(this, value.inputs));
    }
  }
}

/** A derived formula's `metric` / `lag` nodes as the combine's values of their planned inputs. */
class FormulaLowering implements ExprLowering {
  constructor(private readonly combine: Combine, private readonly inputs: Readonly<Record<string, ValueExpr>>) {}

  metric(node: MetricExpr | LagExpr): SqlExpr {
    const key = node.kind === 'metric'
      ? formulaInputKey(node.name, null)
      : formulaInputKey((node.metric as MetricExpr).name, grainShift(node.offset.grain, node.offset.count));
    const input = this.inputs[key];
    if (!input) throw new Error(`derived formula input '${key}' was not planned`);
    return this.combine.value(input);
  }
}

/** Leaf rows match on the keys: metric_time with plain `=` (never NULL in a leaf), dimensions null-safely. */
function keyMatch(left: string, right: string, c: string): SqlExpr {
  return c === 'metric_time' ? bin('=', col(left, c), col(right, c)) : { kind: 'nullSafeEquals', left: col(left, c), right: col(right, c) };
}

/** The value columns of a leaf's final CTE: its select list without the key columns. */
function valueColumns(ctes: readonly Cte[], name: string, keys: readonly string[]): string[] {
  const query = ctes.find((c) => c.name === name)?.query;
  if (query?.kind !== 'select') throw new Error(`leaf CTE '${name}' is missing or not a select`);
  const out: string[] = [];
  for (const c of query.columns) if (!keys.includes(c.alias)) out.push(c.alias);
  return out;
}

/** Without an explicit order: `metric_time`, then the dimensions, ascending. */
function defaultOrder(plan: QueryPlan): OrderItem[] {
  const order: OrderItem[] = [];
  if (plan.time) order.push({ expr: col('result', 'metric_time'), descending: false });
  for (const d of plan.dimensions) order.push({ expr: col('result', d.column), descending: false });
  return order;
}

export function lowerPlan(catalog: Catalog, plan: QueryPlan, options: { readonly recursiveSpine?: boolean } = {}): Statement {
  // Object elements even when empty (build.ts list): hot loops over it then meet one map.
  const dimensionColumns = list<string>();
  for (let i = 0; i < plan.dimensions.length; i++) dimensionColumns.push(dimensionColumn(i));
  const ctx: LowerContext = { catalog, plan, dimensionColumns, recursiveSpine: options.recursiveSpine ?? false };
  const ctes: Cte[] = [];
  const homes = new Map<string, LeafHome>();
  const mergedCtes = new Map<string, Cte[]>();
  for (const group of mergeGroups(catalog, plan)) {
    const merged = lowerMergedAggregate(ctx, group);
    if (merged === null) continue;
    mergedCtes.set(group[0]!.id, merged);
    group.forEach((leaf, i) => homes.set(leaf.id, { cte: group[0]!.id, value: mergedValueColumn(i) }));
  }
  // The CTEs the combine reads: one per leaf, except leaves folded into a merged CTE.
  const sources: Leaf[] = [];
  for (const leaf of plan.leaves) {
    const home = homes.get(leaf.id);
    if (home && home.cte !== leaf.id) continue;
    if (!home) homes.set(leaf.id, { cte: leaf.id, value: 'value' });
    sources.push(leaf);
    pushAll(ctes, mergedCtes.get(leaf.id) ?? (LEAF_LOWERING[leaf.kind] as (c: LowerContext, l: Leaf) => Cte[])(ctx, leaf));
  }

  // Pushed, not spread (spreads over arrays of differing element kinds deoptimised lowerPlan).
  const keyColumns = pushAll(list<string>(), dimensionColumns);
  if (plan.time) keyColumns.push('metric_time');
  // metric_time is never NULL in a leaf (rows without a day are dropped), so it joins with plain
  // equality: hashable everywhere, and PostgreSQL then estimates the combine sanely instead of
  // multiplying nested loops into costs that trigger seconds of JIT compilation.
  const zeroFilled = zeroFilledLeaves(catalog, plan);
  const aliases = new Map<string, string>();
  sources.forEach((leaf, i) => aliases.set(leaf.id, numberedName('l', i + 1)));
  const joins: Join[] = [];
  let from;
  let keySource: string | undefined;
  let stacked: Stack | undefined;
  const unshifted = sources.filter((l) => l.shift === null);
  if (keyColumns.length > 0 && unshifted.length === 1) {
    // One leaf gives the keys: its rows are already one per key (it groups by them), so it is the
    // row source itself rather than a union of keys joined back to it (a self-join per request).
    const keyLeaf = unshifted[0]!;
    keySource = aliases.get(keyLeaf.id)!;
    from = cteRef(keyLeaf.id, keySource);
    for (const leaf of sources) {
      if (leaf === keyLeaf) continue;
      const alias = aliases.get(leaf.id)!;
      const on = and(mapList(keyColumns, (c) => keyMatch(keySource!, alias, c)));
      joins.push(join('left', cteRef(leaf.id, alias), on));
    }
  } else if (keyColumns.length === 0) {
    // No keys: every leaf is a single row.
    from = cteRef(sources[0]!.id, aliases.get(sources[0]!.id)!);
    for (const leaf of sources.slice(1)) joins.push(join('cross', cteRef(leaf.id, aliases.get(leaf.id)!), null));
  } else if (unshifted.length > 1) {
    // Several leaves give keys: stacked and grouped in one pass (lower-combine.ts); shifted
    // leaves only add values to the keys, so they stay LEFT JOINs.
    keySource = 'k';
    const stack = stackLeaves(mapList(unshifted, (leaf) => ({ cte: leaf.id, alias: aliases.get(leaf.id)!, values: valueColumns(ctes, leaf.id, keyColumns) })), keyColumns);
    pushAll(ctes, stack.ctes);
    from = cteRef(stack.name, 'k');
    stacked = stack;
    for (const leaf of sources) {
      if (leaf.shift === null) continue;
      const alias = aliases.get(leaf.id)!;
      joins.push(join('left', cteRef(leaf.id, alias), and(mapList(keyColumns, (c) => keyMatch('k', alias, c)))));
    }
  } else {
    // Only shifted leaves: the union of their keys, each LEFT JOINed back.
    keySource = 'k';
    ctes.push(cte('request_keys', {
      kind: 'union',
      all: false,
      queries: mapList(sources, (leaf) => select({ columns: mapList(keyColumns, (c) => as(col('x', c), c)), from: cteRef(leaf.id, 'x') })),
    }));
    from = cteRef('request_keys', 'k');
    for (const leaf of sources) {
      const alias = aliases.get(leaf.id)!;
      const on = and(mapList(keyColumns, (c) => keyMatch('k', alias, c)));
      joins.push(join('left', cteRef(leaf.id, alias), on));
    }
  }
  const combine = new Combine(aliases, stacked, zeroFilled, homes);
  const columns: SelectColumn[] = [];
  plan.dimensions.forEach((d, i) => {
    columns.push(as(d.type === 'time' ? formattedDate(keySource!, dimensionColumn(i)) : col(keySource, dimensionColumn(i)), d.column));
  });
  if (plan.time) columns.push(as(formattedDate(keySource!, 'metric_time'), 'metric_time'));
  for (const output of plan.outputs) columns.push(as(combine.value(output.value), output.column));
  ctes.push(cte('result', select({ columns, from, joins })));

  const orderBy = plan.orderBy.length > 0
    ? mapList(plan.orderBy, (o) => ({ expr: col('result', o.column), descending: o.descending }))
    : defaultOrder(plan);
  const body = select({
    columns: mapList(columns, (c) => as(col('result', c.alias), c.alias)),
    from: cteRef('result', 'result'),
    orderBy,
    limit: plan.limit,
  });
  return { kind: 'statement', ctes, body };
}

export type { Expr };
