import { createHash } from 'node:crypto';
import { runGit } from '../source/git-source.js';

/** One commit that touched the catalog, as `git log` reports it. */
export interface CatalogCommit {
  /** Full SHA. */
  readonly sha: string;
  /** First parent's SHA; absent for a root commit. */
  readonly parent?: string;
  /** Author date, ISO 8601 with offset. */
  readonly date: string;
  readonly author: string;
  /** First line of the commit message. */
  readonly subject: string;
}

/** Key of a catalog with no files at all (before the catalog folder existed). */
export const EMPTY_TREE_KEY = 'empty';

/**
 * Commits touching the catalog folder or `canon.yaml`, oldest first. Each is later diffed against
 * its own first parent, so commits on merged branches are each told once, and merges that only join
 * histories (TREESAME to a parent, which path-limited `git log` hides) add nothing.
 */
export function catalogCommits(repoDir: string, paths: readonly string[], rev = 'HEAD'): CatalogCommit[] {
  const format = ['%H', '%P', '%aI', '%an', '%s'].join('%x1f') + '%x1e';
  const out = runGit(repoDir, ['log', '--reverse', '--topo-order', `--format=${format}`, rev, '--', ...paths]);
  const commits: CatalogCommit[] = [];
  for (const record of out.split('\x1e')) {
    const trimmed = record.replace(/^\n+/, '');
    if (!trimmed) continue;
    const [sha, parents, date, author, subject] = trimmed.split('\x1f') as [string, string, string, string, string];
    const parent = parents.split(' ').filter(Boolean)[0];
    commits.push({ sha, date, author, subject: subject ?? '', ...(parent ? { parent } : {}) });
  }
  return commits;
}

/**
 * Content key of the catalog at each revision: a hash of the git object ids of `paths` there.
 * Two commits with the same catalog trees share a key, so the compiled catalog and the diff between
 * two keys are cached once however many commits repeat them. One `git cat-file --batch-check` run.
 */
export function treeKeys(repoDir: string, revs: readonly string[], paths: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  const unique = [...new Set(revs)];
  if (unique.length === 0) return keys;
  const queries = unique.flatMap((rev) => paths.map((p) => `${rev}:${p}`));
  const out = runGit(repoDir, ['cat-file', '--batch-check'], queries.join('\n') + '\n').split('\n');
  unique.forEach((rev, i) => {
    const ids = paths.map((_, j) => {
      const line = out[i * paths.length + j] ?? '';
      return line.endsWith(' missing') ? '-' : line.split(' ')[0]!;
    });
    keys.set(rev, ids.every((id) => id === '-') ? EMPTY_TREE_KEY : hash(ids.join('|')));
  });
  return keys;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
