import type { KpiMeta, Measure, Metric, MetricInput, SemanticModel, TargetPeriod, Window } from '../catalog/types.js';
import { walkExpr } from '../expr/walk-expr.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Expr, Unit } from '../expr/ast.js';
import { checkExpression } from '../expr/check-expression.js';
import type { DocPath, RawMetric, RawMetricInput } from '../load/documents.js';
import { isDropped, type Definitions } from './collect-definitions.js';
import { lookupDimension } from '../catalog/dimension-lookup.js';
import { parseField } from './expression-origin.js';
import { reportMetricCycles, type MetricEdge } from './metric-cycles.js';
import { divideUnits, unitsAgree } from './metric-units.js';
import { GRAIN_TO_DATE_VALUES, parseWindow } from './metric-windows.js';
import { at, keyAt, type Definition, type DiagnosticSink } from './resolve-context.js';
import { describe, titleCase } from './resolve-models.js';
import { derivedScope, metricFilterScope } from './scopes.js';

const UNITS: readonly Unit[] = ['currency', 'percent', 'ratio', 'count', 'days', 'number'];
const ITEM_RANGES: ReadonlySet<string> = new Set(['focus_areas', 'targets', 'thresholds']);

type MetricDef = Definition<RawMetric>;

/**
 * Resolves every metric against the resolved models: references (measures, metrics, owners, focus
 * areas, entities), filters (with joins), derived formulas, windows, units and cycles.
 */
export function resolveMetrics(defs: Definitions, models: Readonly<Record<string, SemanticModel>>, sink: DiagnosticSink): Record<string, Metric> {
  return new MetricResolver(defs, models, sink).run();
}

class MetricResolver {
  /** Parsed derived formulas (undefined after a syntax error), parsed once so errors report once. */
  private readonly formulas = new Map<string, Expr | undefined>();
  private readonly units = new Map<string, Unit | 'pending'>();
  private readonly edges = new Map<string, MetricEdge[]>();

  constructor(
    private readonly defs: Definitions,
    private readonly models: Readonly<Record<string, SemanticModel>>,
    private readonly sink: DiagnosticSink,
  ) {}

  run(): Record<string, Metric> {
    const names = [...this.defs.metrics.keys()].sort();
    for (const name of names) {
      const def = this.defs.metrics.get(name)!;
      if (def.raw.type === 'derived' && def.raw.expr !== undefined) this.formulas.set(name, parseField(def, ['expr'], def.raw.expr, this.sink));
      this.edges.set(name, this.referenceEdges(def));
    }
    const inCycle = reportMetricCycles(this.edges, this.sink);
    const out: Record<string, Metric> = {};
    for (const name of names) {
      const metric = this.resolveMetric(this.defs.metrics.get(name)!, inCycle);
      if (metric) out[name] = metric;
    }
    return out;
  }

  // ---- references -------------------------------------------------------------------------

  /** Metric references in a definition, with where they are written (for cycles and unknowns). */
  private referenceEdges(def: MetricDef): MetricEdge[] {
    const raw = def.raw;
    if (raw.type === 'ratio') {
      return (['numerator', 'denominator'] as const)
        .filter((side) => raw[side] !== undefined)
        .map((side) => ({ to: inputName(raw[side]!), range: at(def, ...inputPath(raw[side]!, side)) }));
    }
    const formula = this.formulas.get(raw.name);
    if (raw.type !== 'derived' || !formula) return [];
    const edges: MetricEdge[] = [];
    walkExpr(formula, (node) => {
      if (node.kind === 'ref' && node.path.length === 1 && this.defs.metrics.has(node.path[0]!) && node.range) {
        edges.push({ to: node.path[0]!, range: node.range });
      }
    });
    return edges;
  }

  private measure(name: string): { model: string; measure?: Measure } | undefined {
    const found = this.defs.measures.get(name);
    if (!found) return undefined;
    const model = found.model.raw.name;
    const measure = this.models[model]?.measures.find((m) => m.name === name);
    return measure ? { model, measure } : { model };
  }

  /** Reports an unknown measure; returns its model when it exists. */
  private requireMeasure(def: MetricDef, field: DocPath, name: string | undefined): { model: string; measure?: Measure } | undefined {
    if (name === undefined) {
      this.sink.error('missing-field', `${def.raw.type} metric '${def.raw.name}' needs \`${field.join('.')}\``, at(def, 'name'), `Add \`${field.join('.')}:\` naming a measure.`);
      return undefined;
    }
    const found = this.measure(name);
    if (!found && !isDropped(this.defs, 'measure', name)) {
      this.sink.error(
        'unknown-measure',
        `metric '${def.raw.name}' uses measure '${name}', which no semantic model defines`,
        at(def, ...field),
        didYouMean(name, this.defs.measures.keys()) ?? 'Measures are defined under `measures:` of a semantic model; metrics name them without the model.',
      );
    }
    return found;
  }

  // ---- units -------------------------------------------------------------------------------

  /** The metric's unit: as declared, else as computed from its definition. `number` inside a cycle. */
  unitOf(name: string): Unit | undefined {
    const def = this.defs.metrics.get(name);
    if (!def) return undefined;
    if (def.raw.unit !== undefined && UNITS.includes(def.raw.unit as Unit)) return def.raw.unit as Unit;
    return this.computedUnit(name);
  }

  /** What the definition computes, ignoring a declared unit on this metric (not on its inputs). */
  private computedUnit(name: string): Unit {
    const cached = this.units.get(name);
    if (cached === 'pending') return 'number';
    if (cached) return cached;
    this.units.set(name, 'pending');
    const unit = this.computeUnit(this.defs.metrics.get(name)!.raw);
    this.units.set(name, unit);
    return unit;
  }

  private computeUnit(raw: RawMetric): Unit {
    switch (raw.type) {
      case 'simple':
      case 'cumulative':
        return (raw.measure !== undefined ? this.measure(raw.measure)?.measure?.unit : undefined) ?? 'number';
      case 'conversion':
        return raw.calculation === 'conversions' ? 'count' : 'ratio';
      case 'ratio': {
        if (raw.numerator === undefined || raw.denominator === undefined) return 'number';
        return divideUnits(this.unitOf(inputName(raw.numerator)) ?? 'number', this.unitOf(inputName(raw.denominator)) ?? 'number');
      }
      case 'derived': {
        const formula = this.formulas.get(raw.name);
        if (!formula) return 'number';
        const type = checkExpression(formula, this.derivedScope(), { context: 'derived', expect: 'number' }).type;
        return type.base === 'number' ? type.unit : 'number';
      }
    }
  }

  /** Built once: copying every metric name per derived metric made resolve quadratic in catalog size. */
  private derivedScopeCache?: ReturnType<typeof derivedScope>;
  private derivedScope() {
    this.derivedScopeCache ??= derivedScope((name) => this.unitOf(name), [...this.defs.metrics.keys()]);
    return this.derivedScopeCache;
  }

  /** One filter scope per base model: every metric on the model sees the same dimensions. */
  private readonly filterScopes = new Map<string, ReturnType<typeof metricFilterScope>>();
  private filterScope(base: string) {
    let scope = this.filterScopes.get(base);
    if (!scope) this.filterScopes.set(base, (scope = metricFilterScope(this.models, base)));
    return scope;
  }

  // ---- metrics -----------------------------------------------------------------------------

  private resolveMetric(def: MetricDef, inCycle: ReadonlySet<string>): Metric | undefined {
    const before = this.sink.errorCount;
    const meta = this.resolveMeta(def);
    let metric: Metric | undefined;
    switch (def.raw.type) {
      case 'simple':
      case 'cumulative':
        metric = this.resolveMeasureMetric(def, meta);
        break;
      case 'ratio':
        metric = this.resolveRatio(def, meta);
        break;
      case 'derived':
        metric = this.resolveDerived(def, meta, inCycle);
        break;
      case 'conversion':
        metric = this.resolveConversion(def, meta);
        break;
    }
    if (metric && def.raw.unit !== undefined && !inCycle.has(def.raw.name)) {
      const computed = this.computedUnit(def.raw.name);
      if (!unitsAgree(meta.unit, computed)) {
        this.sink.error(
          'unit-mismatch',
          `metric '${def.raw.name}' declares unit ${meta.unit} but its definition computes ${computed}`,
          at(def, 'unit'),
          `Set \`unit: ${computed}\`, or fix the definition so it yields ${meta.unit}.`,
        );
      }
    }
    return this.sink.errorCount > before ? undefined : metric;
  }

  private resolveMeta(def: MetricDef): KpiMeta {
    const raw = def.raw;
    if (raw.owner !== undefined && !this.defs.owners.has(raw.owner) && !isDropped(this.defs, 'owner', raw.owner)) {
      this.sink.error(
        'unknown-owner',
        `metric '${raw.name}' has owner '${raw.owner}', who is not in owners`,
        at(def, 'owner'),
        didYouMean(raw.owner, this.defs.owners.keys()) ?? 'Owners are defined under `owners:` (metrics/owners.yaml).',
      );
    }
    (raw.focus_areas ?? []).forEach((area, i) => {
      if (this.defs.focusAreas.has(area) || isDropped(this.defs, 'focus_area', area)) return;
      this.sink.error(
        'unknown-focus-area',
        `metric '${raw.name}' lists focus area '${area}', which is not defined`,
        at(def, 'focus_areas', i),
        didYouMean(area, this.defs.focusAreas.keys()) ?? `Focus areas: ${[...this.defs.focusAreas.keys()].sort().join(', ')}.`,
      );
    });
    if (raw.unit !== undefined && !UNITS.includes(raw.unit as Unit)) {
      this.sink.error('unknown-unit', `metric '${raw.name}' has unknown unit '${raw.unit}'`, at(def, 'unit'), didYouMean(raw.unit, UNITS) ?? `Use one of: ${UNITS.join(', ')}.`);
    }
    const fieldRanges: Record<string, ReturnType<typeof at>> = {};
    for (const key of Object.keys(raw).sort()) {
      fieldRanges[key] = at(def, key);
      // Items only where a rule or a reviewer points at one entry; tags and audience need no ranges.
      const value = (raw as unknown as Record<string, unknown>)[key];
      if (ITEM_RANGES.has(key) && Array.isArray(value)) value.forEach((_, i) => (fieldRanges[`${key}.${i}`] = at(def, key, i)));
    }
    return {
      name: raw.name,
      label: raw.label ?? titleCase(raw.name),
      description: raw.description ?? '',
      ...(raw.owner !== undefined ? { owner: raw.owner } : {}),
      ...(raw.indicator !== undefined ? { indicator: raw.indicator } : {}),
      focusAreas: [...(raw.focus_areas ?? [])],
      topKpi: raw.top_kpi ?? false,
      ...(raw.stage !== undefined ? { stage: raw.stage as KpiMeta['stage'] } : {}),
      ...(raw.cadence !== undefined ? { cadence: raw.cadence as KpiMeta['cadence'] } : {}),
      audience: [...((raw.audience ?? []) as KpiMeta['audience'])],
      unit: this.unitOf(raw.name) ?? 'number',
      ...(raw.direction !== undefined ? { direction: raw.direction as KpiMeta['direction'] } : {}),
      ...(raw.format !== undefined ? { format: raw.format } : {}),
      targets: (raw.targets ?? []).map((t) => ({ period: t.period as TargetPeriod, value: t.value })),
      thresholds: (raw.thresholds ?? []).map((t) => ({
        level: t.level,
        ...(t.below !== undefined ? { below: t.below } : {}),
        ...(t.above !== undefined ? { above: t.above } : {}),
      })),
      status: raw.status ?? 'draft',
      version: raw.version ?? 1,
      tags: [...(raw.tags ?? [])],
      range: at(def, 'name'),
      fieldRanges,
    };
  }

  private resolveMeasureMetric(def: MetricDef, meta: KpiMeta): Metric | undefined {
    const raw = def.raw;
    const measure = this.requireMeasure(def, ['measure'], raw.measure);
    const filter = raw.filter !== undefined && measure ? this.checkFilter(def, ['filter'], raw.filter, measure.model) : null;
    if (raw.type === 'simple') {
      for (const field of ['window', 'grain_to_date'] as const) {
        if (raw[field] !== undefined) {
          this.sink.error('field-not-for-type', `simple metric '${raw.name}' sets \`${field}\`, which only cumulative metrics have`, keyAt(def, field), 'Use `type: cumulative` for running or trailing totals, or remove the field.');
        }
      }
      return measure && filter !== undefined ? { ...meta, type: 'simple', measure: raw.measure!, filter } : undefined;
    }
    let window: Window | undefined;
    if (raw.window !== undefined) window = this.window(def, raw.window);
    let grainToDate: (typeof GRAIN_TO_DATE_VALUES)[number] | undefined;
    if (raw.grain_to_date !== undefined) {
      if ((GRAIN_TO_DATE_VALUES as readonly string[]).includes(raw.grain_to_date)) grainToDate = raw.grain_to_date as typeof grainToDate;
      else {
        this.sink.error('invalid-grain-to-date', `grain_to_date '${raw.grain_to_date}' of metric '${raw.name}' is not a grain`, at(def, 'grain_to_date'), didYouMean(raw.grain_to_date, GRAIN_TO_DATE_VALUES) ?? `Use one of: ${GRAIN_TO_DATE_VALUES.join(', ')}.`);
      }
    }
    if (raw.window !== undefined && raw.grain_to_date !== undefined) {
      this.sink.error(
        'window-and-grain-to-date',
        `cumulative metric '${raw.name}' sets both \`window\` and \`grain_to_date\``,
        keyAt(def, 'grain_to_date'),
        'Choose one: `window: "90 days"` for a trailing total, `grain_to_date: quarter` for quarter-to-date (neither: running total since the start).',
      );
    }
    if (!measure || filter === undefined) return undefined;
    return {
      ...meta,
      type: 'cumulative',
      measure: raw.measure!,
      filter,
      ...(window ? { window } : {}),
      ...(grainToDate ? { grainToDate } : {}),
    };
  }

  private resolveRatio(def: MetricDef, meta: KpiMeta): Metric | undefined {
    const raw = def.raw;
    const inputs: MetricInput[] = [];
    for (const side of ['numerator', 'denominator'] as const) {
      const input = raw[side];
      if (input === undefined) {
        this.sink.error('missing-field', `ratio metric '${raw.name}' needs a \`${side}\``, at(def, 'name'), `Add \`${side}:\` naming a metric.`);
        continue;
      }
      const name = inputName(input);
      if (!this.requireMetric(def, inputPath(input, side), name)) continue;
      let filter: Expr | null = null;
      if (typeof input !== 'string' && input.filter !== undefined) {
        const base = this.baseModel(name, new Set());
        if (!base && this.restsOnDropped(name, new Set())) continue; // the model is broken, not missing
        // A simple, cumulative or conversion metric always has one model; none means its measure is
        // unknown, which is already reported where it is named.
        if (!base && this.defs.metrics.get(name)!.raw.type !== 'ratio' && this.defs.metrics.get(name)!.raw.type !== 'derived') continue;
        if (!base) {
          this.sink.error(
            'filter-needs-model',
            `the ${side} filter of '${raw.name}' cannot apply to '${name}', a ${this.defs.metrics.get(name)!.raw.type} metric with no single semantic model`,
            at(def, side, 'filter'),
            'Put the filter on the simple metrics the formula is built from instead.',
          );
          continue;
        }
        const checked = this.checkFilter(def, [side, 'filter'], input.filter, base);
        if (checked === undefined) continue;
        filter = checked;
      }
      inputs.push({ metric: name, filter });
    }
    if (inputs.length !== 2) return undefined;
    return { ...meta, type: 'ratio', numerator: inputs[0]!, denominator: inputs[1]! };
  }

  private resolveDerived(def: MetricDef, meta: KpiMeta, inCycle: ReadonlySet<string>): Metric | undefined {
    const raw = def.raw;
    if (raw.expr === undefined) {
      this.sink.error('missing-field', `derived metric '${raw.name}' needs an \`expr\``, at(def, 'name'), 'Add `expr:` with a formula over other metrics, e.g. `won_revenue / deals_won`.');
      return undefined;
    }
    const formula = this.formulas.get(raw.name);
    if (!formula) return undefined;
    // Checked even inside a cycle (units of cycle members read as `number`), so a misspelt name in
    // the same formula is reported now rather than after the cycle is fixed.
    const checked = checkExpression(formula, this.derivedScope(), { context: 'derived', expect: 'number' });
    const dropped = droppedRefs(formula, (path) => path.length === 1 && !this.defs.metrics.has(path[0]!) && isDropped(this.defs, 'metric', path[0]!), this.defs.dropped.size > 0);
    const reported = withoutDropped(renameUnknown(checked.diagnostics, 'unknown-metric'), 'unknown-metric', dropped);
    this.sink.push(...reported);
    if (!checked.expr || inCycle.has(raw.name) || dropped.size > 0) return undefined;
    return { ...meta, type: 'derived', expr: checked.expr };
  }

  private resolveConversion(def: MetricDef, meta: KpiMeta): Metric | undefined {
    const raw = def.raw;
    const base = this.requireMeasure(def, ['base_measure'], raw.base_measure);
    const conversion = this.requireMeasure(def, ['conversion_measure'], raw.conversion_measure);
    let window: Window | undefined;
    if (raw.window === undefined) {
      this.sink.error('missing-field', `conversion metric '${raw.name}' needs a \`window\``, at(def, 'name'), 'Add `window: "30 days"`: how long after the base event a conversion still counts.');
    } else window = this.window(def, raw.window);
    if (raw.entity === undefined) {
      this.sink.error('missing-field', `conversion metric '${raw.name}' needs an \`entity\``, at(def, 'name'), 'Add `entity:` naming the entity that links base and conversion events (e.g. lead).');
      return undefined;
    }
    for (const found of [base, conversion]) {
      const model = found && this.models[found.model];
      if (!model || model.entities.some((e) => e.name === raw.entity)) continue;
      this.sink.error(
        'unknown-entity',
        `conversion metric '${raw.name}' joins on entity '${raw.entity}', but semantic model '${model.name}' (of measure '${found.measure?.name ?? ''}') has no such entity`,
        at(def, 'entity'),
        didYouMean(raw.entity, model.entities.map((e) => e.name)) ?? `Entities of '${model.name}': ${model.entities.map((e) => e.name).join(', ') || 'none'}.`,
      );
    }
    if (!base || !conversion || !window) return undefined;
    return {
      ...meta,
      type: 'conversion',
      entity: raw.entity,
      baseMeasure: raw.base_measure!,
      conversionMeasure: raw.conversion_measure!,
      window,
      calculation: raw.calculation ?? 'conversion_rate',
    };
  }

  private requireMetric(def: MetricDef, path: DocPath, name: string): boolean {
    if (this.defs.metrics.has(name)) return true;
    if (isDropped(this.defs, 'metric', name)) return false; // its own error is reported where it is defined
    this.sink.error(
      'unknown-metric',
      `metric '${def.raw.name}' uses metric '${name}', which is not defined`,
      at(def, ...path),
      didYouMean(name, this.defs.metrics.keys()) ?? 'Ratio inputs are metric names; define it under `metrics:` first.',
    );
    return false;
  }

  /** `segment` or `account.segment` where the dimension or an entity on the way belongs to a dropped model. */
  private namesDroppedModelPart(path: readonly string[]): boolean {
    const dimension = path[path.length - 1];
    if (dimension !== undefined && isDropped(this.defs, 'dimension', dimension)) return true;
    return path.slice(0, -1).some((entity) => isDropped(this.defs, 'entity', entity));
  }

  /** Whether a metric is built, directly or through its inputs, on a measure or metric the loader dropped. */
  private restsOnDropped(name: string, seen: Set<string>): boolean {
    if (seen.has(name)) return false;
    seen.add(name);
    const raw = this.defs.metrics.get(name)?.raw;
    if (!raw) return isDropped(this.defs, 'metric', name);
    const measures = [raw.measure, raw.base_measure, raw.conversion_measure].filter((m): m is string => m !== undefined);
    if (measures.some((m) => !this.defs.measures.has(m) && isDropped(this.defs, 'measure', m))) return true;
    const inputs = [raw.numerator, raw.denominator].filter((i): i is RawMetricInput => i !== undefined).map(inputName);
    return inputs.some((input) => this.restsOnDropped(input, seen));
  }

  /** The single model a metric's rows come from, when there is one (for filters on ratio inputs). */
  private baseModel(name: string, seen: Set<string>): string | undefined {
    const raw = this.defs.metrics.get(name)?.raw;
    if (!raw || seen.has(name)) return undefined;
    seen.add(name);
    switch (raw.type) {
      case 'simple':
      case 'cumulative':
        return raw.measure !== undefined ? this.measure(raw.measure)?.model : undefined;
      case 'conversion':
        return raw.base_measure !== undefined ? this.measure(raw.base_measure)?.model : undefined;
      case 'ratio': {
        if (raw.numerator === undefined || raw.denominator === undefined) return undefined;
        const a = this.baseModel(inputName(raw.numerator), seen);
        const b = this.baseModel(inputName(raw.denominator), seen);
        return a === b ? a : undefined;
      }
      case 'derived':
        return undefined;
    }
  }

  private window(def: MetricDef, text: string): Window | undefined {
    const window = parseWindow(text);
    if (!window) {
      this.sink.error('invalid-window', `window '${text}' of metric '${def.raw.name}' is not a length of time`, at(def, 'window'), 'Write a count and a grain, e.g. "90 days", "1 quarter", "12 months".');
    }
    return window;
  }

  /**
   * A metric filter over the dimensions of `base` and of models joined to it. Returns the resolved
   * filter, or undefined after reporting an error.
   */
  private checkFilter(def: MetricDef, path: DocPath, text: string, base: string): Expr | undefined {
    const ast = parseField(def, path, text, this.sink);
    if (!ast) return undefined;
    const before = this.sink.errorCount;
    walkExpr(ast, (node) => {
      if (node.kind !== 'ref' || !node.range) return;
      const found = lookupDimension(this.models, base, node.path);
      const written = node.path.join('.');
      if (found.kind === 'ambiguous') {
        const ways = found.paths.map((p) => p.entityPath.join('.'));
        this.sink.error(
          'ambiguous-join-path',
          `'${written}' can be reached from semantic model '${base}' by ${ways.length} different join paths: ${ways.map((w) => `via ${w}`).join(', ')}`,
          node.range,
          `Spell out the path, e.g. '${[...found.paths[0]!.entityPath, node.path[node.path.length - 1]].join('.')}'.`,
        );
      } else if (found.kind === 'no-join-path') {
        this.sink.error(
          'no-join-path',
          `'${written}' is a dimension of semantic model '${found.model}', which cannot be joined from '${base}' through entity '${node.path[node.path.length - 2]}' within 3 hops`,
          node.range,
          `Give '${base}' (or a model it joins to) an entity that '${found.model}' holds as primary or unique.`,
        );
      }
    });
    const checked = checkExpression(ast, this.filterScope(base), { context: 'filter', expect: 'boolean' });
    // A dimension of a model the loader dropped is broken, not unknown: its error is already out.
    const dropped = droppedRefs(ast, (path) => lookupDimension(this.models, base, path).kind === 'unknown' && this.namesDroppedModelPart(path), this.defs.dropped.size > 0);
    const renamed = renameUnknown(checked.diagnostics, 'unknown-dimension', ` on semantic model '${base}' or a model joined to it`);
    this.sink.push(...withoutDropped(renamed, 'unknown-dimension', dropped));
    if (this.sink.errorCount > before || !checked.expr || dropped.size > 0) return undefined;
    if (checked.type.base !== 'boolean' && checked.type.base !== 'unknown') {
      this.sink.error('filter-not-boolean', `filter of metric '${def.raw.name}' is ${describe(checked.type)}, not a condition`, at(def, ...path), "A filter keeps the rows where it is true: compare something, e.g. `segment = 'enterprise'`.");
      return undefined;
    }
    return checked.expr;
  }
}

/**
 * The checker reports any unresolved name as `unknown-identifier`; in a derived formula the name can
 * only be a metric and in a metric filter only a dimension, so the resolver uses the same codes as
 * for those names elsewhere (`unknown-metric`, `unknown-dimension`), which CI annotations key on.
 */
function renameUnknown(diagnostics: readonly Diagnostic[], code: string, where = ''): Diagnostic[] {
  return diagnostics.map((d) => (d.code === 'unknown-identifier' ? { ...d, code, message: `${d.message}${where}` } : d));
}

/** Start offsets of the references in `ast` that `isDroppedRef` says name something the loader dropped. */
function droppedRefs(ast: Expr, isDroppedRef: (path: readonly string[]) => boolean, anyDropped: boolean): Set<number> {
  const offsets = new Set<number>();
  if (!anyDropped) return offsets; // the usual case: no second walk over every expression
  walkExpr(ast, (node) => {
    if (node.kind === 'ref' && node.range && isDroppedRef(node.path)) offsets.add(node.range.start.offset);
  });
  return offsets;
}

/** The diagnostics less the `code` ones that point at a reference to a dropped definition. */
function withoutDropped(diagnostics: readonly Diagnostic[], code: string, dropped: ReadonlySet<number>): Diagnostic[] {
  if (dropped.size === 0) return [...diagnostics];
  return diagnostics.filter((d) => !(d.code === code && d.range && dropped.has(d.range.start.offset)));
}

function inputName(input: RawMetricInput): string {
  return typeof input === 'string' ? input : input.metric;
}

function inputPath(input: RawMetricInput, side: string): DocPath {
  return typeof input === 'string' ? [side] : [side, 'metric'];
}
