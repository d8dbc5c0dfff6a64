import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, ProjectConfig } from '../catalog/types.js';
import { compileProject } from '../compile-project.js';
import { diffCatalogs } from '../diff/diff-catalogs.js';
import { catalogFolder, PROJECT_FILE } from '../source/fs-source.js';
import { gitLocation, gitSource, gitSources, runGit } from '../source/git-source.js';
import type { ProjectSource } from '../source/source.js';
import { entriesFromDiff, type EntryCore, invalidEntry } from './changelog-entries.js';
import { filterChangelog } from './filter-changelog.js';
import { diskCache, type JsonCache, noCache } from './disk-cache.js';
import { type CatalogCommit, catalogCommits, EMPTY_TREE_KEY, treeKeys } from './git-history.js';
import type { ChangelogEntry, ChangelogOptions } from './types.js';

/** The changelog plus what a renderer needs to title its groups. */
export interface Changelog {
  /** Newest first. */
  readonly entries: readonly ChangelogEntry[];
  /** Focus area name -> label, from the newest version that compiled. */
  readonly focusAreaLabels: Readonly<Record<string, string>>;
}

/** How many compiled catalogs a walk keeps in memory. */
const RECENT_CATALOGS = 8;

/** What is cached per catalog version (small, read on every run). */
interface VersionRecord {
  readonly ok: boolean;
  /** `file:line:col message` of each error, for versions that did not compile. */
  readonly errors: readonly string[];
  readonly focusAreaLabels: Readonly<Record<string, string>>;
}

/**
 * The definition changelog from git: every commit touching the catalog folder or `canon.yaml` is
 * compiled and diffed against its parent, and each metric change becomes an entry. Newest first.
 * `repoDir` is the repository root, or (without `options.projectPath`) any folder inside it, taken
 * as the project. Outside git the history is empty.
 */
export async function buildChangelog(repoDir: string, options: ChangelogOptions = {}): Promise<ChangelogEntry[]> {
  return [...(await loadChangelog(repoDir, options)).entries];
}

export async function loadChangelog(repoDir: string, options: ChangelogOptions = {}): Promise<Changelog> {
  // Without projectPath, `repoDir` may be any folder in the repository (the server passes its
  // project root): the project is then that folder.
  const location = options.projectPath === undefined ? gitLocation(repoDir) : { repoDir, projectPath: options.projectPath };
  if (!location) return { entries: [], focusAreaLabels: {} }; // not in git: no history to tell
  const walk = new HistoryWalk(location.repoDir, { ...options, projectPath: location.projectPath });
  const entries = await walk.run();
  return { entries: filterChangelog(entries, options), focusAreaLabels: walk.focusAreaLabels };
}

class HistoryWalk {
  private readonly prefix: string;
  private readonly cache: JsonCache;
  private readonly fingerprint = compilerFingerprint();
  private readonly catalogs = new Map<string, Catalog>();
  private readonly versions = new Map<string, VersionRecord>();
  /** Sources read up front for the versions the cache does not know (see prefetch). */
  private prefetched = new Map<string, ProjectSource>();
  focusAreaLabels: Record<string, string> = {};

  constructor(
    private readonly repoDir: string,
    private readonly options: ChangelogOptions,
  ) {
    const project = (options.projectPath ?? '').replace(/^\.?\/*/, '').replace(/\/+$/, '');
    this.prefix = project ? `${project}/` : '';
    this.cache =
      options.cacheDir === false ? noCache : diskCache(options.cacheDir ?? join(repoDir, project, '.canon', 'cache'));
  }

  async run(): Promise<ChangelogEntry[]> {
    const rev = this.options.rev ?? 'HEAD';
    const projectText = tryGit(this.repoDir, ['show', `${rev}:${this.prefix}${PROJECT_FILE}`]);
    const paths = [`${this.prefix}${catalogFolder(projectText)}`, `${this.prefix}${PROJECT_FILE}`];
    const commits = catalogCommits(this.repoDir, paths, rev);
    const keys = treeKeys(this.repoDir, commits.flatMap((c) => (c.parent ? [c.sha, c.parent] : [c.sha])), paths);
    // Per commit, oldest first; the result lists commits newest first, each commit's entries by name.
    const perCommit: ChangelogEntry[][] = [];
    this.prefetch(commits, keys);
    let lastGood: { key: string; rev: string } = { key: EMPTY_TREE_KEY, rev: '' };
    for (const [n, commit] of commits.entries()) {
      // A server calls this between requests: give the event loop a turn now and then on a cold walk.
      if (n % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
      const headKey = keys.get(commit.sha)!;
      let base = commit.parent ? { key: keys.get(commit.parent)!, rev: commit.parent } : { key: EMPTY_TREE_KEY, rev: '' };
      if (headKey === base.key) continue;
      // A parent that did not compile has no catalog to diff against: use the last version that did.
      if (!this.version(base.key, base.rev).ok) base = lastGood;
      const head = this.version(headKey, commit.sha);
      if (!head.ok) {
        perCommit.push([stamp(invalidEntry(head.errors), commit)]);
        continue;
      }
      lastGood = { key: headKey, rev: commit.sha };
      this.focusAreaLabels = { ...head.focusAreaLabels };
      perCommit.push(this.diff(base, { key: headKey, rev: commit.sha }).map((core) => stamp(core, commit)));
    }
    return perCommit.reverse().flat();
  }

  /**
   * Read every version the cache does not know in one batch of git processes: on a cold cache this
   * is most of the run's git work, done once instead of three processes per commit.
   */
  private prefetch(commits: readonly CatalogCommit[], keys: ReadonlyMap<string, string>): void {
    const revByKey = new Map<string, string>();
    for (const rev of commits.flatMap((c) => (c.parent ? [c.parent, c.sha] : [c.sha]))) {
      const key = keys.get(rev)!;
      if (key === EMPTY_TREE_KEY || revByKey.has(key)) continue;
      if (this.cache.get<VersionRecord>('versions', this.key(key))) continue;
      revByKey.set(key, rev);
    }
    if (revByKey.size === 0) return;
    this.prefetched = gitSources(this.repoDir, [...revByKey.values()], { projectPath: this.prefix });
  }

  /** Entries between two good versions; cached by the pair of content keys. */
  private diff(base: { key: string; rev: string }, head: { key: string; rev: string }): EntryCore[] {
    const pairKey = this.key(`${base.key}..${head.key}`);
    const cached = this.cache.get<EntryCore[]>('diffs', pairKey);
    if (cached) return cached;
    const headCatalog = this.catalog(head.key, head.rev)!;
    const baseCatalog = this.catalog(base.key, base.rev) ?? emptyCatalog(headCatalog.project);
    const entries = entriesFromDiff(diffCatalogs(baseCatalog, headCatalog), headCatalog);
    this.cache.set('diffs', pairKey, entries);
    return entries;
  }

  private version(key: string, rev: string): VersionRecord {
    if (key === EMPTY_TREE_KEY) return { ok: true, errors: [], focusAreaLabels: {} };
    const known = this.versions.get(key) ?? this.cache.get<VersionRecord>('versions', this.key(key));
    if (known) {
      this.versions.set(key, known);
      return known;
    }
    this.compile(key, rev);
    return this.versions.get(key)!;
  }

  /**
   * The compiled catalog of a good version; undefined for the empty tree. Catalogs live in memory
   * only: the disk cache keeps the (small) diffs, so a warm run never needs a catalog, and a
   * thousand serialised catalogs would cost far more disk than recompiling the odd one.
   */
  private catalog(key: string, rev: string): Catalog | undefined {
    if (key === EMPTY_TREE_KEY) return undefined;
    return this.catalogs.get(key) ?? this.compile(key, rev);
  }

  private compile(key: string, rev: string): Catalog | undefined {
    const source = this.prefetched.get(rev) ?? gitSource(this.repoDir, rev, { projectPath: this.prefix });
    this.prefetched.delete(rev); // compiled once; let the text go
    const result = compileProject(source);
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => (d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col} ${d.message}` : d.message));
    const record: VersionRecord = {
      ok: result.catalog !== undefined,
      errors,
      focusAreaLabels: Object.fromEntries(
        Object.values(result.catalog?.focusAreas ?? {}).map((f) => [f.name, f.label]),
      ),
    };
    this.versions.set(key, record);
    this.cache.set('versions', this.key(key), record);
    if (result.catalog) {
      // Consecutive commits diff neighbouring versions: a few recent catalogs are all that is reused.
      if (this.catalogs.size >= RECENT_CATALOGS) this.catalogs.delete(this.catalogs.keys().next().value!);
      this.catalogs.set(key, result.catalog);
    }
    return result.catalog;
  }

  /** Cache keys include the compiler's own fingerprint: a new compiler never reads an old result. */
  private key(contentKey: string): string {
    return createHash('sha256').update(`${this.fingerprint}:${contentKey}`).digest('hex').slice(0, 40);
  }
}

function stamp(core: EntryCore, commit: CatalogCommit): ChangelogEntry {
  return { date: commit.date, author: commit.author, commit: commit.sha, subject: commit.subject, ...core };
}

function tryGit(repoDir: string, args: readonly string[]): string | undefined {
  try {
    return runGit(repoDir, args);
  } catch {
    return undefined; // no canon.yaml at that revision: defaults apply
  }
}

function emptyCatalog(project: ProjectConfig): Catalog {
  return { version: EMPTY_TREE_KEY, project, models: {}, metrics: {}, owners: {}, focusAreas: {}, measureIndex: {} };
}

let fingerprint: string | undefined;

/**
 * A hash of the compiler's source files. Cached catalogs and diffs are only as right as the
 * compiler that made them, so changing the compiler (an upgrade, or a developer's edit) starts a
 * fresh cache instead of serving results in an old shape.
 */
function compilerFingerprint(): string {
  if (fingerprint) return fingerprint;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256');
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.(ts|js|json)$/.test(f))
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(join(root, file)));
  }
  fingerprint = hash.digest('hex').slice(0, 16);
  return fingerprint;
}
