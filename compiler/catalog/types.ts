import type { Expr, Grain, Unit } from '../expr/ast.js';
import type { SourceRange } from '../source/source.js';

/**
 * The Catalog: the resolved, immutable, serialisable picture of one version of `metrics/`.
 * Built once per version, shared read-only by every request (DESIGN: "a request never re-reads YAML").
 * Every expression in it is already checked and resolved (no `ref` nodes remain).
 */
export interface Catalog {
  /** Content hash of the project files it was built from (hex); changes whenever a definition does. */
  readonly version: string;
  readonly project: ProjectConfig;
  /** Keyed by name; iteration order is sorted by name so output is deterministic. */
  readonly models: Readonly<Record<string, SemanticModel>>;
  readonly metrics: Readonly<Record<string, Metric>>;
  readonly owners: Readonly<Record<string, Owner>>;
  readonly focusAreas: Readonly<Record<string, FocusArea>>;
  /** Measure name -> model name (measure names are globally unique). */
  readonly measureIndex: Readonly<Record<string, string>>;
}

export type WarehouseType =
  | 'duckdb' | 'postgres' | 'mysql' | 'sqlite'
  | 'snowflake' | 'bigquery' | 'redshift' | 'databricks' | 'trino';

export interface WarehouseConfig {
  readonly type: WarehouseType;
  /** Remaining keys as written in canon.yaml (host, port, path, database, user, password_env, schema...). */
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

export interface ProjectConfig {
  readonly project: string;
  /** Catalog folder relative to the project root. Default `metrics`. */
  readonly catalog: string;
  readonly defaultWarehouse: string;
  readonly warehouses: Readonly<Record<string, WarehouseConfig>>;
  /** IANA time zone; periods are cut in this zone. Default `UTC`. */
  readonly timeZone: string;
  /** 1..12; default 1 (fiscal year = calendar year). */
  readonly fiscalYearStartMonth: number;
  readonly weekStart: 'monday' | 'sunday';
  readonly lint: {
    readonly maxTopKpisPerFocusArea: number;
    readonly rules: Readonly<Record<string, 'error' | 'warning' | 'off'>>;
  };
}

export interface SemanticModel {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Exactly one of table / sql. */
  readonly table?: string;
  readonly sql?: string;
  readonly defaultTimeDimension?: string;
  readonly entities: readonly Entity[];
  readonly dimensions: readonly Dimension[];
  readonly measures: readonly Measure[];
  readonly range?: SourceRange;
}

export interface Entity {
  readonly name: string;
  readonly type: 'primary' | 'unique' | 'foreign';
  /** Resolved against the model's columns. */
  readonly expr: Expr;
  readonly range?: SourceRange;
}

export type DimensionType = 'categorical' | 'time' | 'boolean' | 'number';

export interface Dimension {
  readonly name: string;
  readonly model: string;
  readonly type: DimensionType;
  readonly label: string;
  readonly description: string;
  readonly expr: Expr;
  /** Time dimensions only: finest grain users may ask for. */
  readonly grain?: Grain;
  /** Time dimensions only: `timestamp` (UTC instant, converted to the project zone) or `date`. */
  readonly dataType?: 'timestamp' | 'date';
  readonly range?: SourceRange;
}

export type Aggregation =
  | 'sum' | 'count' | 'count_distinct' | 'average' | 'min' | 'max'
  | 'median' | 'percentile' | 'sum_boolean';

export interface Measure {
  readonly name: string;
  readonly model: string;
  readonly label: string;
  readonly description: string;
  readonly agg: Aggregation;
  /** Null for `count` of rows. */
  readonly expr: Expr | null;
  readonly filter: Expr | null;
  /** 0 < p < 1, for `percentile` only. */
  readonly percentile?: number;
  readonly unit: Unit;
  /** The time dimension (of this model) used to bucket the measure. */
  readonly aggTimeDimension?: string;
  /** Semi-additive over time: the value at one end of each period. */
  readonly nonAdditive?: { readonly dimension: string; readonly windowChoice: 'min' | 'max' };
  readonly range?: SourceRange;
}

export type Indicator = 'leading' | 'lagging';
export type RevenueStage = 'awareness' | 'acquisition' | 'activation' | 'retention' | 'expansion';
export type Cadence = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';
export type Audience = 'frontline' | 'management' | 'executive';
export type Direction = 'higher_is_better' | 'lower_is_better';
export type MetricStatus = 'draft' | 'certified' | 'deprecated';
export type TargetPeriod = Grain | 'fiscal_quarter' | 'fiscal_year';

/** KPI metadata shared by all metric types: what makes Canon a RevOps catalog. */
export interface KpiMeta {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly owner?: string;
  readonly indicator?: Indicator;
  readonly focusAreas: readonly string[];
  readonly topKpi: boolean;
  readonly stage?: RevenueStage;
  readonly cadence?: Cadence;
  readonly audience: readonly Audience[];
  readonly unit: Unit;
  readonly direction?: Direction;
  readonly format?: string;
  readonly targets: readonly { readonly period: TargetPeriod; readonly value: number }[];
  readonly thresholds: readonly {
    readonly level: 'warning' | 'critical';
    readonly below?: number;
    readonly above?: number;
  }[];
  readonly status: MetricStatus;
  readonly version: number;
  readonly tags: readonly string[];
  /** Range of the metric's `name` value: where diagnostics about the metric as a whole point. */
  readonly range?: SourceRange;
  /**
   * Ranges of the fields as written, keyed by YAML field name (`owner`, `thresholds`), with list items
   * as `thresholds.0`; lets lint point at the offending field without re-reading YAML.
   */
  readonly fieldRanges?: Readonly<Record<string, SourceRange>>;
}

/** A metric reference inside ratio metrics, with an optional extra filter. */
export interface MetricInput {
  readonly metric: string;
  readonly filter: Expr | null;
}

export type Metric = SimpleMetric | RatioMetric | DerivedMetric | CumulativeMetric | ConversionMetric;

export interface SimpleMetric extends KpiMeta {
  readonly type: 'simple';
  readonly measure: string;
  readonly filter: Expr | null;
}

export interface RatioMetric extends KpiMeta {
  readonly type: 'ratio';
  readonly numerator: MetricInput;
  readonly denominator: MetricInput;
}

export interface DerivedMetric extends KpiMeta {
  readonly type: 'derived';
  /** Resolved formula: `metric` and `lag` nodes over other metrics. */
  readonly expr: Expr;
}

export interface Window {
  readonly count: number;
  readonly grain: Grain;
}

export interface CumulativeMetric extends KpiMeta {
  readonly type: 'cumulative';
  readonly measure: string;
  readonly filter: Expr | null;
  /** Trailing window; absent with grainToDate or for an all-time running total. */
  readonly window?: Window;
  readonly grainToDate?: Grain | 'fiscal_quarter' | 'fiscal_year';
}

export interface ConversionMetric extends KpiMeta {
  readonly type: 'conversion';
  readonly entity: string;
  readonly baseMeasure: string;
  readonly conversionMeasure: string;
  readonly window: Window;
  readonly calculation: 'conversion_rate' | 'conversions';
}

export interface Owner {
  readonly name: string;
  readonly label: string;
  readonly kind: 'team' | 'person';
  readonly email?: string;
  readonly slack?: string;
  readonly range?: SourceRange;
}

export interface FocusArea {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly owner?: string;
  readonly range?: SourceRange;
}
