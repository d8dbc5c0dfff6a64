import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { directorySource, memorySource } from '../../compiler/source/fs-source.js';
import type { ProjectSource } from '../../compiler/source/source.js';

/** One broken catalog and what compiling it must report. See test/corpus/README.md. */
interface CorpusCase {
  readonly description: string;
  readonly expect: readonly {
    readonly code: string;
    /** `file:line:col`; omitted when only the code matters. */
    readonly at?: string;
    readonly severity?: 'error' | 'warning' | 'info';
    /** Substrings the message / hint must contain. */
    readonly message?: string;
    readonly hint?: string;
  }[];
  /** Files too big to check in, made by the test: path -> header + repeat × times. */
  readonly generate?: Readonly<Record<string, { header: string; repeat: string; times: number }>>;
  /**
   * The expected diagnostics are all there is: one mistake, one diagnostic, no follow-on errors
   * (e.g. no "unknown measure" for the measures of a model dropped for a schema error).
   */
  readonly exactly?: boolean;
  /** Why this case cannot pass yet (reported as a todo, not a failure). */
  readonly pending?: string;
}

const CASES = join(import.meta.dirname, 'cases');

function sourceFor(folder: string, spec: CorpusCase): ProjectSource {
  const disk = directorySource(folder);
  if (!spec.generate) return disk;
  const files: Record<string, string> = {};
  for (const path of disk.listFiles()) files[path] = disk.readFile(path)!;
  for (const [path, g] of Object.entries(spec.generate)) files[path] = g.header + g.repeat.repeat(g.times);
  return memorySource(files, folder);
}

function where(d: Diagnostic): string {
  return d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col}` : '(no location)';
}

const names = readdirSync(CASES).sort();

describe('broken-catalog corpus', () => {
  it('has at least 45 broken catalogs, each expecting something', () => {
    const broken = names.filter((n) => (JSON.parse(readFileSync(join(CASES, n, 'expect.json'), 'utf8')) as CorpusCase).expect.length > 0);
    expect(broken.length).toBeGreaterThanOrEqual(45);
  });

  for (const name of names) {
    const folder = join(CASES, name);
    const spec = JSON.parse(readFileSync(join(folder, 'expect.json'), 'utf8')) as CorpusCase;
    if (spec.pending) {
      it.todo(`${name}: ${spec.description} (pending: ${spec.pending})`);
      continue;
    }
    it(`${name}: ${spec.description}`, () => {
      const result = compileProject(sourceFor(folder, spec));
      const shown = result.diagnostics.map((d) => `${where(d)} ${d.severity}[${d.code}] ${d.message}`).join('\n');
      if (spec.expect.length === 0) {
        expect(shown).toBe('');
        expect(result.catalog).toBeDefined();
        return;
      }
      for (const e of spec.expect) {
        const found = result.diagnostics.find(
          (d) =>
            d.code === e.code &&
            (e.at === undefined || where(d) === e.at) &&
            (e.severity === undefined || d.severity === e.severity) &&
            (e.message === undefined || d.message.includes(e.message)) &&
            (e.hint === undefined || (d.hint ?? '').includes(e.hint)),
        );
        expect(found, `expected ${e.code} at ${e.at ?? 'anywhere'}${e.message ? ` saying "${e.message}"` : ''}${e.hint ? ` hinting "${e.hint}"` : ''}; got:\n${shown}`).toBeDefined();
      }
      if (spec.exactly) expect(result.diagnostics.length, `expected exactly ${spec.expect.length} diagnostic(s); got:\n${shown}`).toBe(spec.expect.length);
      // A catalog with errors never yields a Catalog; one with only warnings does.
      const hasError = result.diagnostics.some((d) => d.severity === 'error');
      expect(result.catalog === undefined).toBe(hasError);
    });
  }
});
