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
  if (shas.length === 0) return [];
  const raw = runGitBuffer(repoDir, ['cat-file', '--batch'], shas.join('\n') + '\n');
  const texts: string[] = [];
  let at = 0;
  for (const sha of shas) {
    const headerEnd = raw.indexOf(0x0a, at);
    const header = raw.subarray(at, headerEnd).toString('utf8');
    const parts = header.split(' ');
    if (parts[1] === 'missing' || parts.length < 3) throw new GitSourceError(`git object ${sha} is missing`);
    const size = Number(parts[2]);
    const start = headerEnd + 1;
    texts.push(raw.subarray(start, start + size).toString('utf8'));
    at = start + size + 1; // content is followed by a newline
  }
  return texts;
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
