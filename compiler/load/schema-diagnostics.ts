import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceRange } from '../source/source.js';
import type { DocPath } from './documents.js';
import { describeField } from './schema-validator.js';

type Locate = (path: DocPath, key?: boolean) => SourceRange;

export interface SchemaReport {
  /** One diagnostic per real problem, at the key or value it is about. */
  readonly diagnostics: Diagnostic[];
  /**
   * Paths whose values broke the schema in a way the resolver cannot read past (wrong type, missing
   * or bad value). Unknown and inapplicable fields are not listed: the resolver never reads them,
   * so the item stays and its name still resolves (fewer follow-on "unknown metric" errors).
   */
  readonly invalidPaths: DocPath[];
}

/** What one item of each list is called in messages. */
const ITEM_KIND: Readonly<Record<string, string>> = {
  semantic_models: 'semantic model',
  metrics: 'metric',
  owners: 'owner',
  focus_areas: 'focus area',
  entities: 'entity',
  dimensions: 'dimension',
  measures: 'measure',
  targets: 'target',
  thresholds: 'threshold',
  warehouses: 'warehouse',
};

const NAME_PATTERN = '^[a-z][a-z0-9_]*$';

/**
 * Turns ajv errors into one clear Diagnostic each, at the exact key or value they are about.
 * ajv reports the machinery too (`if` failed, which `anyOf` branch failed); those are folded into
 * the message of the error they explain, never shown on their own.
 */
export function schemaDiagnostics(errors: readonly ErrorObject[], data: unknown, locate: Locate): SchemaReport {
  const diagnostics: Diagnostic[] = [];
  const invalidPaths: DocPath[] = [];
  const conditions = new Map<string, string>();
  const folded = new Set<string>();

  // First pass: the `if` conditions and the `anyOf: [{required: [a]}, {required: [b]}]` groups.
  for (const error of errors) {
    if (error.keyword === 'if') {
      const prefix = error.schemaPath.replace(/\/if$/, '');
      conditions.set(`${error.instancePath}|${prefix}`, conditionText(error, data));
    } else if (error.keyword === 'anyOf' && requiredAlternatives(error.schema) !== undefined) {
      folded.add(`${error.instancePath}|${error.schemaPath}/`);
    }
  }

  // A misspelt required key (`tabel:`) fails twice: unknown `tabel`, missing `table`. The first says
  // it all (its hint names `table`), so the second is not shown; the item is still left out.
  const misspelt = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    misspelt.add(`${error.instancePath}|${String((error.params as Record<string, unknown>)['additionalProperty'])}`);
  }

  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    if (error.keyword === 'required' && isFolded(error, folded)) continue;
    const path = toDocPath(error.instancePath, data);
    const condition = conditionFor(error, conditions);
    const made = describe(error, path, data, locate, condition);
    if (!made) continue;
    if (!isMisspeltMissing(error, misspelt)) diagnostics.push(made.diagnostic);
    if (made.invalid) invalidPaths.push(path);
  }
  return { diagnostics: dedupe(diagnostics), invalidPaths };
}

/** A missing-field error whose field is the near miss of an unknown key written in the same mapping. */
function isMisspeltMissing(error: ErrorObject, misspelt: ReadonlySet<string>): boolean {
  const missing =
    error.keyword === 'required'
      ? [String((error.params as Record<string, unknown>)['missingProperty'])]
      : error.keyword === 'anyOf'
        ? requiredAlternatives(error.schema)
        : undefined;
  if (!missing) return false;
  for (const entry of misspelt) {
    const [at, key] = [entry.slice(0, entry.lastIndexOf('|')), entry.slice(entry.lastIndexOf('|') + 1)];
    if (at === error.instancePath && didYouMean(key, missing) !== undefined) return true;
  }
  return false;
}

function describe(
  error: ErrorObject,
  path: DocPath,
  data: unknown,
  locate: Locate,
  condition: string | undefined,
): { diagnostic: Diagnostic; invalid: boolean } | undefined {
  const self = context(path, data);
  const field = fieldName(path);
  const value = valueAt(data, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = didYouMean(key, allowed) ?? (allowed.length ? `allowed here: ${allowed.join(', ')}` : undefined);
      const message = path.length === 0 ? `unknown top-level key \`${key}\`` : `unknown field \`${key}\`${self ? ` in ${self}` : ''}`;
      return made('schema-unknown-field', message, locate([...path, key], true), hint, false);
    }
    case 'false schema': {
      const message = `\`${field}\` does not apply${condition ? ` when ${condition}` : ''}${where(path.slice(0, -1))}`;
      return made('schema-field-not-allowed', message, locate(path, true), 'remove it, or check the field above that decides which fields apply', false);
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const subject = context(path, data) || 'this document';
      const message = `${subject} is missing \`${missing}\`${condition ? ` (required when ${condition})` : ''}`;
      return made('schema-missing-field', message, locate(path, true), fieldHint(error, missing), true);
    }
    case 'anyOf': {
      const alternatives = requiredAlternatives(error.schema);
      if (alternatives) {
        const subject = context(path, data) || 'this document';
        const message = `${subject} needs ${alternatives.map((a) => `\`${a}\``).join(' or ')}`;
        const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
        const hint = alternatives.map((a) => `\`${a}\`: ${(describeSchema(properties?.[a]) ?? 'see docs/format.md').replace(/\.$/, '')}`).join('; ');
        return made('schema-missing-field', message, locate(path, true), hint, true);
      }
      return made('schema-wrong-type', `\`${field}\` has the wrong shape${where(path.slice(0, -1))}`, locate(path), undefined, true);
    }
    case 'not': {
      const both = ((error.schema as { required?: string[] } | undefined)?.required ?? []).map(String);
      const message = `${both.map((b) => `\`${b}\``).join(' and ')} cannot be used together${condition ? ` when ${condition}` : ''}${where(path)}`;
      const second = both[both.length - 1];
      return made('schema-conflicting-fields', message, locate(second ? [...path, second] : path, true), `keep only one of ${both.join(' / ')}`, true);
    }
    case 'type': {
      const title = (error.parentSchema as { title?: unknown } | undefined)?.title;
      const expected = typeof title === 'string' ? [title] : ([] as unknown[]).concat(params['type']).map((t) => TYPE_WORDS[String(t)] ?? String(t));
      const last = path[path.length - 1];
      const what = typeof last === 'number' ? `${ITEM_KIND[field] ?? `item of \`${field}\``} #${last + 1}` : `\`${field}\``;
      const message = `${what} must be ${expected.join(' or ')}, not ${valueWords(value)}${where(typeof last === 'number' ? path.slice(0, -2) : path.slice(0, -1))}`;
      return made('schema-wrong-type', message, locate(path), describeSchema(error.parentSchema), true);
    }
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[]) ?? []).map(String);
      const message = `\`${String(value)}\` is not a valid ${field.replace(/_/g, ' ')}${where(path.slice(0, -1))}`;
      const hint = (typeof value === 'string' ? didYouMean(value, allowed) : undefined) ?? `expected one of: ${allowed.join(', ')}`;
      return made('schema-bad-value', message, locate(path), hint, true);
    }
    case 'pattern': {
      const pattern = String(params['pattern']);
      const propertyName = (error as { propertyName?: string }).propertyName;
      if (propertyName !== undefined) {
        const kind = ITEM_KIND[fieldName(path)] ?? 'key';
        const message = pattern === NAME_PATTERN ? `${kind} name \`${propertyName}\` is not snake_case` : `\`${propertyName}\` is not a valid ${kind}${where(path)}`;
        return made('schema-bad-value', message, locate([...path, propertyName], true), nameHint(propertyName, pattern), true);
      }
      const isName = pattern === NAME_PATTERN;
      const ownKind = field === 'name' ? ITEM_KIND[fieldName(path.slice(0, -2))] : undefined;
      const message = isName
        ? ownKind
          ? `${ownKind} name \`${String(value)}\` is not snake_case`
          : `\`${String(value)}\` is not a valid name for \`${field}\`${where(path.slice(0, -1))}`
        : `\`${String(value)}\` is not a valid ${field.replace(/_/g, ' ')}${where(path.slice(0, -1))}`;
      return made('schema-bad-value', message, locate(path), isName ? nameHint(String(value), pattern) : describeSchema(error.parentSchema), true);
    }
    case 'maxLength':
    case 'minLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems': {
      const propertyName = (error as { propertyName?: string }).propertyName;
      if (propertyName !== undefined) {
        const message = `\`${propertyName}\` is not a valid name${where(path)}: ${error.message ?? 'bad value'}`;
        return made('schema-bad-value', message, locate([...path, propertyName], true), undefined, true);
      }
      const message = `\`${field}\` ${error.message ?? 'has a bad value'}${value !== undefined && typeof value !== 'object' ? `, got ${JSON.stringify(value)}` : ''}${where(path.slice(0, -1))}`;
      return made('schema-bad-value', message, locate(path), describeSchema(error.parentSchema), true);
    }
    default:
      return made('schema-invalid', `\`${field}\` ${error.message ?? 'is invalid'}${where(path.slice(0, -1))}`, locate(path), undefined, true);
  }

  function where(ownerPath: DocPath): string {
    const text = context(ownerPath, data);
    return text ? ` in ${text}` : '';
  }
}

function made(
  code: string,
  message: string,
  range: SourceRange,
  hint: string | undefined,
  invalid: boolean,
): { diagnostic: Diagnostic; invalid: boolean } {
  const diagnostic: Diagnostic = hint ? { code, severity: 'error', message, range, hint } : { code, severity: 'error', message, range };
  return { diagnostic, invalid };
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'empty',
};

function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  return String(value);
}

function describeSchema(schema: unknown): string | undefined {
  const description = (schema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
}

function fieldHint(error: ErrorObject, missing: string): string | undefined {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const text = describeSchema(properties?.[missing]) ?? describeField(missing);
  return text ? `\`${missing}\`: ${text}` : undefined;
}

function nameHint(value: string, pattern: string): string {
  if (pattern !== NAME_PATTERN) return `must match ${pattern}`;
  const snake = value
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 63);
  const rule = 'names are snake_case: a lowercase letter, then lowercase letters, digits or underscores (at most 63)';
  return snake && snake !== value ? `${rule}; did you mean '${snake}'?` : rule;
}

/** `a` and `b` when the schema is `anyOf: [{required: [a]}, {required: [b]}]`, else undefined. */
function requiredAlternatives(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema) || schema.length === 0) return undefined;
  const names: string[] = [];
  for (const branch of schema) {
    const keys = branch && typeof branch === 'object' ? Object.keys(branch) : [];
    const required = (branch as { required?: unknown }).required;
    if (keys.length !== 1 || !Array.isArray(required) || required.length !== 1) return undefined;
    names.push(String(required[0]));
  }
  return names;
}

function isFolded(error: ErrorObject, folded: ReadonlySet<string>): boolean {
  for (const key of folded) {
    const [instancePath, schemaPrefix] = key.split('|') as [string, string];
    if (error.instancePath === instancePath && error.schemaPath.startsWith(schemaPrefix)) return true;
  }
  return false;
}

/** `type` is `ratio`, from the `if` of an if/then whose `then` failed. */
function conditionText(error: ErrorObject, data: unknown): string {
  const condition = (error.parentSchema as { if?: { required?: string[]; properties?: Record<string, unknown> } })?.if;
  const field = condition?.required?.[0] ?? Object.keys(condition?.properties ?? {})[0];
  if (!field) return '';
  const owner = valueAt(data, toDocPath(error.instancePath, data));
  const value = owner && typeof owner === 'object' ? (owner as Record<string, unknown>)[field] : undefined;
  return `\`${field}\` is \`${String(value)}\``;
}

function conditionFor(error: ErrorObject, conditions: ReadonlyMap<string, string>): string | undefined {
  const match = /^(.*)\/(then|else)\//.exec(error.schemaPath);
  if (!match) return undefined;
  const prefix = match[1]!;
  // The `if` belongs to the object that holds the field, so try the error's path and its parent.
  const parent = error.instancePath.replace(/\/[^/]*$/, '');
  return (conditions.get(`${error.instancePath}|${prefix}`) ?? conditions.get(`${parent}|${prefix}`)) || undefined;
}

/** `/metrics/0/name` -> ['metrics', 0, 'name'], numbers where the data holds a list. */
export function toDocPath(pointer: string, data: unknown): DocPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

export function valueAt(data: unknown, path: DocPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string | number, unknown>)[segment] : undefined;
  }
  return current;
}

/** The last named key of a path: ['metrics', 0, 'audience', 1] -> 'audience'. */
function fieldName(path: DocPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return 'document';
}

/** "metric `win_rate`" / "measure `won_amount` of semantic model `opportunities`" for a path. */
export function context(path: DocPath, data: unknown): string {
  let text = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const next = path[i + 1];
    const kind = typeof segment === 'string' ? ITEM_KIND[segment] : undefined;
    if (!kind || next === undefined) continue;
    const item = valueAt(data, path.slice(0, i + 2));
    let label: string;
    if (typeof next === 'number') {
      const name = item && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
      label = typeof name === 'string' && name !== '' ? `${kind} \`${name}\`` : `${kind} #${next + 1}`;
    } else {
      label = `${kind} \`${next}\``; // maps keyed by name (warehouses)
    }
    text = text ? `${label} of ${text}` : label;
    i++;
  }
  return text;
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}|${d.range?.start.offset}|${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
