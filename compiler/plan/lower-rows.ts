/**
 * The row source of one leaf: the measure's model with the joins its dimensions and filters need,
 * projecting dimension keys (`d0`..), the local calendar day of the time dimension (`metric_day`)
 * and the measure's per-row value (`value`). When a join fans out (one-to-many), rows are
 * de-duplicated on the base model's primary key so the measure is never counted twice.
 */
import type { Catalog, Dimension, Measure, SemanticModel } from '../catalog/types.js';
import type { DimensionExpr, Expr } from '../expr/ast.js';
import type { FromItem, Join, RangeEnd, SelectColumn, SelectQuery, SqlExpr } from '../sql/ast.js';
import { and, as, bin, join, list, pushAll, select } from '../sql/build.js';
import { shared } from '../sql/shared.js';
import { walkExpr } from '../expr/walk-expr.js';
import { nestedMap } from './catalog-memo.js';
import { hopsForReference } from './dimension-reach.js';
import type { LowerContext } from './lower-context.js';
import { dimensionColumn } from './lower-context.js';
import { jsonKey } from './json-key.js';
import type { ExprLowering } from './lower-expr.js';
import { hasReferences, lowerExpr, lowerOnTable, plainOnTable } from './lower-expr.js';
import type { DateRange, JoinHop, MeasureInput } from './plan.js';
import { localDay, localDayBound, sharedTimeColumn } from './time-sql.js';
import { numberedName } from './planner-names.js';
import { dimensionNamed, measureNamed } from './catalog-index.js';

export const BASE_ALIAS = 'base';

/** The hops of a reference on the row source's own model. */
const NO_HOPS: readonly JoinHop[] = list<JoinHop>();

export function modelSource(model: SemanticModel, alias: string): FromItem {
  if (model.table !== undefined) return { kind: 'table', name: model.table, alias };
  if (model.sql !== undefined) return { kind: 'rawSql', sql: model.sql, alias };
  throw new Error(`model '${model.name}' has neither table nor sql`);
}

export function findMeasure(ctx: LowerContext, name: string): Measure {
  const measure = measureNamed(ctx.catalog, name);
  if (!measure) throw new Error(`measure '${name}' missing from the catalog`);
  return measure;
}

/** Joins of one leaf, keyed by hop path; aliases are entity paths, deterministic. */
class JoinSet {
  private readonly aliases = new Map<string, string>();
  /** Aliases given so far (the values of `aliases`). */
  private readonly used = new Set<string>();
  readonly joins: Join[] = list<Join>();
  fanOut = false;

  /**
   * @param build false to only record which joins would be registered (hop paths and fan-out)
   * without building their SQL: joinShape compares leaves' joins that way.
   */
  constructor(private readonly ctx: LowerContext, readonly base: string, private readonly build = true) {}

  /** The hop paths registered so far, in registration order: equal sequences mean equal joins. */
  keys(): string {
    return [...this.aliases.keys()].join('\n');
  }

  aliasFor(hops: readonly JoinHop[]): string {
    let alias = BASE_ALIAS;
    let model = this.base;
    // Key and default alias of each hop prefix, grown hop by hop.
    let key = '';
    let path = '';
    for (let i = 0; i < hops.length; i++) {
      const hop = hops[i]!;
      key = i === 0 ? `${hop.entity}>${hop.to}` : `${key}/${hop.entity}>${hop.to}`;
      path = i === 0 ? hop.entity : `${path}__${hop.entity}`;
      let next = this.aliases.get(key);
      if (next === undefined) {
        next = path;
        if (this.used.has(next) || next === BASE_ALIAS) next = `${next}_${this.aliases.size + 1}`;
        this.aliases.set(key, next);
        this.used.add(next);
        if (hop.fanOut) this.fanOut = true;
        if (!this.build) {
          alias = next;
          model = hop.to;
          continue;
        }
        this.joins.push(joinOf(this.ctx.catalog, model, alias, hop, next));
      }
      alias = next;
      model = hop.to;
    }
    return alias;
  }
}

// A join is a function of the catalog and five names (the model and alias it leaves, the entity,
// the model and alias it reaches), so each is built once per catalog and its ON condition is a
// shared node, rendered once per dialect. The hop (a per-catalog object from dimension-reach.ts)
// fixes the catalog, the model it leaves, the entity and the target, so joins are kept per hop,
// then alias and next alias (entity paths: a small set per catalog), without a joined key string
// built and hashed per join and row source.
const joinMemo = new WeakMap<JoinHop, Map<string, Map<string, Join>>>();

function joinOf(catalog: Catalog, model: string, alias: string, hop: JoinHop, next: string): Join {
  // Hops chain (each leaves the model the previous one reached), so `model` is the hop's own.
  if (hop.from !== model) throw new Error(`join hop from '${hop.from}' used from model '${model}'`);
  const byNext = nestedMap(nestedMap(joinMemo, hop), alias);
  let built = byNext.get(next);
  if (built === undefined) {
    built = buildJoin(catalog, model, alias, hop.entity, hop.to, next);
    byNext.set(next, built);
  }
  return built;
}

function buildJoin(catalog: Catalog, model: string, alias: string, entity: string, target: string, next: string): Join {
  const to = catalog.models[target]!;
  const left = lowerOnTable(entityExpr(catalog.models[model]!, entity), alias);
  const right = lowerOnTable(entityExpr(to, entity), next);
  return join('left', modelSource(to, next), shared(bin('=', left, right)));
}

function entityExpr(model: SemanticModel, entity: string): Expr {
  const e = model.entities.find((x) => x.name === entity);
  if (!e) throw new Error(`model '${model.name}' has no entity '${entity}'`);
  return e.expr;
}

function dimensionOf(ctx: LowerContext, model: string, name: string): Dimension {
  const d = dimensionNamed(ctx.catalog, model, name);
  if (!d) throw new Error(`dimension '${model}.${name}' missing from the catalog`);
  return d;
}

/** SQL for a dimension of the model reached through `hops`, normalised by type. */
function dimensionSql(ctx: LowerContext, joins: JoinSet, hops: readonly JoinHop[], dim: Dimension): SqlExpr {
  const alias = joins.aliasFor(hops);
  const onTable = plainOnTable(dim.expr, alias);
  if (onTable !== null) {
    return dim.type === 'time' ? sharedTimeColumn(onTable, dim.dataType === 'date' ? 'date' : 'timestamp') : onTable;
  }
  const raw = lowerExpr(dim.expr, new JoinedLowering(ctx, joins, hops, alias));
  if (dim.type !== 'time') return raw;
  return dim.dataType === 'date' ? { kind: 'asDate', operand: raw } : { kind: 'asTimestamp', operand: raw };
}

/**
 * Lowering on `table`, whose dimension references join from the end of `prefix` (a row source's
 * base model when empty). A class rather than a closure or a bound function: one is made per row
 * source and per dimension expression with references, and under tsx (npm scripts) every named
 * closure is wrapped in a defineProperty call, which also sends bind() down its slow path.
 */
class JoinedLowering implements ExprLowering {
  constructor(
    private readonly ctx: LowerContext,
    private readonly joins: JoinSet,
    private readonly prefix: readonly JoinHop[],
    readonly table: string,
  ) {}

  dimension(node: DimensionExpr): SqlExpr {
    return nestedDimension(this.ctx, this.joins, this.prefix, node);
  }
}

function nestedDimension(ctx: LowerContext, joins: JoinSet, prefix: readonly JoinHop[], node: DimensionExpr): SqlExpr {
  const from = prefix.length === 0 ? joins.base : prefix[prefix.length - 1]!.to;
  const own = hopsForReference(ctx.catalog, from, node);
  const hops = prefix.length === 0 ? own : [...prefix, ...own];
  return dimensionSql(ctx, joins, hops, dimensionOf(ctx, node.model, node.name));
}

/** A time dimension as the local calendar day (DATE) in the project zone. */
function localDaySql(ctx: LowerContext, value: SqlExpr, dim: Dimension, range: DateRange): SqlExpr {
  return dim.dataType === 'date' ? value : localDay(value, ctx.catalog.project.timeZone, range);
}

/** `metric_day op day`, on the raw timestamp where that selects the same rows (localDayBound). */
function dayBound(ctx: LowerContext, at: SqlExpr, dim: Dimension, metricDay: SqlExpr, range: DateRange, op: '>=' | '<', day: string, end: RangeEnd): SqlExpr {
  const bound = dim.dataType === 'date' ? null : localDayBound(at, ctx.catalog.project.timeZone, range, op, day, end);
  return bound ?? bin(op, metricDay, { kind: 'dateParam', value: day, end });
}

/**
 * Every field is always present (undefined when unused) and literals list them in this order, so
 * every options object has one shape and the row builders' loads stay monomorphic.
 */
export interface RowsOptions {
  readonly range: DateRange;
  /** Project `metric_day` from the time dimension. */
  readonly withDay: boolean;
  /** Semi-additive: also project `snapshot_day` from this time dimension. */
  readonly snapshotDimension: string | undefined;
  /** Conversion: project `entity_key` and the raw event time `event_at`. */
  readonly entity: string | undefined;
  /**
   * Keep only rows whose `metric_day` lies in this range, inside the row source: engines that
   * materialise a CTE read twice (PostgreSQL) then never copy rows the range drops anyway.
   */
  readonly keepRange: DateRange | undefined;
}

export interface Rows {
  readonly query: SelectQuery;
  readonly measure: Measure;
  /** Data type of the time dimension (`event_at`), for conversion windows. */
  readonly timeDataType: 'timestamp' | 'date';
}

export function buildRows(ctx: LowerContext, input: MeasureInput, options: RowsOptions): Rows {
  return rowSource(ctx, [input], options, false)!;
}

/** Column of the `index`-th measure of a merged row source (the first keeps `value`). */
export function mergedValueColumn(index: number): string {
  return index === 0 ? 'value' : numberedName('value_', index + 1);
}

/**
 * One row source for several aggregate leaves on the same model, keys and range: the filters all
 * of them share stay in WHERE, each measure's own filters become `CASE WHEN .. THEN value END`, so
 * one scan feeds every measure (aggregates skip the NULLs exactly as WHERE skipped the rows).
 * Null when merging could change a value: a fan-out join (DISTINCT over the union of the rows
 * would differ) or leaves that need different joins.
 */
export function buildMergedRows(ctx: LowerContext, inputs: readonly MeasureInput[], options: RowsOptions): Rows | null {
  // Same dimension references => same joins: the merged build then returns null exactly when a
  // leaf's own row source would have fanned out (DISTINCT), so no per-leaf build is needed.
  if (sameJoinSources(ctx, inputs)) return rowSource(ctx, inputs, options, true);
  const first = joinShape(ctx, inputs[0]!, options);
  if (first === null) return null;
  // From the second input on: the first one's shape is `first` already.
  for (let i = 1; i < inputs.length; i++) if (joinShape(ctx, inputs[i]!, options) !== first) return null;
  return rowSource(ctx, inputs, options, true);
}

/**
 * The joins of one leaf's own row source as text, or null when it fans out (DISTINCT). The joins
 * are registered, without building any SQL, by the same aliasFor calls in the same order as
 * rowSource makes them (key dimensions, time and snapshot dimensions, the measure's value and
 * filter, the input's filters; each dimension's hops, then the references inside its expression in
 * walkExpr order, which is lowerExpr's). A join is a function of its hop path from the base model,
 * so equal path sequences are equal joins. (Building each leaf's whole row source to compare its
 * joins was ~13% of lowering.)
 */
function joinShape(ctx: LowerContext, input: MeasureInput, options: RowsOptions): string | null {
  const joins = new JoinSet(ctx, input.model, false);
  for (const reached of input.dimensions) registerDimension(ctx, joins, reached.hops, dimensionOf(ctx, reached.model, reached.name));
  if (options.withDay || options.entity) {
    if (input.timeDimension === null) throw new Error(`measure '${input.measure}' has no time dimension (planner should have refused)`);
    registerDimension(ctx, joins, NO_HOPS, dimensionOf(ctx, input.model, input.timeDimension));
  }
  if (options.snapshotDimension) registerDimension(ctx, joins, NO_HOPS, dimensionOf(ctx, input.model, options.snapshotDimension));
  const measure = findMeasure(ctx, input.measure);
  if (measure.expr !== null) registerReferences(ctx, joins, NO_HOPS, measure.expr);
  if (measure.filter) registerReferences(ctx, joins, NO_HOPS, measure.filter);
  for (const f of input.filters) registerReferences(ctx, joins, NO_HOPS, f);
  return joins.fanOut ? null : joins.keys();
}

/** The aliasFor calls dimensionSql makes, without SQL. */
function registerDimension(ctx: LowerContext, joins: JoinSet, hops: readonly JoinHop[], dim: Dimension): void {
  joins.aliasFor(hops);
  registerReferences(ctx, joins, hops, dim.expr);
}

/** The aliasFor calls lowering `expr` makes through nestedDimension, in lowering order. */
function registerReferences(ctx: LowerContext, joins: JoinSet, prefix: readonly JoinHop[], expr: Expr): void {
  if (!hasReferences(expr)) return;
  walkExpr(expr, (node) => {
    if (node.kind !== 'dimension') return;
    const from = prefix.length === 0 ? joins.base : prefix[prefix.length - 1]!.to;
    const own = hopsForReference(ctx.catalog, from, node);
    registerDimension(ctx, joins, prefix.length === 0 ? own : [...prefix, ...own], dimensionOf(ctx, node.model, node.name));
  });
}

/**
 * True when every input's row source would register the same joins, without building them. The
 * inputs of a merge group share model, keys, time dimension and options (mergeGroups), so the
 * joins of a leaf's own row source differ only through the dimension references in the
 * expressions lowered after the keys: the measure's value, its filter, the input's filters. Joins
 * are registered per reference in lowering order, which is walkExpr's order (parents first,
 * children in source order), and depend only on the reference's entity path, model and name; so
 * equal reference sequences give equal joins. A false here is only the slow path (the caller
 * compares the built joins), never a different answer.
 */
function sameJoinSources(ctx: LowerContext, inputs: readonly MeasureInput[]): boolean {
  // Filters that are one object at the end of every input's list (the request filter, which every
  // input on the model carries last) append the same references T to every key, and K + T equals
  // K' + T exactly when K equals K' (appendReferences), so they are left out: the request filter is
  // a new tree per request, and walking it meant two WeakMap entries per request.
  const common = commonTrailingFilters(inputs);
  const first = joinSourceKey(ctx, inputs[0]!, common);
  for (let i = 1; i < inputs.length; i++) if (joinSourceKey(ctx, inputs[i]!, common) !== first) return false;
  return true;
}

/** How many filters, counted from the end, are the same object at the same place in every input. */
function commonTrailingFilters(inputs: readonly MeasureInput[]): number {
  const a = inputs[0]!.filters;
  let n = 0;
  for (; n < a.length; n++) {
    const f = a[a.length - 1 - n];
    let everywhere = true;
    for (let i = 1; i < inputs.length && everywhere; i++) {
      const b = inputs[i]!.filters;
      everywhere = n < b.length && b[b.length - 1 - n] === f;
    }
    if (!everywhere) break;
  }
  return n;
}

function joinSourceKey(ctx: LowerContext, input: MeasureInput, skipLast: number): string {
  const measure = findMeasure(ctx, input.measure);
  let key = '';
  if (measure.expr !== null) key = appendReferences(key, measure.expr);
  if (measure.filter) key = appendReferences(key, measure.filter);
  const filters = input.filters;
  for (let k = 0; k < filters.length - skipLast; k++) key = appendReferences(key, filters[k]!);
  return key;
}

function appendReferences(key: string, expr: Expr): string {
  const own = dimensionReferences(expr);
  return own === '' ? key : key === '' ? own : `${key}\u0003${own}`;
}

// Catalog expressions are shared by every request: their reference sequence is walked once.
const referenceMemo = new WeakMap<Expr, string>();

/**
 * The dimension references of `expr` in lowering order, as text: control characters separate the
 * parts (never in catalog names), so equal text means equal sequences.
 */
function dimensionReferences(expr: Expr): string {
  let text = referenceMemo.get(expr);
  if (text === undefined) {
    const parts: string[] = [];
    if (hasReferences(expr)) {
      walkExpr(expr, (node) => {
        if (node.kind === 'dimension') parts.push(`${node.entityPath.join('\u0001')}\u0002${node.model}\u0002${node.name}`);
      });
    }
    text = parts.join('\u0003');
    referenceMemo.set(expr, text);
  }
  return text;
}

/**
 * Whether `filters` holds `f` or a filter with the same JSON. The identity test comes first: the
 * request filter is one lowered object on every input of a merged row source (lowerFilter), so its
 * JSON (built per request) is only computed when the lists differ.
 */
function holdsEqual(filters: readonly SqlExpr[], f: SqlExpr): boolean {
  for (let i = 0; i < filters.length; i++) if (filters[i] === f) return true;
  for (let i = 0; i < filters.length; i++) if (mayEqual(filters[i]!, f) && jsonKey(filters[i]!) === jsonKey(f)) return true;
  return false;
}

/**
 * False only when the JSON of `a` and `b` certainly differs (another kind, operator or column), so
 * most pairs of different filters are told apart without serialising either. A shared node's JSON
 * is its expression's (shared.ts).
 */
function mayEqual(a: SqlExpr, b: SqlExpr): boolean {
  const x = a.kind === 'shared' ? a.expr : a;
  const y = b.kind === 'shared' ? b.expr : b;
  if (x.kind !== y.kind) return false;
  if (x.kind === 'binary' && y.kind === 'binary') return x.op === y.op && mayEqual(x.left, y.left) && mayEqual(x.right, y.right);
  if (x.kind === 'column' && y.kind === 'column') return x.name === y.name && x.table === y.table;
  return true;
}

function or(conditions: readonly SqlExpr[]): SqlExpr {
  return conditions.slice(1).reduce<SqlExpr>((left, right) => bin('or', left, right), conditions[0]!);
}

function rowSource(ctx: LowerContext, inputs: readonly MeasureInput[], options: RowsOptions, merged: boolean): Rows | null {
  const input = inputs[0]!;
  const model = ctx.catalog.models[input.model]!;
  const measure = findMeasure(ctx, input.measure);
  const joins = new JoinSet(ctx, input.model);
  const sameModel = new JoinedLowering(ctx, joins, NO_HOPS, BASE_ALIAS);
  const columns: SelectColumn[] = [];
  const filters = list<SqlExpr>();

  for (let i = 0; i < input.dimensions.length; i++) {
    const reached = input.dimensions[i]!;
    const dim = dimensionOf(ctx, reached.model, reached.name);
    let value = dimensionSql(ctx, joins, reached.hops, dim);
    if (dim.type === 'time') value = localDaySql(ctx, value, dim, options.range);
    columns.push(as(value, dimensionColumn(i)));
  }

  let timeDataType: 'timestamp' | 'date' = 'date';
  if (options.withDay || options.entity) {
    if (input.timeDimension === null) throw new Error(`measure '${measure.name}' has no time dimension (planner should have refused)`);
    const dim = dimensionOf(ctx, input.model, input.timeDimension);
    const at = dimensionSql(ctx, joins, NO_HOPS, dim);
    timeDataType = dim.dataType ?? 'timestamp';
    const metricDay = localDaySql(ctx, at, dim, options.range);
    columns.push(as(metricDay, 'metric_day'));
    // keepRange's ends are always its leaf's range ends (or absent), hence the `end` marks.
    if (options.keepRange?.from) filters.push(dayBound(ctx, at, dim, metricDay, options.range, '>=', options.keepRange.from, 'from'));
    if (options.keepRange?.to) filters.push(dayBound(ctx, at, dim, metricDay, options.range, '<', options.keepRange.to, 'to'));
    if (options.entity) columns.push(as(at, 'event_at'));
  }
  if (options.snapshotDimension) {
    const dim = dimensionOf(ctx, input.model, options.snapshotDimension);
    columns.push(as(localDaySql(ctx, dimensionSql(ctx, joins, NO_HOPS, dim), dim, options.range), 'snapshot_day'));
  }
  if (options.entity) columns.push(as(lowerOnTable(entityExpr(model, options.entity), BASE_ALIAS), 'entity_key'));

  const lowered = new Map<Expr, SqlExpr>();
  if (!merged) {
    columns.push(as(measureValue(measure, sameModel), 'value'));
    pushAll(filters, lowerMeasureFilters(sameModel, lowered, input, measure));
  } else {
    // Loops rather than map/filter/every: their arrays' elements kinds changed once inlined and
    // deoptimised this function ("wrong map").
    const measures = list<Measure>();
    const owns = list<SqlExpr[]>();
    for (const i of inputs) {
      const m = findMeasure(ctx, i.measure);
      measures.push(m);
      owns.push(lowerMeasureFilters(sameModel, lowered, i, m));
    }
    // Filters every leaf applies (the request filter, a shared metric filter) cut rows for all.
    const shared = list<SqlExpr>();
    for (const f of owns[0]!) {
      let everywhere = true;
      for (let k = 1; k < owns.length && everywhere; k++) everywhere = holdsEqual(owns[k]!, f);
      if (everywhere) shared.push(f);
    }
    pushAll(filters, shared);
    const whens = list<SqlExpr | null>();
    let everyWhen = true;
    for (const own of owns) {
      const rest = list<SqlExpr>();
      for (const f of own) if (!holdsEqual(shared, f)) rest.push(f);
      const when = and(rest);
      if (when === null) everyWhen = false;
      whens.push(when);
    }
    // A row no measure keeps must not reach the GROUP BY: it would add a key no leaf had.
    if (everyWhen) filters.push(or(whens as SqlExpr[]));
    for (let index = 0; index < measures.length; index++) {
      const value = measureValue(measures[index]!, sameModel);
      const when = whens[index]!;
      columns.push(as(when === null ? value : { kind: 'case', whens: [{ when, then: value }], otherwise: null }, mergedValueColumn(index)));
    }
  }

  // Resolve joins before deciding on DISTINCT: building the columns registered them.
  if (joins.fanOut) {
    if (merged) return null;
    const key = model.entities.find((e) => e.type === 'primary') ?? model.entities.find((e) => e.type === 'unique');
    if (!key) throw new Error(`model '${model.name}' has no primary entity, so a one-to-many join would double count its measure`);
    columns.unshift(as(lowerOnTable(key.expr, BASE_ALIAS), 'row_key'));
  }
  const query = select({
    distinct: joins.fanOut,
    columns,
    from: modelSource(model, BASE_ALIAS),
    joins: joins.joins,
    where: and(filters),
  });
  return { query, measure, timeDataType };
}

/**
 * A measure's own filter and its input's filters, lowered on the base model. `lowered` keeps, per
 * row source, filters with references already lowered: the request filter is one object on every
 * input of a merged row source, and lowering it again would register no new join, only a new tree
 * (whose JSON the merge would then compute again).
 */
function lowerMeasureFilters(sameModel: ExprLowering, lowered: Map<Expr, SqlExpr>, i: MeasureInput, m: Measure): SqlExpr[] {
  const out = list<SqlExpr>();
  if (m.filter) out.push(lowerFilter(sameModel, lowered, m.filter));
  for (const f of i.filters) out.push(lowerFilter(sameModel, lowered, f));
  return out;
}

function lowerFilter(sameModel: ExprLowering, lowered: Map<Expr, SqlExpr>, f: Expr): SqlExpr {
  const plain = plainOnTable(f, BASE_ALIAS);
  if (plain !== null) return plain;
  let sql = lowered.get(f);
  if (sql === undefined) {
    sql = lowerExpr(f, sameModel);
    lowered.set(f, sql);
  }
  return sql;
}

const ONE: SqlExpr = { kind: 'integer', value: 1 };
/** sum_boolean flags of measures without references, on the base alias: one shared node per measure. */
const flags = new WeakMap<Measure, SqlExpr>();

/** The per-row value the measure aggregates (a 0/1 flag for sum_boolean, a constant for row counts). */
function measureValue(measure: Measure, ctx: Parameters<typeof lowerExpr>[1]): SqlExpr {
  if (measure.expr === null) return ONE;
  const onBase = !hasReferences(measure.expr) && ctx.table === BASE_ALIAS;
  if (onBase && measure.agg === 'sum_boolean') {
    let flag = flags.get(measure);
    if (flag === undefined) {
      flag = shared(booleanFlag(lowerOnTable(measure.expr, BASE_ALIAS)));
      flags.set(measure, flag);
    }
    return flag;
  }
  const value = hasReferences(measure.expr) || ctx.table === undefined ? lowerExpr(measure.expr, ctx) : lowerOnTable(measure.expr, ctx.table);
  return measure.agg === 'sum_boolean' ? booleanFlag(value) : value;
}

function booleanFlag(value: SqlExpr): SqlExpr {
  return { kind: 'case', whens: [{ when: value, then: { kind: 'integer', value: 1 } }], otherwise: { kind: 'integer', value: 0 } };
}
