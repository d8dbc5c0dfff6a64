import type { Catalog, SemanticModel } from '../catalog/types.js';
import { compareFields, fieldChange } from './fields.js';
import { metricsUsingMeasures } from './metric-uses.js';
import type { FieldChange, ModelChange } from './types.js';

/** Model-level fields that change which rows or which time every measure of the model sees. */
const BREAKING_MODEL_FIELDS: ReadonlySet<string> = new Set(['table', 'sql', 'defaultTimeDimension']);

type Part = 'entities' | 'dimensions' | 'measures';

/** Per part: the fields whose change is breaking. Label and description never are. */
const BREAKING_PART_FIELDS: Readonly<Record<Part, ReadonlySet<string>>> = {
  entities: new Set(['type', 'expr']),
  dimensions: new Set(['type', 'expr', 'grain', 'dataType']),
  measures: new Set(['agg', 'expr', 'filter', 'percentile', 'unit', 'aggTimeDimension', 'nonAdditive']),
};

const PARTS: readonly Part[] = ['entities', 'dimensions', 'measures'];

/** `model` repeats the owning model's name on each part: not a field of its own. */
const IGNORED_PART_FIELDS: ReadonlySet<string> = new Set(['model']);

export function diffModels(base: Catalog, head: Catalog): ModelChange[] {
  const names = [...new Set([...Object.keys(base.models), ...Object.keys(head.models)])].sort();
  const changes: ModelChange[] = [];
  for (const name of names) {
    const before = base.models[name];
    const after = head.models[name];
    if (before && !after) {
      const affected = metricsUsingMeasures(head, new Set(before.measures.map((m) => m.name)));
      changes.push({ kind: 'removed', name, breaking: true, fields: [], affectedMetrics: affected, ...rangeOf(before) });
    } else if (!before && after) {
      changes.push({ kind: 'added', name, breaking: false, fields: [], affectedMetrics: [], ...rangeOf(after) });
    } else if (before && after) {
      const change = diffModel(before, after, head);
      if (change) changes.push(change);
    }
  }
  return changes;
}

function diffModel(before: SemanticModel, after: SemanticModel, head: Catalog): ModelChange | undefined {
  const fields: FieldChange[] = compareFields(before, after, (f) => BREAKING_MODEL_FIELDS.has(f), {
    ignore: new Set(PARTS),
  });
  // Measures whose own definition moved; a model-wide breaking change affects every measure.
  const touchedMeasures = new Set<string>();
  let modelWide = fields.some((f) => f.breaking);
  for (const part of PARTS) {
    const partChanges = diffParts(part, before[part], after[part]);
    fields.push(...partChanges.fields);
    if (part === 'measures') for (const m of partChanges.breakingNames) touchedMeasures.add(m);
    else if (partChanges.breakingNames.length > 0) modelWide = true;
  }
  if (fields.length === 0) return undefined;
  const breaking = fields.some((f) => f.breaking);
  const measures = modelWide ? new Set([...before.measures, ...after.measures].map((m) => m.name)) : touchedMeasures;
  return {
    kind: 'changed',
    name: after.name,
    breaking,
    fields,
    affectedMetrics: breaking ? metricsUsingMeasures(head, measures) : [],
    ...rangeOf(after),
  };
}

function diffParts(
  part: Part,
  before: readonly { readonly name: string }[],
  after: readonly { readonly name: string }[],
): { fields: FieldChange[]; breakingNames: string[] } {
  const fields: FieldChange[] = [];
  const breakingNames: string[] = [];
  const beforeByName = new Map(before.map((p) => [p.name, p]));
  const afterByName = new Map(after.map((p) => [p.name, p]));
  const names = [...new Set([...beforeByName.keys(), ...afterByName.keys()])].sort();
  const breakingFields = BREAKING_PART_FIELDS[part];
  for (const name of names) {
    const b = beforeByName.get(name);
    const a = afterByName.get(name);
    if (b && !a) {
      fields.push(fieldChange(`${part}.${name}`, 'defined', undefined, true));
      breakingNames.push(name);
    } else if (!b && a) {
      fields.push(fieldChange(`${part}.${name}`, undefined, 'defined', false));
    } else if (b && a) {
      const changed = compareFields(b, a, (f) => breakingFields.has(f), { prefix: `${part}.${name}.`, ignore: IGNORED_PART_FIELDS });
      fields.push(...changed);
      if (changed.some((f) => f.breaking)) breakingNames.push(name);
    }
  }
  return { fields, breakingNames };
}

function rangeOf(model: SemanticModel): { range?: SemanticModel['range'] } {
  return model.range ? { range: model.range } : {};
}
