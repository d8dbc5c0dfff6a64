import type { Changelog } from './build-changelog.js';
import type { ChangelogEntry, ChangelogKind } from './types.js';

const KIND_LABEL: Readonly<Record<ChangelogKind, string>> = {
  added: 'added',
  removed: 'removed',
  renamed: 'renamed',
  breaking: 'breaking',
  non_breaking: 'update',
  deprecated: 'deprecated',
  invalid: 'invalid',
};

/** Heading for entries about no metric: model changes and versions that did not compile. */
const OTHER_GROUP = 'Semantic models and project';

/**
 * The changelog as Markdown for leadership: one section per focus area (a metric in two areas is
 * listed in both), newest first inside each, then model-level changes. Byte-identical for the same
 * history.
 */
export function renderChangelogMarkdown(changelog: Changelog, title = 'Metric definition changelog'): string {
  const lines: string[] = [`# ${title}`, ''];
  if (changelog.entries.length === 0) {
    lines.push('_No definition changes in this range._', '');
    return lines.join('\n');
  }
  const commits = new Set(changelog.entries.map((e) => e.commit)).size;
  const dates = changelog.entries.map((e) => e.date.slice(0, 10)).sort();
  lines.push(
    `_${plural(changelog.entries.length, 'change')} in ${plural(commits, 'commit')}, ${dates[0]} to ${dates[dates.length - 1]}._`,
    '',
  );
  const groups = new Map<string, ChangelogEntry[]>();
  for (const entry of changelog.entries) {
    const keys = entry.focusAreas.length > 0 ? entry.focusAreas : [OTHER_GROUP];
    for (const key of keys) {
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(entry);
    }
  }
  const names = [...groups.keys()].filter((k) => k !== OTHER_GROUP).sort();
  if (groups.has(OTHER_GROUP)) names.push(OTHER_GROUP);
  for (const name of names) {
    lines.push(`## ${changelog.focusAreaLabels[name] ?? name}`, '');
    for (const entry of groups.get(name)!) lines.push(`- ${entryLine(entry)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function entryLine(entry: ChangelogEntry): string {
  const version = entry.version !== undefined && entry.kind !== 'added' && entry.kind !== 'invalid' ? ` v${entry.version}` : '';
  return `${entry.date.slice(0, 10)} **${KIND_LABEL[entry.kind]}**${version} ${entry.summary} — ${entry.author}, \`${entry.commit.slice(0, 7)}\``;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
