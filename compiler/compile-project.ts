import type { Catalog } from './catalog/types.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { loadProject } from './load/load-project.js';
import { lintCatalog } from './lint/lint-catalog.js';
import { resolveCatalog } from './resolve/resolve-catalog.js';
import type { ProjectSource } from './source/source.js';

export interface CompileResult {
  /** Present when there are no errors (warnings allowed). */
  readonly catalog?: Catalog;
  /** Sorted by file, line, column, code: deterministic output for CI logs and golden tests. */
  readonly diagnostics: readonly Diagnostic[];
}

/** load -> validate -> resolve -> lint. Pure over the source; never throws on user mistakes. */
export function compileProject(source: ProjectSource): CompileResult {
  const loaded = loadProject(source);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const resolved = resolveCatalog(loaded.project);
  diagnostics.push(...resolved.diagnostics);
  let catalog = resolved.catalog;
  if (catalog) {
    diagnostics.push(...applyRuleSeverities(lintCatalog(catalog), catalog.project.lint.rules));
  }
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) catalog = undefined;
  return catalog ? { catalog, diagnostics: sorted } : { diagnostics: sorted };
}

/** canon.yaml `lint.rules` may turn a governance rule to error, warning or off. */
function applyRuleSeverities(
  diagnostics: readonly Diagnostic[],
  rules: Readonly<Record<string, 'error' | 'warning' | 'off'>>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const override = rules[d.code];
    if (override === 'off') continue;
    out.push(override ? { ...d, severity: override } : d);
  }
  return out;
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.range?.file ?? '').localeCompare(b.range?.file ?? '') ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.col ?? 0) - (b.range?.start.col ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
