import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CatalogDiff, MetricChange } from './types.js';
import type { ValuePoint } from './value-impact.js';

/**
 * Everything `canon diff` shows a reviewer, as data (`--format json` prints it as it is). The
 * compiler builds the diff and the checks; the CLI adds SQL and values, which need a dialect and a
 * warehouse.
 */
export interface DiffReport {
  /** What was compared, e.g. `main (3f2a1c0)` and `working tree`. */
  readonly base: string;
  readonly head: string;
  /** Absent when one side did not compile. */
  readonly diff?: CatalogDiff;
  /** Version discipline findings, then compile errors of either side. */
  readonly diagnostics: readonly Diagnostic[];
  /** One section per metric whose definition or numbers may change, sorted by name. */
  readonly metrics: readonly MetricReview[];
  /** Warehouse the SQL is for and the values come from (`local (duckdb)`). */
  readonly warehouse?: string;
  /** Why values were not computed (`--no-values`, warehouse unreachable), when they were not. */
  readonly valuesNote?: string;
}

export interface MetricReview {
  readonly name: string;
  /** The metric's own change; absent when only a model it uses changed. */
  readonly change?: MetricChange;
  /** Models whose breaking change reaches this metric. */
  readonly viaModels: readonly string[];
  /** Metrics it is built on that changed in a breaking way (when it did not change itself). */
  readonly viaMetrics: readonly string[];
  /** Head metrics whose values follow this one's (transitively), sorted. */
  readonly dependents: readonly string[];
  /** SQL of `{ metrics: [name], grain: month }` under the old and the new definition. */
  readonly sqlBefore?: string;
  readonly sqlAfter?: string;
  /** Both sides compiled to the same SQL: the change cannot move a number. */
  readonly sqlUnchanged?: boolean;
  /** Old and new values by month; absent when not executed. */
  readonly values?: readonly ValuePoint[];
  /** Why SQL or values are missing for this metric (compile or warehouse error). */
  readonly notes: readonly string[];
}
