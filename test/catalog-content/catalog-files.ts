import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Reads the starter catalog as plain YAML data, independent of the compiler, so the catalog's
 * content can be checked while the compiler is still being built. Types are deliberately loose:
 * these tests assert on whatever was written, not on what a schema already guarantees.
 */

export const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export interface CatalogFile {
  /** Path relative to the project root, with forward slashes. */
  readonly path: string;
  readonly data: Record<string, unknown>;
}

export interface RawEntity { name: string; type: string; expr?: string }
export interface RawDimension {
  name: string;
  type: string;
  expr?: string;
  grain?: string;
  data_type?: string;
}
export interface RawMeasure {
  name: string;
  agg: string;
  expr?: string;
  filter?: string;
  unit?: string;
  agg_time_dimension?: string;
  non_additive_dimension?: { name: string; window_choice?: string };
}
export interface RawModel {
  name: string;
  table?: string;
  sql?: string;
  default_time_dimension?: string;
  entities?: RawEntity[];
  dimensions?: RawDimension[];
  measures?: RawMeasure[];
}
export type RawMetricInput = string | { metric: string; filter?: string };
export interface RawThreshold { level: 'warning' | 'critical'; below?: number; above?: number }
export interface RawMetric {
  name: string;
  type: string;
  label?: string;
  description?: string;
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
  owner?: string;
  indicator?: string;
  focus_areas?: string[];
  top_kpi?: boolean;
  stage?: string;
  cadence?: string;
  audience?: string[];
  unit?: string;
  direction?: string;
  targets?: { period: string; value: number }[];
  thresholds?: RawThreshold[];
  status?: string;
  version?: number;
}
export interface RawOwner { name: string; kind?: string }
export interface RawFocusArea { name: string; label?: string; owner?: string }

/** Every kind of named thing, each with the file it was found in. */
export interface CatalogContent {
  readonly files: readonly CatalogFile[];
  readonly models: readonly (RawModel & { file: string })[];
  readonly metrics: readonly (RawMetric & { file: string })[];
  readonly owners: readonly (RawOwner & { file: string })[];
  readonly focusAreas: readonly (RawFocusArea & { file: string })[];
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function items<T>(data: Record<string, unknown>, key: string, file: string): (T & { file: string })[] {
  const list = data[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error(`${file}: '${key}' is not a list`);
  return list.map((item) => ({ ...(item as T), file }));
}

export function readProjectConfig(): Record<string, unknown> {
  return parse(readFileSync(join(PROJECT_ROOT, 'canon.yaml'), 'utf8')) as Record<string, unknown>;
}

export function readCatalog(catalogFolder = 'metrics'): CatalogContent {
  const files = yamlFilesUnder(join(PROJECT_ROOT, catalogFolder)).map((full) => ({
    path: relative(PROJECT_ROOT, full).split('\\').join('/'),
    data: (parse(readFileSync(full, 'utf8')) ?? {}) as Record<string, unknown>,
  }));
  return {
    files,
    models: files.flatMap((f) => items<RawModel>(f.data, 'semantic_models', f.path)),
    metrics: files.flatMap((f) => items<RawMetric>(f.data, 'metrics', f.path)),
    owners: files.flatMap((f) => items<RawOwner>(f.data, 'owners', f.path)),
    focusAreas: files.flatMap((f) => items<RawFocusArea>(f.data, 'focus_areas', f.path)),
  };
}

/** The metric a ratio side names, with or without a filter. */
export function inputMetric(input: RawMetricInput | undefined): string | undefined {
  if (input === undefined) return undefined;
  return typeof input === 'string' ? input : input.metric;
}
