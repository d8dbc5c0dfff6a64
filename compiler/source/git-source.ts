import { execFileSync } from 'node:child_process';
import { catalogFolder, comparePaths, PROJECT_FILE } from './fs-source.js';
import type { ProjectSource } from './source.js';

const YAML_FILE = /\.ya?ml$/i;

/**
 * A ProjectSource over one git revision: the project as it was at `rev`, read with the git CLI and
 * never checked out. File reading is the only I/O, so the compiler may use it like directorySource.
 *
 * It lists what directorySource lists (canon.yaml and the YAML below the catalog folder), all read up
 * front through one `git cat-file --batch` process: a changelog compiles hundreds of revisions, and
 * one git process per file would dominate the run time.
 */
export interface GitSourceOptions {
  /**
   * Folder of the project inside the repository (forward slashes, no leading slash). Default: the
   * repository root. Paths the source lists stay relative to the project, as the compiler expects.
   */
  readonly projectPath?: string;
}

/** Thrown only when git itself fails (not a repository, unknown revision): a broken invariant for the caller. */
export class GitSourceError extends Error {
  override readonly name = 'GitSourceError';
}

export function gitSource(repoDir: string, rev: string, options: GitSourceOptions = {}): ProjectSource {
  const prefix = normalisePrefix(options.projectPath);
  const blobs = listBlobs(repoDir, rev, prefix);
  const projectSha = blobs.get(PROJECT_FILE);
  const projectText = projectSha ? readBlobs(repoDir, [projectSha])[0] : undefined;
  // The same files directorySource lists: canon.yaml and the YAML below the catalog folder.
  const folder = catalogFolder(projectText);
  const catalog = folder ? `${folder}/` : '';
  const paths = [...blobs.keys()].filter((p) => p.startsWith(catalog) && YAML_FILE.test(p)).sort(comparePaths);
  const texts = readBlobs(repoDir, paths.map((p) => blobs.get(p)!));
  const contents = new Map<string, string>();
  paths.forEach((path, i) => contents.set(path, texts[i]!));
  if (projectText !== undefined) {
    contents.set(PROJECT_FILE, projectText);
    paths.unshift(PROJECT_FILE);
    paths.sort(comparePaths);
  }
  return {
    label: `git:${rev}`,
    listFiles: () => paths,
    readFile: (path: string) => contents.get(path),
  };
}

function normalisePrefix(projectPath: string | undefined): string {
  if (!projectPath || projectPath === '.' || projectPath === './') return '';
  return projectPath.replace(/^\.?\/+/, '').replace(/\/+$/, '') + '/';
}

/** Path (relative to the project) -> blob sha, for every file at `rev` under the project folder. */
function listBlobs(repoDir: string, rev: string, prefix: string): Map<string, string> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', rev];
  if (prefix) args.push('--', prefix);
  const out = runGit(repoDir, args);
  const blobs = new Map<string, string>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    // `<mode> SP <type> SP <sha> TAB <path>`
    const tab = record.indexOf('\t');
    const [, type, sha] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (type !== 'blob' || !sha || !path.startsWith(prefix)) continue;
    blobs.set(path.slice(prefix.length), sha);
  }
  return blobs;
}

/** Contents of the given blobs, in order, from one `git cat-file --batch` run. */
export function readBlobs(repoDir: string, shas: readonly string[]): string[] {
  return readObjects(repoDir, shas).map((object, i) => {
    if (!object) throw new GitSourceError(`git object ${shas[i]} is missing`);
    return object.content.toString('utf8');
  });
}

interface GitObject {
  /** Object id in hex, as git printed it (its length tells SHA-1 from SHA-256 repositories). */
  readonly id: string;
  readonly type: string;
  readonly content: Buffer;
}

/** Objects named by any `git cat-file` spec (`<sha>`, `<rev>:<path>`), in order; undefined when missing. */
function readObjects(repoDir: string, specs: readonly string[]): (GitObject | undefined)[] {
  if (specs.length === 0) return [];
  const raw = runGitBuffer(repoDir, ['cat-file', '--batch'], specs.join('\n') + '\n');
  const objects: (GitObject | undefined)[] = [];
  let at = 0;
  for (let n = 0; n < specs.length; n++) {
    const headerEnd = raw.indexOf(0x0a, at);
    const header = raw.subarray(at, headerEnd).toString('utf8');
    at = headerEnd + 1;
    const parts = header.split(' ');
    if (parts.length !== 3 || parts[1] === 'missing' || parts[2] === 'missing') {
      objects.push(undefined);
      continue;
    }
    const size = Number(parts[2]);
    objects.push({ id: parts[0]!, type: parts[1]!, content: raw.subarray(at, at + size) });
    at += size + 1; // content is followed by a newline
  }
  return objects;
}

/**
 * Sources for many revisions at once, for the changelog: a long history is read with a handful of
 * git processes instead of three per revision. Trees and blobs shared by revisions (most of them,
 * in a catalog where each commit touches one file) are read once. Revisions are read level by
 * level: every `canon.yaml`, then every catalog folder tree, its subtrees, and finally the blobs.
 */
export function gitSources(repoDir: string, revs: readonly string[], options: GitSourceOptions = {}): Map<string, ProjectSource> {
  const prefix = normalisePrefix(options.projectPath);
  const projects = readObjects(repoDir, revs.map((rev) => `${rev}:${prefix}${PROJECT_FILE}`));
  const projectTexts = projects.map((o) => (o && o.type === 'blob' ? o.content.toString('utf8') : undefined));
  const folders = projectTexts.map((text) => catalogFolder(text));
  // Per revision: project path -> blob id of every YAML file under its catalog folder.
  const files = revs.map(() => new Map<string, string>());
  const trees = new Map<string, { name: string; mode: string; id: string }[]>();
  let pending: { rev: number; path: string; spec: string }[] = revs.map((rev, i) => ({
    rev: i,
    path: folders[i] ? `${folders[i]}/` : '',
    spec: `${rev}:${prefix}${folders[i] ?? ''}`,
  }));
  while (pending.length > 0) {
    const unknown = [...new Set(pending.map((p) => p.spec).filter((spec) => !trees.has(spec)))];
    readObjects(repoDir, unknown).forEach((object, i) => {
      trees.set(unknown[i]!, object && object.type === 'tree' ? parseTree(object) : []);
    });
    const next: typeof pending = [];
    for (const item of pending) {
      for (const entry of trees.get(item.spec)!) {
        const path = `${item.path}${entry.name}`;
        if (entry.mode === '40000') next.push({ rev: item.rev, path: `${path}/`, spec: entry.id });
        else if (YAML_FILE.test(entry.name)) files[item.rev]!.set(path, entry.id);
      }
    }
    pending = next;
  }
  const blobIds = [...new Set(files.flatMap((f) => [...f.values()]))];
  const texts = new Map(readBlobs(repoDir, blobIds).map((text, i) => [blobIds[i]!, text]));
  const sources = new Map<string, ProjectSource>();
  revs.forEach((rev, i) => {
    const contents = new Map<string, string>();
    for (const [path, id] of files[i]!) contents.set(path, texts.get(id)!);
    if (projectTexts[i] !== undefined) contents.set(PROJECT_FILE, projectTexts[i]!);
    const paths = [...contents.keys()].sort(comparePaths);
    sources.set(rev, { label: `git:${rev}`, listFiles: () => paths, readFile: (path: string) => contents.get(path) });
  });
  return sources;
}

/** Entries of a binary tree object: `<mode> <name>\0<raw id>` repeated. */
function parseTree(tree: GitObject): { name: string; mode: string; id: string }[] {
  const idBytes = tree.id.length / 2;
  const entries: { name: string; mode: string; id: string }[] = [];
  const data = tree.content;
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const nul = data.indexOf(0, space);
    const mode = data.subarray(at, space).toString('utf8');
    const name = data.subarray(space + 1, nul).toString('utf8');
    const id = data.subarray(nul + 1, nul + 1 + idBytes).toString('hex');
    entries.push({ name, mode, id });
    at = nul + 1 + idBytes;
  }
  return entries;
}

export function runGit(repoDir: string, args: readonly string[], input?: string): string {
  return runGitBuffer(repoDir, args, input).toString('utf8');
}

function runGitBuffer(repoDir: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, {
      cwd: repoDir,
      input,
      maxBuffer: 1 << 30,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new GitSourceError(`git ${args.join(' ')} failed in ${repoDir}: ${stderr || String(error)}`);
  }
}

/** Where a project folder sits in git: the repository root and the project's path inside it. */
export interface GitLocation {
  readonly repoDir: string;
  /** Forward slashes, no trailing slash; empty at the repository root. */
  readonly projectPath: string;
}

/** Undefined when the folder is not inside a git work tree. */
export function gitLocation(projectDir: string): GitLocation | undefined {
  try {
    const repoDir = runGit(projectDir, ['rev-parse', '--show-toplevel']).trim();
    const projectPath = runGit(projectDir, ['rev-parse', '--show-prefix']).trim().replace(/\/$/, '');
    return { repoDir, projectPath };
  } catch {
    return undefined;
  }
}
