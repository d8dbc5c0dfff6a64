import type { ChangelogEntry, ChangelogOptions } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Keep the entries the reader asked for. A metric's history follows its renames backwards, so the
 * history of `deals_won` includes what happened to it while it was called `wins`.
 */
export function filterChangelog(entries: readonly ChangelogEntry[], options: ChangelogOptions): ChangelogEntry[] {
  const since = options.since ? Date.parse(options.since) : undefined;
  const until = options.until ? Date.parse(options.until) + (isBareDate(options.until) ? DAY_MS : 1) : undefined;
  const names = options.metric ? new Set([options.metric]) : undefined;
  const scoped = options.metric !== undefined || options.focusArea !== undefined || options.owner !== undefined;
  const kept: ChangelogEntry[] = [];
  // Newest first, so a rename is met before the entries made under the old name.
  for (const entry of entries) {
    if (names && entry.kind === 'renamed' && entry.metric && names.has(entry.metric) && entry.previousName) {
      names.add(entry.previousName);
    }
    const time = Date.parse(entry.date);
    if (since !== undefined && time < since) continue;
    if (until !== undefined && time >= until) continue;
    if (scoped && entry.kind === 'invalid') continue;
    if (names && !(entry.metric && names.has(entry.metric))) continue;
    if (options.focusArea && !entry.focusAreas.includes(options.focusArea)) continue;
    if (options.owner && entry.owner !== options.owner) continue;
    kept.push(entry);
  }
  return kept;
}

function isBareDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}
