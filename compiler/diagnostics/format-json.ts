import type { SourceRange } from '../source/source.js';
import type { Diagnostic, Severity } from './diagnostic.js';

/**
 * The stable JSON shape of `canon validate --format json` (documented in docs/diagnostics.md).
 * `version` is bumped only on a breaking change; new optional fields may appear without one.
 */
export interface DiagnosticsJson {
  /** Shape version; 1 until a breaking change. */
  readonly version: 1;
  /** Counts by severity. */
  readonly summary: { readonly errors: number; readonly warnings: number; readonly infos: number };
  /** Sorted by file, line, column, code (as compileProject returns them). */
  readonly diagnostics: readonly DiagnosticJson[];
}

export interface DiagnosticJson {
  /** Stable kebab-case code, e.g. `unknown-measure`. */
  readonly code: string;
  /** error fails validation; warning fails only with --strict; info never fails. */
  readonly severity: Severity;
  /** One sentence naming the offending thing. */
  readonly message: string;
  /** Project-relative path with forward slashes; absent for project-wide problems. */
  readonly file?: string;
  /** 1-based start line and column, end line and column (end is exclusive). */
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** How to fix it, with "did you mean" when a close name exists. */
  readonly hint?: string;
  /** Other places that explain it: the other duplicate, each step of a cycle. */
  readonly related?: readonly { readonly message: string; readonly file?: string; readonly line?: number; readonly column?: number }[];
}

export function toDiagnosticsJson(diagnostics: readonly Diagnostic[]): DiagnosticsJson {
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
  return {
    version: 1,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info') },
    diagnostics: diagnostics.map((d) => {
      const related = d.related?.map((r) => ({ message: r.message, ...(r.range ? startOf(r.range) : {}) }));
      return {
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.range ? spanOf(d.range) : {}),
        ...(d.hint ? { hint: d.hint } : {}),
        ...(related && related.length ? { related } : {}),
      };
    }),
  };
}

/** Pretty-printed (2 spaces), keys in a fixed order, one trailing newline: byte-stable for CI diffs. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(toDiagnosticsJson(diagnostics), null, 2)}\n`;
}

function startOf(range: SourceRange): { file: string; line: number; column: number } {
  return { file: range.file, line: range.start.line, column: range.start.col };
}

function spanOf(range: SourceRange): { file: string; line: number; column: number; endLine: number; endColumn: number } {
  return { ...startOf(range), endLine: range.end.line, endColumn: range.end.col };
}
