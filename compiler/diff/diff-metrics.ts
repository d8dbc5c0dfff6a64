import type { Catalog, Metric } from '../catalog/types.js';
import { sameDefinition } from './canonical.js';
import { compareFields } from './fields.js';
import type { MetricChange } from './types.js';

/**
 * Fields whose change can move a metric's numbers (or its meaning): consumers must be told, and the
 * metric's `version` must go up. Everything else (label, description, owner, targets, thresholds,
 * cadence, audience, tags, status, ...) is metadata: reviewed, recorded, never breaking.
 */
const BREAKING_METRIC_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'measure',
  'filter',
  'numerator',
  'denominator',
  'expr',
  'window',
  'grainToDate',
  'entity',
  'baseMeasure',
  'conversionMeasure',
  'calculation',
  'unit',
]);

/** Fields that make up what a metric computes; equal definitions under another name are a rename. */
function definitionOf(metric: Metric): Record<string, unknown> {
  const record = metric as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) if (BREAKING_METRIC_FIELDS.has(key)) out[key] = record[key];
  return out;
}

export function diffMetrics(base: Catalog, head: Catalog): MetricChange[] {
  const removedNames = Object.keys(base.metrics).filter((n) => !(n in head.metrics)).sort();
  const addedNames = Object.keys(head.metrics).filter((n) => !(n in base.metrics)).sort();
  const renames = detectRenames(base, head, removedNames, addedNames);
  const renamedFrom = new Map([...renames].map(([newName, oldName]) => [oldName, newName]));
  const changes: MetricChange[] = [];

  for (const name of removedNames) {
    if (renamedFrom.has(name)) continue;
    const m = base.metrics[name]!;
    changes.push({
      kind: 'removed',
      name,
      breaking: true,
      deprecated: false,
      fields: [],
      versionBefore: m.version,
      focusAreas: m.focusAreas,
      ...(m.owner ? { owner: m.owner } : {}),
      ...(m.range ? { range: m.range } : {}),
    });
  }
  for (const name of addedNames) {
    const m = head.metrics[name]!;
    const previousName = renames.get(name);
    const before = previousName ? base.metrics[previousName]! : undefined;
    const fields = before ? compareFields(before, m, (f) => BREAKING_METRIC_FIELDS.has(f), { renames }) : [];
    changes.push({
      kind: previousName ? 'renamed' : 'added',
      name,
      ...(previousName ? { previousName } : {}),
      breaking: fields.some((f) => f.breaking),
      deprecated: before !== undefined && before.status !== 'deprecated' && m.status === 'deprecated',
      fields,
      ...(before ? { versionBefore: before.version } : {}),
      versionAfter: m.version,
      focusAreas: m.focusAreas,
      ...(m.owner ? { owner: m.owner } : {}),
      ...(m.range ? { range: m.range } : {}),
    });
  }
  for (const name of Object.keys(head.metrics).sort()) {
    const before = base.metrics[name];
    if (!before) continue;
    const after = head.metrics[name]!;
    const fields = compareFields(before, after, (f) => BREAKING_METRIC_FIELDS.has(f), { renames });
    if (fields.length === 0) continue;
    changes.push({
      kind: 'changed',
      name,
      breaking: fields.some((f) => f.breaking),
      deprecated: before.status !== 'deprecated' && after.status === 'deprecated',
      fields,
      versionBefore: before.version,
      versionAfter: after.version,
      focusAreas: after.focusAreas,
      ...(after.owner ? { owner: after.owner } : {}),
      ...(after.range ? { range: after.range } : {}),
    });
  }
  return changes.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * New name -> old name, for removed and added metrics whose definitions are identical. Each removed
 * metric is paired at most once; when several added metrics match, the one whose name is closest
 * alphabetically wins so the result is deterministic.
 */
function detectRenames(
  base: Catalog,
  head: Catalog,
  removedNames: readonly string[],
  addedNames: readonly string[],
): Map<string, string> {
  const renames = new Map<string, string>();
  const taken = new Set<string>();
  for (const oldName of removedNames) {
    const old = definitionOf(base.metrics[oldName]!);
    const match = addedNames.find((n) => !taken.has(n) && sameDefinition(old, definitionOf(head.metrics[n]!)));
    if (match === undefined) continue;
    taken.add(match);
    renames.set(match, oldName);
  }
  return renames;
}
