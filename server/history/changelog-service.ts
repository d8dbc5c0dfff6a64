import { loadChangelog } from '../../compiler/history/build-changelog.js';
import type { ChangelogEntry } from '../../compiler/history/types.js';
import { gitLocation } from '../../compiler/source/git-source.js';
import { HeadRevision, NO_REPOSITORY } from './head-revision.js';

export interface ChangelogServiceOptions {
  /** The project served (canon.yaml's folder); its repository's history is walked. */
  readonly projectRoot: string;
  readonly log?: (message: string) => void;
}

/**
 * The project's full definition changelog, built once per HEAD commit and shared by every request.
 * Building walks and compiles the git history (slow when the disk cache is cold), so it starts in
 * the background when the server starts; requests arriving meanwhile await that one build instead
 * of starting their own. A new HEAD starts a new build; the old result is dropped when it lands.
 */
export class ChangelogService {
  private readonly head: HeadRevision;
  private built: { readonly head: string; readonly entries: Promise<readonly ChangelogEntry[]> } | undefined;

  constructor(private readonly options: ChangelogServiceOptions) {
    this.head = new HeadRevision(options.projectRoot);
  }

  /** Start building for the current HEAD without waiting (server start). Failures are logged, not thrown. */
  warm(): void {
    // Let the server finish starting (and listen) before the walk takes its first turn.
    setImmediate(() => this.entries().catch(() => undefined));
  }

  /** Every entry, newest first, unfiltered: exactly `canon changelog --format json` with no options. */
  entries(): Promise<readonly ChangelogEntry[]> {
    const head = this.head.current();
    if (this.built?.head === head) return this.built.entries;
    const entries = head === NO_REPOSITORY ? Promise.resolve([]) : this.build(head);
    const built = { head, entries };
    this.built = built;
    // A failed build is not remembered: the next request tries again.
    entries.catch((error: unknown) => {
      this.options.log?.(`changelog: building the history failed: ${error instanceof Error ? error.message : String(error)}`);
      if (this.built === built) this.built = undefined;
    });
    return entries;
  }

  private async build(head: string): Promise<readonly ChangelogEntry[]> {
    // Yield first, so the request (or startup) that triggered the build is not held by it.
    await new Promise((resolve) => setImmediate(resolve));
    const location = gitLocation(this.options.projectRoot);
    if (!location) return [];
    const started = performance.now();
    // Walk the commit read above, not `HEAD`: a commit landing mid-walk must not mix into this key.
    const changelog = await loadChangelog(location.repoDir, { projectPath: location.projectPath, rev: head });
    this.options.log?.(`changelog: ${changelog.entries.length} entries at ${head.slice(0, 12)} in ${Math.round(performance.now() - started)} ms`);
    return changelog.entries;
  }
}
