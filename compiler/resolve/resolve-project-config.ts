import type { ProjectConfig, WarehouseConfig, WarehouseType } from '../catalog/types.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Located, RawProjectConfig } from '../load/documents.js';
import { LINT_RULE_CODES } from '../lint/lint-registry.js';
import type { DiagnosticSink } from './resolve-context.js';

/** Defaults from docs/format.md; a project without canon.yaml gets exactly these. */
export const PROJECT_DEFAULTS = {
  project: 'canon',
  catalog: 'metrics',
  timeZone: 'UTC',
  fiscalYearStartMonth: 1,
  weekStart: 'monday',
  maxTopKpisPerFocusArea: 5,
} as const;

/** canon.yaml with defaults applied; checks the time zone and the default warehouse. */
export function resolveProjectConfig(config: Located<RawProjectConfig> | undefined, sink: DiagnosticSink): ProjectConfig {
  const raw: RawProjectConfig = config?.data ?? {};
  const warehouses: Record<string, WarehouseConfig> = {};
  for (const name of Object.keys(raw.warehouses ?? {}).sort()) {
    const { type, ...settings } = raw.warehouses![name]!;
    warehouses[name] = { type: type as WarehouseType, settings: sortKeys(settings) };
  }
  const names = Object.keys(warehouses);
  let defaultWarehouse = raw.default_warehouse ?? (names.length === 1 ? names[0]! : '');
  if (raw.default_warehouse !== undefined && !Object.hasOwn(warehouses, raw.default_warehouse) && config) {
    sink.error(
      'unknown-warehouse',
      `default_warehouse '${raw.default_warehouse}' is not one of the warehouses in canon.yaml`,
      config.locate(['default_warehouse']),
      didYouMean(raw.default_warehouse, names) ??
        (names.length ? `Known warehouses: ${names.join(', ')}.` : 'Add it under `warehouses:`.'),
    );
    defaultWarehouse = raw.default_warehouse;
  }
  const timeZone = raw.time_zone ?? PROJECT_DEFAULTS.timeZone;
  if (!isValidTimeZone(timeZone) && config) {
    sink.error(
      'invalid-time-zone',
      `time_zone '${timeZone}' is not an IANA time zone`,
      config.locate(['time_zone']),
      didYouMean(timeZone, Intl.supportedValuesOf('timeZone')) ?? 'Use an IANA name such as `UTC` or `America/New_York`.',
    );
  }
  const rules = raw.lint?.rules ?? {};
  for (const code of Object.keys(rules).sort()) {
    if (!LINT_RULE_CODES.includes(code) && config) {
      sink.warning(
        'unknown-lint-rule',
        `lint rule '${code}' does not exist, so this setting has no effect`,
        config.locate(['lint', 'rules', code], true),
        didYouMean(code, LINT_RULE_CODES) ?? `Known rules: ${LINT_RULE_CODES.join(', ')}.`,
      );
    }
  }
  return {
    project: raw.project ?? PROJECT_DEFAULTS.project,
    catalog: raw.catalog ?? PROJECT_DEFAULTS.catalog,
    defaultWarehouse,
    warehouses,
    timeZone,
    fiscalYearStartMonth: raw.fiscal_year_start_month ?? PROJECT_DEFAULTS.fiscalYearStartMonth,
    weekStart: raw.week_start ?? PROJECT_DEFAULTS.weekStart,
    lint: {
      maxTopKpisPerFocusArea: raw.lint?.max_top_kpis_per_focus_area ?? PROJECT_DEFAULTS.maxTopKpisPerFocusArea,
      rules: sortKeys(rules),
    },
  };
}

/** Answers per zone name: building an Intl.DateTimeFormat costs about as much as loading a small catalog file. */
const knownZones = new Map<string, boolean>();

function isValidTimeZone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, valid);
  }
  return valid;
}

function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
