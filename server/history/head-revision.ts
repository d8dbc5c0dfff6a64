import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { runGit } from '../../compiler/source/git-source.js';

/** HEAD of a repository that is not one (the changelog is then empty). */
export const NO_REPOSITORY = 'none';

/**
 * Reads the commit HEAD points at, for a repository found once. Asked on every changelog request,
 * so it reads `.git` files directly (microseconds) instead of spawning `git rev-parse` (milliseconds,
 * and synchronous); anything unusual (packed refs only, detached worktrees) falls back to git.
 */
export class HeadRevision {
  private readonly gitDir: string | undefined;
  private readonly commonDir: string | undefined;

  constructor(private readonly dir: string) {
    try {
      const [gitDir, commonDir] = runGit(dir, ['rev-parse', '--absolute-git-dir', '--git-common-dir']).trim().split('\n');
      this.gitDir = gitDir;
      this.commonDir = commonDir && !isAbsolute(commonDir) ? join(dir, commonDir) : commonDir;
    } catch {
      this.gitDir = undefined; // not in git: no history
    }
  }

  /** Full SHA of HEAD; NO_REPOSITORY outside git or before the first commit. */
  current(): string {
    if (!this.gitDir) return NO_REPOSITORY;
    try {
      const head = readFileSync(join(this.gitDir, 'HEAD'), 'utf8').trim();
      if (!head.startsWith('ref: ')) return head;
      const ref = head.slice(5);
      for (const base of [this.gitDir, this.commonDir]) {
        if (!base) continue;
        try {
          return readFileSync(join(base, ref), 'utf8').trim();
        } catch {
          // not a loose ref here: try the common dir, then packed refs through git
        }
      }
    } catch {
      // unreadable HEAD: ask git
    }
    try {
      return runGit(this.dir, ['rev-parse', 'HEAD']).trim();
    } catch {
      return NO_REPOSITORY; // no commit yet
    }
  }
}
