/**
 * The compiler as it was at an earlier commit, loaded beside today's so bench:plan can time both on
 * the same requests in the same process (same machine load, same JIT conditions). The old tree is
 * exported with `git archive` into a cache directory and imported as TypeScript through tsx, so no
 * build step is needed; it shares this checkout's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '../compiler/catalog/types.js';
import type { compileRequest as CompileRequest } from '../compiler/compile-request.js';
import type { Dialect } from '../compiler/sql/dialect.js';

export interface CompilerVersion {
  readonly label: string;
  readonly catalog: Catalog;
  readonly dialect: (name: string) => Dialect;
  readonly compileRequest: typeof CompileRequest;
}

/**
 * Loads the compiler of `revision` and compiles the catalog in `projectDir` with it. Returns a
 * reason string instead when that is impossible (no git history, unknown revision, the old
 * compiler rejects today's catalog), so the bench can still print today's figures.
 */
export async function loadBaselineCompiler(revision: string, projectDir: string): Promise<CompilerVersion | string> {
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { cwd: projectDir, encoding: 'utf8' }).trim();
  } catch {
    return `revision ${revision} is not in this checkout's git history`;
  }
  const dir = join(tmpdir(), `canon-bench-baseline-${commit.slice(0, 12)}`);
  // A finished export holds this marker file; a half-written one (interrupted run) is redone.
  if (!existsSync(join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit], { cwd: projectDir, maxBuffer: 256 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(resolve(projectDir, 'node_modules'), join(dir, 'node_modules'));

  const at = (path: string): string => pathToFileURL(join(dir, path)).href;
  const project = (await import(at('compiler/compile-project.ts'))) as typeof import('../compiler/compile-project.js');
  const source = (await import(at('compiler/source/fs-source.ts'))) as typeof import('../compiler/source/fs-source.js');
  const request = (await import(at('compiler/compile-request.ts'))) as typeof import('../compiler/compile-request.js');
  const registry = (await import(at('adapters/dialect-registry.ts'))) as { getDialect(name: string): Dialect | undefined };
  const catalog = project.compileProject(source.directorySource(projectDir)).catalog;
  if (!catalog) return `the compiler at ${revision} does not compile this project's catalog`;
  return {
    label: revision,
    catalog,
    compileRequest: request.compileRequest,
    dialect: (name) => {
      const d = registry.getDialect(name);
      if (!d) throw new Error(`the compiler at ${revision} has no dialect ${name}`);
      return d;
    },
  };
}
