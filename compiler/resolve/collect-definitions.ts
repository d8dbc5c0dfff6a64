import type { DroppedDefinition, LoadedProject, RawFocusArea, RawMetric, RawOwner, RawSemanticModel } from '../load/documents.js';
import { at, type Definition, type DiagnosticSink } from './resolve-context.js';

/** Every named definition of the project, first definition of each name only, in file order. */
export interface Definitions {
  readonly models: ReadonlyMap<string, Definition<RawSemanticModel>>;
  readonly metrics: ReadonlyMap<string, Definition<RawMetric>>;
  readonly owners: ReadonlyMap<string, Definition<RawOwner>>;
  readonly focusAreas: ReadonlyMap<string, Definition<RawFocusArea>>;
  /** Measure name -> the model definition holding it and the measure's index there. */
  readonly measures: ReadonlyMap<string, { readonly model: Definition<RawSemanticModel>; readonly index: number }>;
  /**
   * Names the loader left out for schema or syntax errors (LoadedProject.dropped), by kind. Their
   * error is already reported at its cause, so a reference to one is not reported again as unknown.
   */
  readonly dropped: DroppedNames;
}

/** Dropped definitions by kind; a name defined validly elsewhere is not listed (it is not unknown). */
export type DroppedNames = ReadonlyMap<DroppedDefinition['kind'], ReadonlySet<string>>;

/** Whether `name` of `kind` was left out by the loader (and so must not be called unknown). */
export function isDropped(defs: Pick<Definitions, 'dropped'>, kind: DroppedDefinition['kind'], name: string): boolean {
  return defs.dropped.get(kind)?.has(name) ?? false;
}

type Kind = 'semantic_models' | 'metrics' | 'owners' | 'focus_areas';
const KIND_NOUN: Record<Kind, string> = {
  semantic_models: 'semantic model',
  metrics: 'metric',
  owners: 'owner',
  focus_areas: 'focus area',
};

/**
 * Gathers definitions across files. Names are unique per kind across the whole catalog, and measure
 * names across all models (a metric names a measure without its model): a second definition is a
 * `duplicate-name` error pointing at the first.
 */
export function collectDefinitions(project: LoadedProject, sink: DiagnosticSink): Definitions {
  const tables = {
    semantic_models: new Map<string, Definition<RawSemanticModel>>(),
    metrics: new Map<string, Definition<RawMetric>>(),
    owners: new Map<string, Definition<RawOwner>>(),
    focus_areas: new Map<string, Definition<RawFocusArea>>(),
  };
  const measures = new Map<string, { model: Definition<RawSemanticModel>; index: number }>();
  for (const doc of project.documents) {
    for (const kind of Object.keys(KIND_NOUN) as Kind[]) {
      const list = (doc.data[kind] ?? []) as { name: string }[];
      list.forEach((raw, index) => {
        const def: Definition<{ name: string }> = { raw, doc, path: [kind, index] };
        const table = tables[kind] as Map<string, Definition<{ name: string }>>;
        const first = table.get(raw.name);
        if (first) {
          duplicate(sink, KIND_NOUN[kind], raw.name, at(def, 'name'), at(first, 'name'));
          return;
        }
        table.set(raw.name, def);
      });
    }
  }
  for (const model of tables.semantic_models.values()) {
    (model.raw.measures ?? []).forEach((measure, index) => {
      const first = measures.get(measure.name);
      if (first) {
        duplicate(sink, 'measure', measure.name, at(model, 'measures', index, 'name'), at(first.model, 'measures', first.index, 'name'), 'Measure names are unique across all models because metrics name a measure without its model.');
        return;
      }
      measures.set(measure.name, { model, index });
    });
  }
  const dropped = new Map<DroppedDefinition['kind'], Set<string>>();
  for (const d of project.dropped ?? []) {
    if (!dropped.has(d.kind)) dropped.set(d.kind, new Set());
    dropped.get(d.kind)!.add(d.name);
  }
  return {
    dropped,
    models: tables.semantic_models,
    metrics: tables.metrics,
    owners: tables.owners,
    focusAreas: tables.focus_areas,
    measures,
  };
}

function duplicate(
  sink: DiagnosticSink,
  noun: string,
  name: string,
  range: ReturnType<typeof at>,
  firstRange: ReturnType<typeof at>,
  why = `Names are unique per kind across the whole catalog.`,
): void {
  sink.error(
    'duplicate-name',
    `${noun} '${name}' is defined twice (first at ${firstRange.file}:${firstRange.start.line}:${firstRange.start.col})`,
    range,
    `Rename or remove one of them. ${why}`,
    [{ message: `first definition of ${noun} '${name}'`, range: firstRange }],
  );
}
