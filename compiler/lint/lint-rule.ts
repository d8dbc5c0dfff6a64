import type { Catalog, Metric } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../source/source.js';

/** What a rule reports; the registry adds the rule's code and (possibly overridden) severity. */
export type LintFinding = Omit<Diagnostic, 'code' | 'severity'> & { readonly range?: SourceRange; readonly hint: string };

/** A governance rule over a built catalog. Rules are pure and report in name order. */
export interface LintRule {
  /** Stable code; canon.yaml `lint.rules.<code>` overrides the severity or turns it off. */
  readonly code: string;
  /** Severity when canon.yaml says nothing about the rule. */
  readonly defaultSeverity: 'error' | 'warning';
  /** One line for docs and `canon validate --rules`. */
  readonly description: string;
  check(catalog: Catalog): LintFinding[];
}

/** Metrics sorted by name (catalog records are already sorted; this keeps rules independent of that). */
export function metricsByName(catalog: Catalog): Metric[] {
  let sorted = SORTED.get(catalog);
  if (!sorted) {
    sorted = Object.keys(catalog.metrics)
      .sort()
      .map((name) => catalog.metrics[name]!);
    SORTED.set(catalog, sorted);
  }
  return [...sorted]; // a copy: a rule may sort or filter its own list
}

/** Sorted once per catalog rather than once per rule; catalog records are immutable. */
const SORTED = new WeakMap<Catalog, readonly Metric[]>();

/** Range of one field of a metric, falling back to the metric's name. */
export function fieldRange(metric: Metric, field: string): SourceRange | undefined {
  return metric.fieldRanges?.[field] ?? metric.range;
}
