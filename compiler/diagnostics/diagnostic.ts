import type { SourceRange } from '../source/source.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A user-facing problem. User mistakes are values, never exceptions (STYLE rule 5).
 * `code` is stable across releases: tests, docs and CI annotations key on it.
 */
export interface Diagnostic {
  /** Stable kebab-case code, e.g. `unknown-measure`, `yaml-syntax`, `metric-cycle`. */
  readonly code: string;
  readonly severity: Severity;
  /** One sentence saying what is wrong, naming the offending thing. */
  readonly message: string;
  /** Where; absent only for project-wide problems with no single location. */
  readonly range?: SourceRange;
  /** How to fix it; includes "did you mean `x`?" when a close name exists. */
  readonly hint?: string;
  /** Other locations that explain the problem (the other duplicate, each step of a cycle). */
  readonly related?: readonly { readonly message: string; readonly range?: SourceRange }[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
