import type { Catalog, FocusArea, Owner } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { LoadedProject } from '../load/documents.js';
import { collectDefinitions, isDropped, type Definitions } from './collect-definitions.js';
import { at, DiagnosticSink } from './resolve-context.js';
import { resolveMetrics } from './resolve-metrics.js';
import { resolveModels, titleCase } from './resolve-models.js';
import { resolveProjectConfig } from './resolve-project-config.js';

export interface ResolveResult {
  /** Present only when there are no errors: partial catalogs never escape. */
  readonly catalog?: Catalog;
  readonly diagnostics: Diagnostic[];
}

/**
 * Turns the loader's schema-valid documents into the Catalog: names, join graph, expression types,
 * units and cycles checked; every expression resolved; records sorted by name. Never throws on user
 * mistakes; any error means no catalog.
 */
export function resolveCatalog(project: LoadedProject): ResolveResult {
  const sink = new DiagnosticSink();
  const config = resolveProjectConfig(project.config, sink);
  const defs = collectDefinitions(project, sink);
  const owners = resolveOwners(defs);
  const focusAreas = resolveFocusAreas(defs, sink);
  const models = resolveModels(defs, sink);
  const metrics = resolveMetrics(defs, models, sink);
  const measureIndex: Record<string, string> = {};
  for (const name of [...defs.measures.keys()].sort()) measureIndex[name] = defs.measures.get(name)!.model.raw.name;
  // Definitions the loader dropped make any catalog partial (their errors are the loader's), and
  // linting one would only add follow-ons such as a focus area missing the metric that was dropped.
  if (hasErrors(sink.diagnostics) || (project.dropped?.length ?? 0) > 0) return { diagnostics: sink.diagnostics };
  return {
    catalog: { version: project.contentHash, project: config, models, metrics, owners, focusAreas, measureIndex },
    diagnostics: sink.diagnostics,
  };
}

function resolveOwners(defs: Definitions): Record<string, Owner> {
  const out: Record<string, Owner> = {};
  for (const name of [...defs.owners.keys()].sort()) {
    const def = defs.owners.get(name)!;
    const raw = def.raw;
    out[name] = {
      name,
      label: raw.label ?? titleCase(name),
      kind: raw.kind ?? 'team',
      ...(raw.email !== undefined ? { email: raw.email } : {}),
      ...(raw.slack !== undefined ? { slack: raw.slack } : {}),
      range: at(def, 'name'),
    };
  }
  return out;
}

function resolveFocusAreas(defs: Definitions, sink: DiagnosticSink): Record<string, FocusArea> {
  const out: Record<string, FocusArea> = {};
  for (const name of [...defs.focusAreas.keys()].sort()) {
    const def = defs.focusAreas.get(name)!;
    const raw = def.raw;
    if (raw.owner !== undefined && !defs.owners.has(raw.owner) && !isDropped(defs, 'owner', raw.owner)) {
      sink.error(
        'unknown-owner',
        `focus area '${name}' has owner '${raw.owner}', who is not in owners`,
        at(def, 'owner'),
        didYouMean(raw.owner, defs.owners.keys()) ?? 'Owners are defined under `owners:` (metrics/owners.yaml).',
      );
    }
    out[name] = {
      name,
      label: raw.label ?? titleCase(name),
      description: raw.description ?? '',
      ...(raw.owner !== undefined ? { owner: raw.owner } : {}),
      range: at(def, 'name'),
    };
  }
  return out;
}
