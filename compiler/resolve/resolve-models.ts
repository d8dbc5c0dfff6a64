import type { Aggregation, Dimension, Entity, Measure, SemanticModel } from '../catalog/types.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Expr, ExprType, Unit } from '../expr/ast.js';
import type { RawSemanticModel } from '../load/documents.js';
import type { SourceRange } from '../source/source.js';
import type { Definitions } from './collect-definitions.js';
import { parseField } from './expression-origin.js';
import { at, keyAt, type Definition, type DiagnosticSink } from './resolve-context.js';
import { checkInModel, type ModelScopeInput } from './scopes.js';

const AGGREGATIONS: readonly Aggregation[] = ['sum', 'count', 'count_distinct', 'average', 'min', 'max', 'median', 'percentile', 'sum_boolean'];
const UNITS: readonly Unit[] = ['currency', 'percent', 'ratio', 'count', 'days', 'number'];

/** Resolves every semantic model; returns them keyed by name in name order. */
export function resolveModels(defs: Definitions, sink: DiagnosticSink): Record<string, SemanticModel> {
  const models: Record<string, SemanticModel> = {};
  for (const name of [...defs.models.keys()].sort()) {
    models[name] = resolveModel(defs.models.get(name)!, sink);
  }
  return models;
}

function resolveModel(def: Definition<RawSemanticModel>, sink: DiagnosticSink): SemanticModel {
  const raw = def.raw;
  if ((raw.table === undefined) === (raw.sql === undefined)) {
    sink.error(
      'model-source',
      raw.table === undefined
        ? `semantic model '${raw.name}' has neither \`table\` nor \`sql\``
        : `semantic model '${raw.name}' has both \`table\` and \`sql\``,
      raw.table === undefined ? at(def, 'name') : keyAt(def, 'sql'),
      'Give exactly one: `table: <name>` for a table or view, or `sql: "select ..."` for a query.',
    );
  }
  const entities = resolveEntities(def, sink);
  const dimensions = resolveDimensions(def, sink);
  const timeDimensions = dimensions.filter((d) => d.type === 'time').map((d) => d.name);
  let defaultTimeDimension: string | undefined;
  if (raw.default_time_dimension !== undefined) {
    if (checkTimeDimension(def, dimensions, raw.default_time_dimension, at(def, 'default_time_dimension'), 'default_time_dimension', sink)) {
      defaultTimeDimension = raw.default_time_dimension;
    }
  } else if (timeDimensions.length === 1) {
    // One time dimension leaves no choice to make; requiring it to be spelled out adds nothing.
    defaultTimeDimension = timeDimensions[0];
  }
  const measures = resolveMeasures(def, dimensions, defaultTimeDimension, sink);
  return {
    name: raw.name,
    label: raw.label ?? titleCase(raw.name),
    description: raw.description ?? '',
    ...(raw.table !== undefined ? { table: raw.table } : {}),
    ...(raw.sql !== undefined ? { sql: raw.sql } : {}),
    ...(defaultTimeDimension !== undefined ? { defaultTimeDimension } : {}),
    entities,
    dimensions,
    measures,
    range: at(def, 'name'),
  };
}

function resolveEntities(def: Definition<RawSemanticModel>, sink: DiagnosticSink): Entity[] {
  const seen = new Map<string, SourceRange>();
  const out: Entity[] = [];
  (def.raw.entities ?? []).forEach((raw, i) => {
    const range = at(def, 'entities', i, 'name');
    if (!unique(seen, 'entity', raw.name, def.raw.name, range, sink)) return;
    const expr = checkModelField(def, ['entities', i], raw.expr, raw.name, { model: def.raw.name, dimensions: [] }, sink);
    if (expr) out.push({ name: raw.name, type: raw.type, expr: expr.expr, range });
  });
  return out;
}

function resolveDimensions(def: Definition<RawSemanticModel>, sink: DiagnosticSink): Dimension[] {
  const seen = new Map<string, SourceRange>();
  const out: Dimension[] = [];
  (def.raw.dimensions ?? []).forEach((raw, i) => {
    const range = at(def, 'dimensions', i, 'name');
    if (!unique(seen, 'dimension', raw.name, def.raw.name, range, sink)) return;
    if (raw.type !== 'time' && (raw.grain !== undefined || raw.data_type !== undefined)) {
      sink.error(
        'time-field-on-non-time-dimension',
        `dimension '${raw.name}' is ${raw.type} but sets \`${raw.grain !== undefined ? 'grain' : 'data_type'}\`, which only time dimensions have`,
        keyAt(def, 'dimensions', i, raw.grain !== undefined ? 'grain' : 'data_type'),
        'Remove it, or make the dimension `type: time`.',
      );
    }
    const checked = checkModelField(def, ['dimensions', i], raw.expr, raw.name, { model: def.raw.name, dimensions: [] }, sink);
    if (!checked) return;
    if (raw.type === 'boolean' && !fits(checked.type, 'boolean')) {
      sink.error('dimension-type-mismatch', `boolean dimension '${raw.name}' has a ${describe(checked.type)} expression`, at(def, 'dimensions', i, raw.expr !== undefined ? 'expr' : 'name'), 'Write a condition (e.g. `amount > 0`), or change the dimension `type`.');
      return;
    }
    out.push({
      name: raw.name,
      model: def.raw.name,
      type: raw.type,
      label: raw.label ?? titleCase(raw.name),
      description: raw.description ?? '',
      expr: checked.expr,
      ...(raw.type === 'time' ? { grain: raw.grain ?? 'day', dataType: raw.data_type ?? 'timestamp' } : {}),
      range,
    });
  });
  return out;
}

function resolveMeasures(
  def: Definition<RawSemanticModel>,
  dimensions: readonly Dimension[],
  defaultTimeDimension: string | undefined,
  sink: DiagnosticSink,
): Measure[] {
  const seen = new Map<string, SourceRange>();
  const out: Measure[] = [];
  const scope: ModelScopeInput = { model: def.raw.name, dimensions };
  (def.raw.measures ?? []).forEach((raw, i) => {
    const range = at(def, 'measures', i, 'name');
    if (!unique(seen, 'measure', raw.name, def.raw.name, range, sink)) return;
    const before = sink.errorCount;
    const agg = raw.agg as Aggregation;
    if (!AGGREGATIONS.includes(agg)) {
      sink.error('unknown-aggregation', `measure '${raw.name}' has unknown agg '${raw.agg}'`, at(def, 'measures', i, 'agg'), didYouMean(raw.agg, AGGREGATIONS) ?? `Use one of: ${AGGREGATIONS.join(', ')}.`);
    }
    let expr: { expr: Expr; type: ExprType } | undefined;
    if (raw.expr !== undefined) {
      expr = checkModelField(def, ['measures', i], raw.expr, raw.name, scope, sink);
    } else if (agg !== 'count') {
      // Other aggregations could default to the column of the measure's name (MetricFlow does), but
      // that silently aggregates the wrong column when the name is a business term; ask for it.
      sink.error('missing-measure-expr', `measure '${raw.name}' (agg ${raw.agg}) needs an \`expr\``, at(def, 'measures', i, 'name'), `Add \`expr:\` naming the column or expression to ${raw.agg}.`);
    }
    if (expr) checkAggregation(def, i, agg, expr.type, sink);
    let filter: Expr | null = null;
    if (raw.filter !== undefined) {
      const checked = checkModelField(def, ['measures', i, 'filter'], raw.filter, undefined, scope, sink, 'boolean');
      if (checked && !fits(checked.type, 'boolean')) {
        sink.error('filter-not-boolean', `filter of measure '${raw.name}' is ${describe(checked.type)}, not a condition`, at(def, 'measures', i, 'filter'), 'A filter keeps the rows where it is true: compare something, e.g. `stage = \'closed_won\'`.');
      } else if (checked) filter = checked.expr;
    }
    if (raw.percentile !== undefined && agg !== 'percentile') {
      sink.error('percentile-misuse', `measure '${raw.name}' sets \`percentile\` but its agg is ${raw.agg}`, keyAt(def, 'measures', i, 'percentile'), 'Use `agg: percentile`, or remove `percentile`.');
    }
    if (agg === 'percentile' && (raw.percentile === undefined || !(raw.percentile > 0 && raw.percentile < 1))) {
      sink.error(
        'percentile-misuse',
        raw.percentile === undefined ? `measure '${raw.name}' has agg percentile but no \`percentile\`` : `measure '${raw.name}' has percentile ${raw.percentile}, outside 0 < p < 1`,
        raw.percentile === undefined ? at(def, 'measures', i, 'agg') : at(def, 'measures', i, 'percentile'),
        'Set `percentile:` between 0 and 1 exclusive, e.g. 0.9 for the 90th percentile (or use `agg: median` for 0.5).',
      );
    }
    let aggTimeDimension = defaultTimeDimension;
    if (raw.agg_time_dimension !== undefined) {
      const ok = checkTimeDimension(def, dimensions, raw.agg_time_dimension, at(def, 'measures', i, 'agg_time_dimension'), 'agg_time_dimension', sink);
      aggTimeDimension = ok ? raw.agg_time_dimension : undefined;
    }
    let nonAdditive: Measure['nonAdditive'];
    if (raw.non_additive_dimension !== undefined) {
      const nad = raw.non_additive_dimension;
      if (checkTimeDimension(def, dimensions, nad.name, at(def, 'measures', i, 'non_additive_dimension', 'name'), 'non_additive_dimension', sink)) {
        nonAdditive = { dimension: nad.name, windowChoice: nad.window_choice ?? 'max' };
      }
    }
    let unit: Unit;
    if (raw.unit !== undefined) {
      unit = raw.unit as Unit;
      if (!UNITS.includes(unit)) {
        sink.error('unknown-unit', `measure '${raw.name}' has unknown unit '${raw.unit}'`, at(def, 'measures', i, 'unit'), didYouMean(raw.unit, UNITS) ?? `Use one of: ${UNITS.join(', ')}.`);
      }
    } else unit = defaultMeasureUnit(agg, expr?.type);
    if (sink.errorCount > before) return;
    out.push({
      name: raw.name,
      model: def.raw.name,
      label: raw.label ?? titleCase(raw.name),
      description: raw.description ?? '',
      agg,
      expr: expr?.expr ?? null,
      filter,
      ...(raw.percentile !== undefined ? { percentile: raw.percentile } : {}),
      unit,
      ...(aggTimeDimension !== undefined ? { aggTimeDimension } : {}),
      ...(nonAdditive ? { nonAdditive } : {}),
      range,
    });
  });
  return out;
}

/** Counting aggregations count things; the others keep the unit of what they aggregate. */
function defaultMeasureUnit(agg: Aggregation, type: ExprType | undefined): Unit {
  if (agg === 'count' || agg === 'count_distinct' || agg === 'sum_boolean') return 'count';
  return type?.base === 'number' ? type.unit : 'number';
}

/** Which expression types each aggregation accepts; `unknown` (an untyped column) always passes. */
function checkAggregation(def: Definition<RawSemanticModel>, i: number, agg: Aggregation, type: ExprType, sink: DiagnosticSink): void {
  const name = def.raw.measures![i]!.name;
  const range = at(def, 'measures', i, 'expr');
  if (type.base === 'unknown' || type.base === 'null') return;
  const numeric = agg === 'sum' || agg === 'average' || agg === 'median' || agg === 'percentile';
  if (numeric && type.base !== 'number') {
    sink.error(
      'agg-type-mismatch',
      `measure '${name}' takes the ${agg} of a ${type.base} expression`,
      range,
      type.base === 'boolean' && agg === 'sum'
        ? 'To count rows where a condition holds use `agg: sum_boolean`.'
        : `${agg} needs a number; use count or count_distinct to count ${type.base} values.`,
    );
  }
  if (agg === 'sum_boolean' && type.base !== 'boolean') {
    sink.error('agg-type-mismatch', `measure '${name}' has agg sum_boolean but a ${describe(type)} expression`, range, 'sum_boolean counts rows where a condition is true: give a condition, or use `agg: sum` for numbers.');
  }
  if ((agg === 'min' || agg === 'max') && type.base === 'boolean') {
    sink.error('agg-type-mismatch', `measure '${name}' takes the ${agg} of a boolean`, range, 'Use `agg: sum_boolean` to count rows where it is true.');
  }
}

/** Reports and returns false unless `name` is a time dimension of the model. */
function checkTimeDimension(
  def: Definition<RawSemanticModel>,
  dimensions: readonly Dimension[],
  name: string,
  range: SourceRange,
  field: string,
  sink: DiagnosticSink,
): boolean {
  const found = dimensions.find((d) => d.name === name);
  const declared = (def.raw.dimensions ?? []).find((d) => d.name === name);
  if (!found && !declared) {
    const times = (def.raw.dimensions ?? []).filter((d) => d.type === 'time').map((d) => d.name);
    sink.error(
      'unknown-dimension',
      `${field} '${name}' is not a dimension of semantic model '${def.raw.name}'`,
      range,
      didYouMean(name, times) ?? (times.length ? `Time dimensions of '${def.raw.name}': ${times.join(', ')}.` : `Add a dimension with \`type: time\` to '${def.raw.name}'.`),
    );
    return false;
  }
  if ((found?.type ?? declared?.type) !== 'time') {
    sink.error('not-a-time-dimension', `${field} '${name}' is a ${found?.type ?? declared?.type} dimension, not a time dimension`, range, `${field} must name a dimension with \`type: time\`.`);
    return false;
  }
  return found !== undefined;
}

/** Parses and checks a model expression; `expr` defaults to the column of the same name. */
function checkModelField(
  def: Definition<RawSemanticModel>,
  path: readonly (string | number)[],
  text: string | undefined,
  defaultColumn: string | undefined,
  scope: ModelScopeInput,
  sink: DiagnosticSink,
  expect?: 'boolean',
): { expr: Expr; type: ExprType } | undefined {
  const fieldPath = text !== undefined && defaultColumn !== undefined ? [...path, 'expr'] : path;
  const source = text ?? defaultColumn!;
  const ast = text !== undefined ? parseField(def, fieldPath, source, sink) : { kind: 'ref' as const, path: [source], range: at(def, ...path, 'name') };
  if (!ast) return undefined;
  const checked = checkInModel(ast, scope, expect ? { expect } : {});
  sink.push(...checked.diagnostics);
  return checked.expr ? { expr: checked.expr, type: checked.type } : undefined;
}

function unique(seen: Map<string, SourceRange>, noun: string, name: string, model: string, range: SourceRange, sink: DiagnosticSink): boolean {
  const first = seen.get(name);
  if (first) {
    sink.error('duplicate-name', `${noun} '${name}' is defined twice in semantic model '${model}'`, range, `Rename or remove one of them.`, [{ message: `first definition of ${noun} '${name}'`, range: first }]);
    return false;
  }
  seen.set(name, range);
  return true;
}

function fits(type: ExprType, base: 'boolean'): boolean {
  return type.base === base || type.base === 'unknown';
}

export function describe(type: ExprType): string {
  return type.base === 'number' ? `number (${type.unit})` : type.base;
}

export function titleCase(name: string): string {
  const words = name.split('_').filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}
