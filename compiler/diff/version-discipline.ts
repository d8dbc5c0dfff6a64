import type { Catalog } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { metricsNaming } from './metric-uses.js';
import type { CatalogDiff, MetricChange } from './types.js';

/**
 * The rules a change to a published catalog must follow, so that a number on a dashboard never
 * changes meaning silently:
 * - `version-not-bumped` (error): a metric's definition changed in a breaking way and its
 *   `version` did not go up. A breaking change to a measure it uses is a warning with the same code.
 * - `removed-metric-in-use` (error): a removed metric is still named by a metric in head.
 * - `removed-without-deprecation` (error): a metric was removed without first being `deprecated`.
 * - `metric-renamed` (warning): consumers that ask for the old name will break.
 */
export function checkVersionDiscipline(diff: CatalogDiff, base: Catalog, head: Catalog): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const direct = new Set<string>();
  for (const change of diff.metrics) {
    if (change.kind === 'changed' && change.breaking) {
      direct.add(change.name);
      const bumped = (change.versionAfter ?? 1) > (change.versionBefore ?? 1);
      if (!bumped) diagnostics.push(notBumped(change, 'error'));
    }
    if (change.kind === 'removed') diagnostics.push(...removal(change.name, base, head));
    if (change.kind === 'renamed') diagnostics.push(renamed(change, base, head));
  }
  for (const model of diff.models) {
    for (const name of model.affectedMetrics) {
      if (direct.has(name)) continue;
      const before = base.metrics[name];
      const after = head.metrics[name];
      if (!before || !after || after.version > before.version) continue;
      direct.add(name);
      diagnostics.push({
        code: 'version-not-bumped',
        severity: 'warning',
        message: `Metric \`${name}\` may change value because model \`${model.name}\` changed in a breaking way, but its version stayed ${after.version}.`,
        ...(after.range ? { range: after.range } : {}),
        hint: `If its numbers change, set \`version: ${before.version + 1}\` on \`${name}\` so dashboards and the changelog show the new definition.`,
        ...(model.range ? { related: [{ message: `model \`${model.name}\` changed here`, range: model.range }] } : {}),
      });
    }
  }
  return diagnostics;
}

function notBumped(change: MetricChange, severity: 'error' | 'warning'): Diagnostic {
  const fields = change.fields.filter((f) => f.breaking).map((f) => `\`${f.field}\``).join(', ');
  const version = change.versionBefore ?? 1;
  return {
    code: 'version-not-bumped',
    severity,
    message: `Metric \`${change.name}\` changed its definition (${fields}) but its version stayed ${change.versionAfter ?? 1}.`,
    ...(change.range ? { range: change.range } : {}),
    hint: `Set \`version: ${version + 1}\` on \`${change.name}\`: a breaking change must bump the version so consumers can tell the numbers apart.`,
  };
}

function removal(name: string, base: Catalog, head: Catalog): Diagnostic[] {
  const out: Diagnostic[] = [];
  const old = base.metrics[name]!;
  const users = metricsNaming(head, name);
  if (users.length > 0) {
    const first = head.metrics[users[0]!]!;
    out.push({
      code: 'removed-metric-in-use',
      severity: 'error',
      message: `Metric \`${name}\` was removed but ${users.map((u) => `\`${u}\``).join(', ')} still ${users.length === 1 ? 'uses' : 'use'} it.`,
      ...(first.range ? { range: first.range } : {}),
      hint: `Change ${users.length === 1 ? 'that metric' : 'those metrics'} to stop using \`${name}\` first, or keep \`${name}\` with \`status: deprecated\`.`,
      related: users.slice(1).flatMap((u) => {
        const r = head.metrics[u]!.range;
        return r ? [{ message: `\`${u}\` uses \`${name}\``, range: r }] : [];
      }),
    });
  }
  if (old.status !== 'deprecated') {
    out.push({
      code: 'removed-without-deprecation',
      severity: 'error',
      message: `Metric \`${name}\` was removed without being deprecated first (its status was ${old.status}).`,
      ...(old.range ? { range: old.range } : {}),
      hint: `Deprecate it first: keep \`${name}\` with \`status: deprecated\` in one change so dashboards and API clients can move, and remove it in a later change.`,
    });
  }
  return out;
}

function renamed(change: MetricChange, base: Catalog, head: Catalog): Diagnostic {
  const previous = change.previousName!;
  const old = base.metrics[previous]!;
  const after = head.metrics[change.name]!;
  return {
    code: 'metric-renamed',
    severity: 'warning',
    message: `Metric \`${previous}\` was renamed to \`${change.name}\`; clients asking for \`${previous}\` will get an unknown-metric error.`,
    ...(after.range ? { range: after.range } : {}),
    hint:
      old.status === 'deprecated'
        ? `\`${previous}\` was deprecated, so this is expected; tell its consumers the new name.`
        : `Keep \`${previous}\` for a release with \`status: deprecated\` (same definition) and remove it later.`,
  };
}
