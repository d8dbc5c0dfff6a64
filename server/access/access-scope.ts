import type { Catalog, Metric } from '../../compiler/catalog/types.js';

/** What a principal may do besides seeing metrics. */
export type Permission = 'browse' | 'query' | 'compile';

export const ALL_PERMISSIONS: readonly Permission[] = ['browse', 'query', 'compile'];

/**
 * Which part of the catalog a principal sees. A metric is visible when its name is listed in
 * `metrics` or one of its focus areas is listed in `focusAreas`; when both are absent the principal
 * sees everything. The scope is enforced by giving the principal a schema built for it (hidden metric
 * names are not even enum values), and again in every resolver.
 */
export interface AccessScope {
  /** Metric names visible regardless of focus area; absent = no restriction by name. */
  readonly metrics?: readonly string[];
  /** Focus areas whose metrics are visible; absent = no restriction by focus area. */
  readonly focusAreas?: readonly string[];
  /** Operations allowed. Default: all. */
  readonly permissions?: readonly Permission[];
}

export const FULL_ACCESS: AccessScope = {};

export function isRestricted(scope: AccessScope): boolean {
  return scope.metrics !== undefined || scope.focusAreas !== undefined;
}

/** Stable key of a scope, so one schema is built and cached per distinct scope. */
export function scopeKey(scope: AccessScope): string {
  if (!isRestricted(scope)) return '*';
  const metrics = [...(scope.metrics ?? [])].sort().join(',');
  const areas = [...(scope.focusAreas ?? [])].sort().join(',');
  return `m:${metrics}|f:${areas}`;
}

export function can(scope: AccessScope, permission: Permission): boolean {
  return (scope.permissions ?? ALL_PERMISSIONS).includes(permission);
}

export function isMetricVisible(scope: AccessScope, metric: Metric): boolean {
  if (!isRestricted(scope)) return true;
  if (scope.metrics?.includes(metric.name)) return true;
  return metric.focusAreas.some((area) => scope.focusAreas?.includes(area) ?? false);
}

/** Visible metric names, sorted. */
export function visibleMetricNames(catalog: Catalog, scope: AccessScope): string[] {
  return Object.values(catalog.metrics)
    .filter((metric) => isMetricVisible(scope, metric))
    .map((metric) => metric.name)
    .sort();
}

/** A focus area is visible when it is granted, or when one of its metrics is visible. */
export function isFocusAreaVisible(catalog: Catalog, scope: AccessScope, area: string): boolean {
  if (!isRestricted(scope) || scope.focusAreas?.includes(area)) return true;
  return Object.values(catalog.metrics).some((m) => m.focusAreas.includes(area) && isMetricVisible(scope, m));
}
