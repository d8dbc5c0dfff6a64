import type { SourceRange } from '../source/source.js';

/**
 * What a change to `metrics/` does, as data: the input of the PR report (`canon diff`), the version
 * discipline checks and the changelog. Built by `diffCatalogs(base, head)`; plain and serialisable.
 */

/** One field that differs between two versions of a definition. */
export interface FieldChange {
  /** Field path in catalog terms: `filter`, `owner`, `measures.won_amount.expr`. */
  readonly field: string;
  /** Canonical display text of the old value; absent when the field was not set. */
  readonly before?: string;
  /** Canonical display text of the new value; absent when the field was removed. */
  readonly after?: string;
  /** Whether consumers of the metric may see different numbers or lose something they used. */
  readonly breaking: boolean;
}

export type MetricChangeKind = 'added' | 'removed' | 'renamed' | 'changed';

export interface MetricChange {
  readonly kind: MetricChangeKind;
  /** Name in head (the old name for `removed`). */
  readonly name: string;
  /** `renamed` only: the name in base. */
  readonly previousName?: string;
  /** Breaking for consumers: a definition field changed, or the metric was removed. */
  readonly breaking: boolean;
  /** The change moved the metric's status to `deprecated`. */
  readonly deprecated: boolean;
  /** Field by field, sorted by field; empty for `added` and `removed`. */
  readonly fields: readonly FieldChange[];
  readonly versionBefore?: number;
  readonly versionAfter?: number;
  /** Focus areas in head (in base for removed metrics): how leadership groups the changelog. */
  readonly focusAreas: readonly string[];
  /** Owner in head (in base for removed metrics). */
  readonly owner?: string;
  /** Where the metric is defined: head for everything but `removed`. */
  readonly range?: SourceRange;
}

export type ModelChangeKind = 'added' | 'removed' | 'changed';

export interface ModelChange {
  readonly kind: ModelChangeKind;
  readonly name: string;
  readonly breaking: boolean;
  /** Entity, dimension and measure changes as dotted fields (`measures.won_amount.filter`). */
  readonly fields: readonly FieldChange[];
  /**
   * Head metrics whose numbers may move because a breaking part of this model changed (directly or
   * through ratio and derived metrics), sorted. Empty for non-breaking changes.
   */
  readonly affectedMetrics: readonly string[];
  readonly range?: SourceRange;
}

export interface CatalogDiff {
  /** Sorted by name. */
  readonly metrics: readonly MetricChange[];
  /** Sorted by name. */
  readonly models: readonly ModelChange[];
  readonly summary: DiffSummary;
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly renamed: number;
  /** Metrics changed in a breaking way (definition) or whose model changed in a breaking way. */
  readonly breaking: number;
  readonly nonBreaking: number;
  readonly deprecated: number;
  readonly modelsChanged: number;
}

export function isEmptyDiff(diff: CatalogDiff): boolean {
  return diff.metrics.length === 0 && diff.models.length === 0;
}
