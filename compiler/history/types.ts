import type { FieldChange } from '../diff/types.js';

/**
 * One line of the definition changelog: what happened to one metric (or model) in one commit.
 * The GraphQL `changelog(...)` query and a metric's `history` field serve these as they are.
 */
export type ChangelogKind = 'added' | 'removed' | 'renamed' | 'breaking' | 'non_breaking' | 'deprecated' | 'invalid';

export interface ChangelogEntry {
  /** Author date of the commit, ISO 8601 with offset. */
  readonly date: string;
  readonly author: string;
  /** Full commit SHA. */
  readonly commit: string;
  /** First line of the commit message. */
  readonly subject: string;
  /** The metric concerned (its new name for renames); absent for model-only and `invalid` entries. */
  readonly metric?: string;
  /** `renamed` only: the metric's former name. */
  readonly previousName?: string;
  /** The semantic model concerned, for model changes (also set on metrics affected through one). */
  readonly model?: string;
  /** Focus areas of the metric after the change (before, for removals); sorted. */
  readonly focusAreas: readonly string[];
  /** Owner of the metric after the change (before, for removals). */
  readonly owner?: string;
  readonly kind: ChangelogKind;
  /** One line a reader outside the data team understands. */
  readonly summary: string;
  /** The metric's version after the change. */
  readonly version?: number;
  /** Field-level detail behind the summary (old -> new), for UIs that expand an entry. */
  readonly fields: readonly FieldChange[];
}

export interface ChangelogOptions {
  /** Keep entries on or after this date (`2026-01-31` or a full ISO timestamp). */
  readonly since?: string;
  /** Keep entries on or before this date (a bare date includes that whole day). */
  readonly until?: string;
  /** Keep entries about this metric, under its current or former name. */
  readonly metric?: string;
  /** Keep entries about metrics in this focus area. */
  readonly focusArea?: string;
  /** Keep entries about metrics owned by this owner. */
  readonly owner?: string;
  /**
   * Project folder inside the repository. Default: the folder passed as `repoDir`, relative to the
   * root of the repository holding it.
   */
  readonly projectPath?: string;
  /** Revision whose history is walked; default `HEAD`. */
  readonly rev?: string;
  /**
   * Where compiled catalogs and diffs are kept between runs; default `<repo>/<project>/.canon/cache`.
   * `false` turns caching off.
   */
  readonly cacheDir?: string | false;
}
