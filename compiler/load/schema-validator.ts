import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import catalogSchema from '../../schema/catalog.schema.json' with { type: 'json' };
import focusAreasSchema from '../../schema/focus-areas.schema.json' with { type: 'json' };
import metricsSchema from '../../schema/metrics.schema.json' with { type: 'json' };
import ownersSchema from '../../schema/owners.schema.json' with { type: 'json' };
import projectSchema from '../../schema/project.schema.json' with { type: 'json' };
import semanticModelsSchema from '../../schema/semantic-models.schema.json' with { type: 'json' };

/**
 * The JSON Schemas in schema/, compiled once per process. The schemas carry no `$id`: they refer to
 * each other by file name (`metrics.schema.json#/...`) so editors resolve them from disk, and here
 * each is registered under its file name, which ajv then uses as its base URI.
 *
 * `allErrors` so one run reports every typo in a file; `verbose` so each error carries the schema
 * that failed (the allowed keys and the `if` condition feed the messages). `strictRequired` is off
 * because `not: { required: [table, sql] }` names properties declared one level up, on purpose.
 */
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, strictTypes: false });
ajv.addSchema(semanticModelsSchema, 'semantic-models.schema.json');
ajv.addSchema(metricsSchema, 'metrics.schema.json');
ajv.addSchema(ownersSchema, 'owners.schema.json');
ajv.addSchema(focusAreasSchema, 'focus-areas.schema.json');
ajv.addSchema(catalogSchema, 'catalog.schema.json');
ajv.addSchema(projectSchema, 'project.schema.json');

function compiled(key: string): ValidateFunction {
  const validate = ajv.getSchema(key);
  if (!validate) throw new Error(`schema ${key} did not compile`);
  return validate;
}

const validateCatalog = compiled('catalog.schema.json');
const validateProject = compiled('project.schema.json');

/**
 * The description of a field by name, from the first schema property of that name that has one.
 * For hints where the failing sub-schema (an `if`/`then` branch) does not describe the field itself.
 */
export function describeField(name: string): string | undefined {
  return FIELD_DESCRIPTIONS.get(name);
}

const FIELD_DESCRIPTIONS = new Map<string, string>();
function collectDescriptions(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const properties = (node as { properties?: Record<string, unknown> }).properties;
  if (properties && typeof properties === 'object') {
    for (const [name, schema] of Object.entries(properties)) {
      const description = (schema as { description?: unknown } | null)?.description;
      if (typeof description === 'string' && !FIELD_DESCRIPTIONS.has(name)) FIELD_DESCRIPTIONS.set(name, description);
    }
  }
  for (const value of Object.values(node)) collectDescriptions(value);
}
for (const schema of [metricsSchema, semanticModelsSchema, ownersSchema, focusAreasSchema, projectSchema]) collectDescriptions(schema);

/** The top-level keys a catalog file may hold, in the order docs/format.md lists them. */
export const CATALOG_KEYS = ['semantic_models', 'metrics', 'owners', 'focus_areas'] as const;

/** Schema errors of one catalog document (empty when valid). */
export function catalogSchemaErrors(data: unknown): readonly ErrorObject[] {
  return validateCatalog(data) ? [] : (validateCatalog.errors ?? []);
}

/** Schema errors of canon.yaml (empty when valid). */
export function projectSchemaErrors(data: unknown): readonly ErrorObject[] {
  return validateProject(data) ? [] : (validateProject.errors ?? []);
}
