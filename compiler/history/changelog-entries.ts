import type { Catalog } from '../catalog/types.js';
import type { CatalogDiff, FieldChange, MetricChange, ModelChange } from '../diff/types.js';
import type { ChangelogEntry, ChangelogKind } from './types.js';

/** An entry before the commit it belongs to is known: what is cached per pair of catalog versions. */
export type EntryCore = Omit<ChangelogEntry, 'date' | 'author' | 'commit' | 'subject'>;

/** Changelog entries for one diff, one per metric (and per model change no metric explains). */
export function entriesFromDiff(diff: CatalogDiff, head: Catalog): EntryCore[] {
  const entries: EntryCore[] = diff.metrics.map((change) => metricEntry(change, head));
  const told = new Set(diff.metrics.map((m) => m.name));
  for (const model of diff.models) {
    entries.push(modelEntry(model));
    for (const name of model.affectedMetrics) {
      if (told.has(name)) continue;
      const metric = head.metrics[name];
      if (!metric) continue;
      told.add(name);
      entries.push({
        metric: name,
        model: model.name,
        focusAreas: [...metric.focusAreas].sort(),
        ...(metric.owner ? { owner: metric.owner } : {}),
        kind: 'breaking',
        summary: `\`${name}\` may change value: model \`${model.name}\` changed (${fieldList(model.fields.filter((f) => f.breaking))})`,
        version: metric.version,
        fields: model.fields.filter((f) => f.breaking),
      });
    }
  }
  return entries;
}

/** A version that does not compile: recorded so the gap in the history is visible, then skipped. */
export function invalidEntry(messages: readonly string[]): EntryCore {
  const more = messages.length > 1 ? ` (+${messages.length - 1} more)` : '';
  return {
    focusAreas: [],
    kind: 'invalid',
    summary: `Catalog did not compile, version skipped: ${messages[0] ?? 'unknown error'}${more}`,
    fields: [],
  };
}

function kindOf(change: MetricChange): ChangelogKind {
  if (change.kind === 'added' || change.kind === 'removed' || change.kind === 'renamed') return change.kind;
  if (change.deprecated) return 'deprecated';
  return change.breaking ? 'breaking' : 'non_breaking';
}

function metricEntry(change: MetricChange, head: Catalog): EntryCore {
  return {
    metric: change.name,
    ...(change.previousName ? { previousName: change.previousName } : {}),
    focusAreas: [...change.focusAreas].sort(),
    ...(change.owner ? { owner: change.owner } : {}),
    kind: kindOf(change),
    summary: metricSummary(change, head),
    ...(change.kind === 'removed' ? {} : { version: change.versionAfter ?? 1 }),
    fields: change.fields,
  };
}

function metricSummary(change: MetricChange, head: Catalog): string {
  const name = `\`${change.name}\``;
  switch (change.kind) {
    case 'added': {
      const metric = head.metrics[change.name];
      return metric ? `Added ${name} (${metric.type}): ${metric.label}` : `Added ${name}`;
    }
    case 'removed':
      return `Removed ${name}`;
    case 'renamed': {
      const rest = change.fields.length > 0 ? `; ${fieldDetail(change.fields)}` : '';
      return `Renamed \`${change.previousName}\` to ${name}${rest}`;
    }
    case 'changed': {
      const version =
        change.versionAfter !== undefined && change.versionBefore !== undefined && change.versionAfter !== change.versionBefore
          ? ` (v${change.versionBefore} → v${change.versionAfter})`
          : '';
      const shown = change.fields.filter((f) => f.field !== 'version');
      if (change.deprecated) {
        const others = shown.filter((f) => f.field !== 'status');
        return `Deprecated ${name}${others.length > 0 ? `; ${fieldDetail(others)}` : ''}`;
      }
      const verb = change.breaking ? 'Definition of' : 'Updated';
      return `${verb} ${name}${version}: ${fieldDetail(shown.length > 0 ? shown : change.fields)}`;
    }
  }
}

function modelEntry(change: ModelChange): EntryCore {
  const name = `\`${change.name}\``;
  const summary =
    change.kind === 'added'
      ? `Added model ${name}`
      : change.kind === 'removed'
        ? `Removed model ${name}`
        : `Model ${name}: ${fieldDetail(change.fields)}`;
  const affected = change.affectedMetrics.length > 0 ? `; affects ${change.affectedMetrics.map((m) => `\`${m}\``).join(', ')}` : '';
  return {
    model: change.name,
    focusAreas: [],
    kind: change.kind === 'added' ? 'added' : change.kind === 'removed' ? 'removed' : change.breaking ? 'breaking' : 'non_breaking',
    summary: summary + affected,
    fields: change.fields,
  };
}

/** `filter: — → stage = 'won'; owner: a → b`, at most three fields, long values cut. */
function fieldDetail(fields: readonly FieldChange[]): string {
  const parts = fields.slice(0, 3).map((f) => `${f.field}: ${clip(f.before)} → ${clip(f.after)}`);
  if (fields.length > 3) parts.push(`+${fields.length - 3} more`);
  return parts.join('; ');
}

function fieldList(fields: readonly FieldChange[]): string {
  return fields.map((f) => f.field).join(', ');
}

function clip(text: string | undefined): string {
  if (text === undefined) return '—';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
