import type { ChangelogEntry } from '../../compiler/history/types.js';
import { isRestricted, type AccessScope } from '../access/access-scope.js';

/**
 * The entries a scope may see, judged on each entry's own metric and focus areas (those of the
 * metric at that commit; before the change for removals), so removed and renamed metrics follow the
 * same rule as live ones. Entries naming no metric (model-only changes, versions that did not
 * compile) are for unrestricted principals only: they can reveal any team's definitions. A metric
 * granted by name keeps its history under former names.
 */
export function visibleEntries(entries: readonly ChangelogEntry[], scope: AccessScope): readonly ChangelogEntry[] {
  if (!isRestricted(scope)) return entries;
  const names = new Set(scope.metrics ?? []);
  const areas = new Set(scope.focusAreas ?? []);
  const kept: ChangelogEntry[] = [];
  // Newest first: a rename is met before the entries made under the old name.
  for (const entry of entries) {
    if (!entry.metric) continue;
    if (entry.kind === 'renamed' && entry.previousName && names.has(entry.metric)) names.add(entry.previousName);
    if (names.has(entry.metric) || entry.focusAreas.some((area) => areas.has(area))) kept.push(entry);
  }
  return kept;
}
