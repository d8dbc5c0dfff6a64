import type { Catalog } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LINT_RULES } from './lint-registry.js';
import type { LintRule } from './lint-rule.js';

/**
 * Governance lint over a built catalog. Severity is the rule's default unless canon.yaml
 * `lint.rules.<code>` says `error`, `warning` or `off`. Output order: rule registry order, then
 * each rule's own (name) order; callers sort by position for display.
 */
export function lintCatalog(catalog: Catalog, rules: readonly LintRule[] = LINT_RULES): Diagnostic[] {
  const overrides = catalog.project.lint.rules;
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = overrides[rule.code] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    for (const finding of rule.check(catalog)) {
      diagnostics.push({ code: rule.code, severity, ...finding });
    }
  }
  return diagnostics;
}
