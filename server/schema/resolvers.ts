import type { Catalog, FocusArea, Measure, Metric, MetricInput, Owner } from '../../compiler/catalog/types.js';
import { metricDependencies, metricDependents } from '../../compiler/catalog/dependencies.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { filterChangelog } from '../../compiler/history/filter-changelog.js';
import type { ChangelogEntry, ChangelogOptions } from '../../compiler/history/types.js';
import { can, isFocusAreaVisible, isMetricVisible } from '../access/access-scope.js';
import type { CanonContext } from '../context.js';
import { canonError } from '../errors.js';
import type { MetricQueryInput } from '../query/to-metric-request.js';
import { dimensionEntries } from './catalog-enums.js';
import { JSONObjectScalar, JSONScalar } from './json-scalars.js';
import { visibleEntries } from '../history/visible-entries.js';
import { findMeasure, metricFormula, optionalText, windowText } from './metric-formula.js';

type Args = Record<string, unknown>;

function catalogOf(ctx: CanonContext): Catalog {
  return ctx.snapshot.loaded.catalog;
}

function visible(ctx: CanonContext, metric: Metric | undefined): metric is Metric {
  return metric !== undefined && isMetricVisible(ctx.principal.scope, metric);
}

/** A metric the principal may see, or UNKNOWN_METRIC: a hidden metric is indistinguishable from a missing one. */
export function visibleMetric(ctx: CanonContext, name: string): Metric {
  const metric = catalogOf(ctx).metrics[name];
  if (!visible(ctx, metric)) throw canonError('UNKNOWN_METRIC', `Unknown metric '${name}'.`, { metric: name });
  return metric;
}

function requirePermission(ctx: CanonContext, permission: 'browse' | 'query' | 'compile'): void {
  if (!can(ctx.principal.scope, permission)) {
    throw canonError('FORBIDDEN', `This API key or token may not ${permission}.`);
  }
}

function metricsByName(ctx: CanonContext, names: readonly string[]): Metric[] {
  const catalog = catalogOf(ctx);
  return names.map((n) => catalog.metrics[n]).filter((m): m is Metric => visible(ctx, m));
}

function dependencyNames(catalog: Catalog, name: string, transitive: boolean): readonly string[] {
  const deps = metricDependencies(catalog, name);
  return transitive ? deps.metrics : deps.directMetrics;
}

function dependentNames(catalog: Catalog, name: string, transitive: boolean): readonly string[] {
  const deps = metricDependents(catalog, name);
  return transitive ? deps.all : deps.direct;
}

function matchesSearch(metric: Metric, search: string): boolean {
  const needle = search.toLowerCase();
  return [metric.name, metric.label, metric.description, ...metric.tags].some((text) => text.toLowerCase().includes(needle));
}

function sortedVisibleMetrics(ctx: CanonContext): Metric[] {
  return Object.values(catalogOf(ctx).metrics)
    .filter((m) => visible(ctx, m))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function diagnosticView(d: Diagnostic): Record<string, unknown> {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
    file: d.range?.file ?? null,
    line: d.range?.start.line ?? null,
    col: d.range?.start.col ?? null,
  };
}

/** Catalog enum values are lower case; the schema's static enums are their upper-case spelling. */
function lowerCaseEnum(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v, v.toLowerCase()]));
}

export const STATIC_ENUMS = {
  Grain: lowerCaseEnum(['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'FISCAL_QUARTER', 'FISCAL_YEAR']),
  CompareTo: lowerCaseEnum(['PREVIOUS_PERIOD', 'PREVIOUS_YEAR']),
  Indicator: lowerCaseEnum(['LEADING', 'LAGGING']),
  RevenueStage: lowerCaseEnum(['AWARENESS', 'ACQUISITION', 'ACTIVATION', 'RETENTION', 'EXPANSION']),
  Cadence: lowerCaseEnum(['WEEKLY', 'BIWEEKLY', 'MONTHLY', 'QUARTERLY']),
  MetricStatus: lowerCaseEnum(['DRAFT', 'CERTIFIED', 'DEPRECATED']),
  MetricType: lowerCaseEnum(['SIMPLE', 'RATIO', 'DERIVED', 'CUMULATIVE', 'CONVERSION']),
  Unit: lowerCaseEnum(['CURRENCY', 'PERCENT', 'RATIO', 'COUNT', 'DAYS', 'NUMBER']),
  Direction: lowerCaseEnum(['HIGHER_IS_BETTER', 'LOWER_IS_BETTER']),
  Audience: lowerCaseEnum(['FRONTLINE', 'MANAGEMENT', 'EXECUTIVE']),
  ThresholdLevel: lowerCaseEnum(['WARNING', 'CRITICAL']),
  OwnerKind: lowerCaseEnum(['TEAM', 'PERSON']),
  ChangeKind: lowerCaseEnum(['ADDED', 'REMOVED', 'RENAMED', 'BREAKING', 'NON_BREAKING', 'DEPRECATED', 'INVALID']),
};

/** since/until as the CLI takes them; a date the CLI would reject is INVALID_REQUEST here. */
function changelogOptions(args: Args): ChangelogOptions {
  const options: { -readonly [K in keyof ChangelogOptions]: ChangelogOptions[K] } = {};
  for (const key of ['since', 'until'] as const) {
    const value = args[key];
    if (value == null) continue;
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
      throw canonError('INVALID_REQUEST', `${key} '${String(value)}' is not a date (use YYYY-MM-DD or an ISO timestamp).`);
    }
    options[key] = value;
  }
  if (args['metric'] != null) options.metric = args['metric'] as string;
  if (args['focusArea'] != null) options.focusArea = args['focusArea'] as string;
  if (args['owner'] != null) options.owner = args['owner'] as string;
  return options;
}

/**
 * The caller's part of the changelog, then the filters: visibility is judged on the whole history
 * so a metric granted by name keeps the entries from before its rename.
 */
async function changelogFor(ctx: CanonContext, options: ChangelogOptions): Promise<ChangelogEntry[]> {
  return filterChangelog(visibleEntries(await ctx.changelog.entries(), ctx.principal.scope), options);
}

/** Resolvers over the snapshot in the context; they only read the catalog and call the query service. */
export const resolvers = {
  JSON: JSONScalar,
  JSONObject: JSONObjectScalar,
  ...STATIC_ENUMS,

  Query: {
    metrics(_: unknown, args: Args, ctx: CanonContext): Metric[] {
      requirePermission(ctx, 'browse');
      return sortedVisibleMetrics(ctx).filter(
        (m) =>
          (args['focusArea'] == null || m.focusAreas.includes(args['focusArea'] as string)) &&
          (args['indicator'] == null || m.indicator === args['indicator']) &&
          (args['owner'] == null || m.owner === args['owner']) &&
          (args['stage'] == null || m.stage === args['stage']) &&
          (args['cadence'] == null || m.cadence === args['cadence']) &&
          (args['status'] == null || m.status === args['status']) &&
          (args['search'] == null || matchesSearch(m, args['search'] as string)),
      );
    },
    metric(_: unknown, args: Args, ctx: CanonContext): Metric {
      requirePermission(ctx, 'browse');
      return visibleMetric(ctx, args['name'] as string);
    },
    dependencies(_: unknown, args: Args, ctx: CanonContext): Metric[] {
      requirePermission(ctx, 'browse');
      const metric = visibleMetric(ctx, args['name'] as string);
      return metricsByName(ctx, dependencyNames(catalogOf(ctx), metric.name, args['transitive'] === true));
    },
    dependents(_: unknown, args: Args, ctx: CanonContext): Metric[] {
      requirePermission(ctx, 'browse');
      const metric = visibleMetric(ctx, args['name'] as string);
      return metricsByName(ctx, dependentNames(catalogOf(ctx), metric.name, args['transitive'] === true));
    },
    focusAreas(_: unknown, __: Args, ctx: CanonContext): FocusArea[] {
      requirePermission(ctx, 'browse');
      const catalog = catalogOf(ctx);
      return Object.values(catalog.focusAreas)
        .filter((area) => isFocusAreaVisible(catalog, ctx.principal.scope, area.name))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    owners(_: unknown, __: Args, ctx: CanonContext): Owner[] {
      requirePermission(ctx, 'browse');
      return Object.values(catalogOf(ctx).owners).sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    dimensions(_: unknown, __: Args, ctx: CanonContext): Record<string, unknown>[] {
      requirePermission(ctx, 'browse');
      return dimensionEntries(catalogOf(ctx)).map((e) => ({
        name: e.name,
        model: e.dimension.model,
        type: e.dimension.type,
        label: e.dimension.label,
        description: e.dimension.description,
        grain: e.dimension.grain ?? null,
      }));
    },
    catalog(_: unknown, __: Args, ctx: CanonContext): Record<string, unknown> {
      const { loaded, errors, checkedAt } = ctx.snapshot;
      return {
        version: loaded.catalog.version,
        project: loaded.catalog.project.project,
        loadedAt: loaded.loadedAt.toISOString(),
        checkedAt: checkedAt.toISOString(),
        errors: errors.map(diagnosticView),
        metricCount: sortedVisibleMetrics(ctx).length,
      };
    },
    async query(_: unknown, args: Args, ctx: CanonContext) {
      requirePermission(ctx, 'query');
      const input = args['input'] as MetricQueryInput;
      for (const name of input.metrics) visibleMetric(ctx, name);
      const answer = await ctx.queries.run(ctx.snapshot, input, ctx.limits, ctx.principal.scope);
      ctx.served.push(answer);
      return answer;
    },
    changelog(_: unknown, args: Args, ctx: CanonContext): Promise<ChangelogEntry[]> {
      requirePermission(ctx, 'browse');
      return changelogFor(ctx, changelogOptions(args));
    },
    compile(_: unknown, args: Args, ctx: CanonContext) {
      requirePermission(ctx, 'compile');
      const input = args['input'] as MetricQueryInput;
      for (const name of input.metrics) visibleMetric(ctx, name);
      return ctx.queries.compile(ctx.snapshot, input, (args['dialect'] as string | null) ?? undefined);
    },
  },

  Metric: {
    owner: (m: Metric, _: Args, ctx: CanonContext) => (m.owner ? (catalogOf(ctx).owners[m.owner] ?? null) : null),
    focusAreas: (m: Metric, _: Args, ctx: CanonContext) =>
      m.focusAreas.map((name) => catalogOf(ctx).focusAreas[name]).filter((a): a is FocusArea => a !== undefined),
    direction: (m: Metric) => m.direction ?? null,
    formula: (m: Metric, _: Args, ctx: CanonContext) => metricFormula(catalogOf(ctx), m),
    measure: (m: Metric, _: Args, ctx: CanonContext) =>
      m.type === 'simple' || m.type === 'cumulative' ? (findMeasure(catalogOf(ctx), m.measure) ?? null) : null,
    filter: (m: Metric) => (m.type === 'simple' || m.type === 'cumulative' ? optionalText(m.filter) : null),
    numerator: (m: Metric) => (m.type === 'ratio' ? m.numerator : null),
    denominator: (m: Metric) => (m.type === 'ratio' ? m.denominator : null),
    expression: (m: Metric) => (m.type === 'derived' ? optionalText(m.expr) : null),
    window: (m: Metric) =>
      (m.type === 'cumulative' || m.type === 'conversion') && m.window ? windowText(m.window) : null,
    grainToDate: (m: Metric) => (m.type === 'cumulative' ? (m.grainToDate ?? null) : null),
    entity: (m: Metric) => (m.type === 'conversion' ? m.entity : null),
    baseMeasure: (m: Metric, _: Args, ctx: CanonContext) =>
      m.type === 'conversion' ? (findMeasure(catalogOf(ctx), m.baseMeasure) ?? null) : null,
    conversionMeasure: (m: Metric, _: Args, ctx: CanonContext) =>
      m.type === 'conversion' ? (findMeasure(catalogOf(ctx), m.conversionMeasure) ?? null) : null,
    calculation: (m: Metric) => (m.type === 'conversion' ? m.calculation : null),
    dependencies: (m: Metric, args: Args, ctx: CanonContext) =>
      metricsByName(ctx, dependencyNames(catalogOf(ctx), m.name, args['transitive'] === true)),
    dependents: (m: Metric, args: Args, ctx: CanonContext) =>
      metricsByName(ctx, dependentNames(catalogOf(ctx), m.name, args['transitive'] === true)),
    source: (m: Metric) => (m.range ? { file: m.range.file, line: m.range.start.line, col: m.range.start.col } : null),
    history: (m: Metric, _: Args, ctx: CanonContext) => changelogFor(ctx, { metric: m.name }),
  },

  // Optional entry fields are absent in the JSON the CLI prints; GraphQL says null.
  DefinitionChange: {
    metric: (e: ChangelogEntry) => e.metric ?? null,
    previousName: (e: ChangelogEntry) => e.previousName ?? null,
    model: (e: ChangelogEntry) => e.model ?? null,
    owner: (e: ChangelogEntry) => e.owner ?? null,
    version: (e: ChangelogEntry) => e.version ?? null,
  },

  MetricInput: {
    name: (input: MetricInput) => input.metric,
    // The input of a visible ratio may itself be hidden from the principal: then only its name shows.
    metric: (input: MetricInput, _: Args, ctx: CanonContext) => {
      const metric = catalogOf(ctx).metrics[input.metric];
      return visible(ctx, metric) ? metric : null;
    },
    filter: (input: MetricInput) => optionalText(input.filter),
  },

  Measure: {
    expr: (m: Measure) => optionalText(m.expr),
    filter: (m: Measure) => optionalText(m.filter),
    percentile: (m: Measure) => m.percentile ?? null,
    aggTimeDimension: (m: Measure) => m.aggTimeDimension ?? null,
    nonAdditiveDimension: (m: Measure) => m.nonAdditive?.dimension ?? null,
    nonAdditiveWindowChoice: (m: Measure) => m.nonAdditive?.windowChoice ?? null,
  },

  FocusArea: {
    owner: (a: FocusArea, _: Args, ctx: CanonContext) => (a.owner ? (catalogOf(ctx).owners[a.owner] ?? null) : null),
    metrics: (a: FocusArea, _: Args, ctx: CanonContext) => sortedVisibleMetrics(ctx).filter((m) => m.focusAreas.includes(a.name)),
  },

  Owner: {
    metrics: (o: Owner, _: Args, ctx: CanonContext) => sortedVisibleMetrics(ctx).filter((m) => m.owner === o.name),
  },
};
