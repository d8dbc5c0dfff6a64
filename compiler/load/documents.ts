import type { SourceRange } from '../source/source.js';

/**
 * The loader's output: YAML parsed to plain data, checked against the JSON Schemas, with a way back
 * to source positions. The resolver turns these into the Catalog. Field names mirror the YAML
 * (snake_case) so schema, docs and code read the same.
 */

/** A JSON-pointer-like path into a document: ['metrics', 3, 'numerator']. */
export type DocPath = readonly (string | number)[];

export interface Located<T> {
  readonly file: string;
  readonly data: T;
  /**
   * Range of the value at `path` (or of its key when `key` is true). Falls back to the nearest
   * existing ancestor, so it always returns a range in this file.
   */
  locate(path: DocPath, key?: boolean): SourceRange;
}

export interface LoadedProject {
  /** `canon.yaml`; absent when the project has none (defaults apply). */
  readonly config?: Located<RawProjectConfig>;
  /** Every schema-valid catalog document, sorted by file. Invalid documents are left out. */
  readonly documents: readonly Located<RawCatalogDocument>[];
  /** Content hash over all files read (hex). */
  readonly contentHash: string;
  /**
   * Definitions left out because they failed the schema (their errors are already reported). A
   * resolver may skip "unknown metric/measure/..." for these names: the name exists, it is broken.
   */
  readonly dropped?: readonly DroppedDefinition[];
}

/** A named definition the loader left out of `documents` (see LoadedProject.dropped). */
export interface DroppedDefinition {
  /**
   * What the name names. When a model is dropped its measures, dimensions and entities are listed
   * too, so filters and metrics that use them are not also reported as naming unknown things.
   */
  readonly kind: 'semantic_model' | 'measure' | 'dimension' | 'entity' | 'metric' | 'owner' | 'focus_area';
  /** The name as written (it may itself be the invalid part, e.g. not snake_case). */
  readonly name: string;
  /** File that defined it. */
  readonly file: string;
}

export interface RawProjectConfig {
  project?: string;
  catalog?: string;
  default_warehouse?: string;
  time_zone?: string;
  fiscal_year_start_month?: number;
  week_start?: 'monday' | 'sunday';
  warehouses?: Record<string, { type: string } & Record<string, string | number | boolean>>;
  lint?: { max_top_kpis_per_focus_area?: number; rules?: Record<string, 'error' | 'warning' | 'off'> };
}

export interface RawCatalogDocument {
  semantic_models?: RawSemanticModel[];
  metrics?: RawMetric[];
  owners?: RawOwner[];
  focus_areas?: RawFocusArea[];
}

export interface RawSemanticModel {
  name: string;
  label?: string;
  description?: string;
  table?: string;
  sql?: string;
  default_time_dimension?: string;
  entities?: { name: string; type: 'primary' | 'unique' | 'foreign'; expr?: string }[];
  dimensions?: {
    name: string;
    type: 'categorical' | 'time' | 'boolean' | 'number';
    expr?: string;
    label?: string;
    description?: string;
    grain?: 'day' | 'week' | 'month' | 'quarter' | 'year';
    data_type?: 'timestamp' | 'date';
  }[];
  measures?: {
    name: string;
    agg: string;
    expr?: string;
    filter?: string;
    label?: string;
    description?: string;
    percentile?: number;
    unit?: string;
    agg_time_dimension?: string;
    non_additive_dimension?: { name: string; window_choice?: 'min' | 'max' };
  }[];
}

export type RawMetricInput = string | { metric: string; filter?: string };

export interface RawMetric {
  name: string;
  type: 'simple' | 'ratio' | 'derived' | 'cumulative' | 'conversion';
  label?: string;
  description?: string;
  // type-specific
  measure?: string;
  filter?: string;
  numerator?: RawMetricInput;
  denominator?: RawMetricInput;
  expr?: string;
  window?: string;
  grain_to_date?: string;
  entity?: string;
  base_measure?: string;
  conversion_measure?: string;
  calculation?: 'conversion_rate' | 'conversions';
  // KPI metadata
  owner?: string;
  indicator?: 'leading' | 'lagging';
  focus_areas?: string[];
  top_kpi?: boolean;
  stage?: string;
  cadence?: string;
  audience?: string[];
  unit?: string;
  direction?: string;
  format?: string;
  targets?: { period: string; value: number }[];
  thresholds?: { level: 'warning' | 'critical'; below?: number; above?: number }[];
  status?: 'draft' | 'certified' | 'deprecated';
  version?: number;
  tags?: string[];
}

export interface RawOwner {
  name: string;
  label?: string;
  kind?: 'team' | 'person';
  email?: string;
  slack?: string;
}

export interface RawFocusArea {
  name: string;
  label?: string;
  description?: string;
  owner?: string;
}
