/**
 * The part of the GraphQL schema that does not depend on the catalog. The catalog-generated enums
 * (MetricName, DimensionName, FocusAreaName, OwnerName, Dialect) are appended per catalog version
 * and access scope by `catalogTypeDefs`.
 */
export const BASE_TYPE_DEFS = /* GraphQL */ `
"""Any JSON value (a cell of a result row, a binding)."""
scalar JSON
"""A JSON object: one result row keyed by column name."""
scalar JSONObject

type Query {
  """Metrics of the catalog, filtered by KPI metadata; search matches name, label, description and tags."""
  metrics(
    focusArea: FocusAreaName
    indicator: Indicator
    owner: OwnerName
    stage: RevenueStage
    cadence: Cadence
    status: MetricStatus
    search: String
  ): [Metric!]!
  """One metric with its full definition."""
  metric(name: MetricName!): Metric
  """Metrics the given metric is computed from (direct only unless transitive)."""
  dependencies(name: MetricName!, transitive: Boolean = false): [Metric!]!
  """Metrics computed from the given metric (direct only unless transitive)."""
  dependents(name: MetricName!, transitive: Boolean = false): [Metric!]!
  focusAreas: [FocusArea!]!
  owners: [Owner!]!
  """Dimensions requests may group and filter by."""
  dimensions: [DimensionInfo!]!
  """The catalog being served and the errors of the latest reload attempt."""
  catalog: CatalogInfo!
  """Run a metric request on the server's warehouse."""
  query(input: MetricQuery!): MetricResult!
  """The SQL a request compiles to for a dialect, without running it. Default dialect: the warehouse's."""
  compile(input: MetricQuery!, dialect: Dialect): CompiledQuery!
  """
  The definition changelog from git, newest first: exactly the entries of \`canon changelog --format json\`
  with the same filters. since/until: YYYY-MM-DD or an ISO timestamp (a bare until includes that day).
  A metric's history follows its renames.
  """
  changelog(since: String, until: String, metric: MetricName, focusArea: FocusAreaName, owner: OwnerName): [DefinitionChange!]!
}

input MetricQuery {
  metrics: [MetricName!]!
  groupBy: [DimensionName!]
  """Bucket by the metrics' time dimension; the column is called metric_time."""
  grain: Grain
  timeRange: TimeRange
  """Expression-language filter over dimensions, e.g. "segment = 'enterprise' and region in ('na', 'emea')"."""
  where: String
  """Structured filters, combined with where by AND."""
  filters: [DimensionFilter!]
  orderBy: [OrderBy!]
  limit: Int
  compareTo: CompareTo
}

input TimeRange {
  """Inclusive start, ISO date (YYYY-MM-DD) in the project time zone."""
  from: String
  """Exclusive end, ISO date (YYYY-MM-DD)."""
  to: String
}

input DimensionFilter {
  dimension: DimensionName!
  op: FilterOp!
  """Values as text; converted to the dimension's type (number, boolean, date) and always bound, never pasted."""
  values: [String!]
}

enum FilterOp { EQ NE GT GTE LT LTE IN NOT_IN IS_NULL IS_NOT_NULL BETWEEN }

input OrderBy {
  """A requested metric, a groupBy dimension, or metric_time."""
  field: String!
  descending: Boolean = false
}

enum Grain { DAY WEEK MONTH QUARTER YEAR FISCAL_QUARTER FISCAL_YEAR }
enum CompareTo { PREVIOUS_PERIOD PREVIOUS_YEAR }
enum Indicator { LEADING LAGGING }
enum RevenueStage { AWARENESS ACQUISITION ACTIVATION RETENTION EXPANSION }
enum Cadence { WEEKLY BIWEEKLY MONTHLY QUARTERLY }
enum MetricStatus { DRAFT CERTIFIED DEPRECATED }
enum MetricType { SIMPLE RATIO DERIVED CUMULATIVE CONVERSION }
enum Unit { CURRENCY PERCENT RATIO COUNT DAYS NUMBER }
enum Direction { HIGHER_IS_BETTER LOWER_IS_BETTER }
enum Audience { FRONTLINE MANAGEMENT EXECUTIVE }
enum ThresholdLevel { WARNING CRITICAL }
enum OwnerKind { TEAM PERSON }

type Metric {
  name: String!
  label: String!
  description: String!
  type: MetricType!
  owner: Owner
  indicator: Indicator
  focusAreas: [FocusArea!]!
  topKpi: Boolean!
  stage: RevenueStage
  cadence: Cadence
  audience: [Audience!]!
  unit: Unit!
  direction: Direction
  format: String
  targets: [Target!]!
  thresholds: [Threshold!]!
  status: MetricStatus!
  version: Int!
  tags: [String!]!
  """The definition as one line of the expression language, e.g. "win_rate = deals_won / deals_closed"."""
  formula: String!
  """simple, cumulative: the measure aggregated."""
  measure: Measure
  """simple, cumulative: the metric's own filter (expression text)."""
  filter: String
  """ratio only."""
  numerator: MetricInput
  """ratio only."""
  denominator: MetricInput
  """derived only: the formula over other metrics."""
  expression: String
  """cumulative: trailing window (e.g. "90 days"); conversion: the conversion window."""
  window: String
  """cumulative only."""
  grainToDate: Grain
  """conversion only."""
  entity: String
  baseMeasure: Measure
  conversionMeasure: Measure
  calculation: String
  dependencies(transitive: Boolean = false): [Metric!]!
  dependents(transitive: Boolean = false): [Metric!]!
  source: SourceLocation
  """Changes to this definition in git, newest first, including those made under former names."""
  history: [DefinitionChange!]!
}

"""What happened to one metric (or model) in one commit."""
type DefinitionChange {
  """Author date of the commit, ISO 8601 with offset."""
  date: String!
  author: String!
  """Full commit SHA."""
  commit: String!
  """First line of the commit message."""
  subject: String!
  """The metric concerned (its new name for renames); null for model-only and INVALID entries."""
  metric: String
  """RENAMED only: the former name."""
  previousName: String
  """The semantic model concerned, for model changes."""
  model: String
  """Focus areas of the metric after the change (before, for removals)."""
  focusAreas: [String!]!
  owner: String
  kind: ChangeKind!
  """One line a reader outside the data team understands."""
  summary: String!
  """The metric's version after the change."""
  version: Int
  """Field-level detail behind the summary."""
  fields: [FieldChange!]!
}

enum ChangeKind { ADDED REMOVED RENAMED BREAKING NON_BREAKING DEPRECATED INVALID }

type FieldChange {
  """Field path in catalog terms: filter, owner, measures.won_amount.expr."""
  field: String!
  """Display text of the old value; null when the field was not set."""
  before: String
  """Display text of the new value; null when the field was removed."""
  after: String
  """Whether consumers may see different numbers or lose something they used."""
  breaking: Boolean!
}

type MetricInput {
  name: String!
  """Null when the input metric is hidden from the caller."""
  metric: Metric
  filter: String
}

type Measure {
  name: String!
  model: String!
  label: String!
  description: String!
  agg: String!
  expr: String
  filter: String
  percentile: Float
  unit: Unit!
  aggTimeDimension: String
  """Semi-additive measures: the time dimension and which end of each period is taken (min/max)."""
  nonAdditiveDimension: String
  nonAdditiveWindowChoice: String
}

type Target { period: Grain!, value: Float! }
type Threshold { level: ThresholdLevel!, below: Float, above: Float }

type FocusArea {
  name: String!
  label: String!
  description: String!
  owner: Owner
  metrics: [Metric!]!
}

type Owner {
  name: String!
  label: String!
  kind: OwnerKind!
  email: String
  slack: String
  metrics: [Metric!]!
}

type DimensionInfo {
  """The name to use in groupBy and filters (the DimensionName value)."""
  name: String!
  model: String!
  type: String!
  label: String!
  description: String!
  grain: String
}

type SourceLocation { file: String!, line: Int!, col: Int! }

type CatalogInfo {
  version: String!
  project: String!
  loadedAt: String!
  """When the latest reload was attempted (successful or not)."""
  checkedAt: String!
  """Errors of the latest reload; the catalog above (the last good one) keeps serving meanwhile."""
  errors: [CatalogError!]!
  metricCount: Int!
}

type CatalogError {
  code: String!
  severity: String!
  message: String!
  hint: String
  file: String
  line: Int
  col: Int
}

type Column {
  name: String!
  """metric, dimension, time (metric_time) or comparison."""
  kind: String!
  unit: Unit
  format: String
}

type MetricResult {
  columns: [Column!]!
  """One JSON object per row, keyed by column name."""
  rows: [JSONObject!]!
  rowCount: Int!
  sql: String!
  bindings: [JSON]!
  cached: Boolean!
  catalogVersion: String!
  warehouse: String!
  dialect: String!
}

type CompiledQuery {
  sql: String!
  bindings: [JSON]!
  dialect: String!
  columns: [Column!]!
  catalogVersion: String!
}
`;
