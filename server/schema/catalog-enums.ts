import type { Catalog, Dimension } from '../../compiler/catalog/types.js';
import type { AccessScope } from '../access/access-scope.js';
import { isFocusAreaVisible, visibleMetricNames } from '../access/access-scope.js';

/** A GraphQL enum value and the catalog name it stands for. */
export interface EnumEntry {
  readonly value: string;
  readonly name: string;
  readonly description?: string;
}

/** Enum members GraphQL reserves; a catalog name equal to one of them is left out of the enum. */
const RESERVED = new Set(['true', 'false', 'null']);
/** GraphQL forbids empty enums: a scope that sees nothing gets this one member, which names nothing. */
export const NOTHING = '_none';

/** Every name a request may group or filter by, with the dimension it denotes. */
export interface DimensionEntry extends EnumEntry {
  readonly dimension: Dimension;
}

/**
 * Dimension names as requests write them: `stage` (bare; the compiler resolves it against the
 * metrics' models) and `account.segment` (entity-qualified, enum value `account__segment`).
 */
export function dimensionEntries(catalog: Catalog): DimensionEntry[] {
  const byName = new Map<string, DimensionEntry>();
  for (const model of Object.values(catalog.models)) {
    const keys = model.entities.filter((e) => e.type === 'primary' || e.type === 'unique');
    for (const dimension of model.dimensions) {
      if (!byName.has(dimension.name)) {
        byName.set(dimension.name, { value: dimension.name, name: dimension.name, dimension, description: dimension.description || undefined });
      }
      for (const entity of keys) {
        const name = `${entity.name}.${dimension.name}`;
        if (!byName.has(name)) {
          byName.set(name, { value: `${entity.name}__${dimension.name}`, name, dimension, description: dimension.description || undefined });
        }
      }
    }
  }
  return [...byName.values()].filter((e) => !RESERVED.has(e.value)).sort((a, b) => compare(a.value, b.value));
}

export function metricEntries(catalog: Catalog, scope: AccessScope): EnumEntry[] {
  return visibleMetricNames(catalog, scope)
    .filter((name) => !RESERVED.has(name))
    .map((name) => ({ value: name, name, description: catalog.metrics[name]?.label }));
}

export function focusAreaEntries(catalog: Catalog, scope: AccessScope): EnumEntry[] {
  return Object.keys(catalog.focusAreas)
    .filter((name) => !RESERVED.has(name) && isFocusAreaVisible(catalog, scope, name))
    .sort(compare)
    .map((name) => ({ value: name, name, description: catalog.focusAreas[name]?.label }));
}

export function ownerEntries(catalog: Catalog): EnumEntry[] {
  return Object.keys(catalog.owners)
    .filter((name) => !RESERVED.has(name))
    .sort(compare)
    .map((name) => ({ value: name, name, description: catalog.owners[name]?.label }));
}

export function dialectEntries(dialects: readonly string[]): EnumEntry[] {
  return [...dialects].sort(compare).map((name) => ({ value: name.toUpperCase(), name }));
}

/** SDL for one enum; descriptions are escaped as block strings cannot hold `"""`. */
export function enumSdl(typeName: string, description: string, entries: readonly EnumEntry[]): string {
  const members = entries.length > 0 ? entries : [{ value: NOTHING, name: NOTHING, description: 'Placeholder: nothing is visible.' }];
  const lines = members.map((e) => (e.description ? `  ${JSON.stringify(e.description)}\n  ${e.value}` : `  ${e.value}`));
  return `${JSON.stringify(description)}\nenum ${typeName} {\n${lines.join('\n')}\n}\n`;
}

/** Internal value of each member, for the schema's enum resolvers (value -> catalog name). */
export function enumValueMap(entries: readonly EnumEntry[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of entries) map[e.value] = e.name;
  if (entries.length === 0) map[NOTHING] = NOTHING;
  return map;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
