import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { directorySource } from '../../compiler/source/fs-source.js';

const REPO = join(import.meta.dirname, '..', '..');
const SCHEMA_DIR = join(REPO, 'schema');
const schemaFiles = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();
const schemas = Object.fromEntries(schemaFiles.map((f) => [f, JSON.parse(readFileSync(join(SCHEMA_DIR, f), 'utf8')) as Record<string, unknown>]));

type Json = Record<string, unknown>;

/** Every named property, with the schema it sits in: editors show these descriptions on hover. */
function* properties(node: unknown, path: string): Generator<[string, unknown, Json]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* properties(item, `${path}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const object = node as Json;
  const props = object['properties'];
  if (props && typeof props === 'object') {
    for (const [name, schema] of Object.entries(props)) yield [`${path}/properties/${name}`, schema, object];
  }
  for (const [key, value] of Object.entries(object)) yield* properties(value, `${path}/${key}`);
}

function resolveRef(file: string, ref: string): Json | undefined {
  const [target, pointer = ''] = ref.split('#');
  const root = schemas[target || file];
  let node: unknown = root;
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Json | undefined)?.[part];
  return node as Json | undefined;
}

describe('JSON Schemas', () => {
  it('are draft-07 documents that compile', () => {
    const ajv = new Ajv({ strict: true, strictRequired: false, strictTypes: false });
    for (const [file, schema] of Object.entries(schemas)) {
      expect(schema['$schema'], file).toBe('http://json-schema.org/draft-07/schema#');
      ajv.addSchema(schema, file);
    }
    for (const file of schemaFiles) expect(() => ajv.getSchema(file), file).not.toThrow();
  });

  it('describe every property (shown on hover in editors)', () => {
    const missing: string[] = [];
    for (const [file, schema] of Object.entries(schemas)) {
      for (const [path, property] of properties(schema, file)) {
        if (typeof property === 'boolean') continue; // `numerator: false` inside then: not a field of its own
        if (path.includes('/if/')) continue; // the condition of an if/then, not a field
        const p = property as Json;
        const ref = typeof p['$ref'] === 'string' ? resolveRef(file, p['$ref']) : undefined;
        if (typeof p['description'] !== 'string' && typeof ref?.['description'] !== 'string') missing.push(path);
      }
    }
    expect(missing).toEqual([]);
  });

  it('forbid unknown keys on every object', () => {
    const open: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const object = node as Json;
      if (object['type'] === 'object' && object['properties'] && object['additionalProperties'] !== false) open.push(path);
      for (const [key, value] of Object.entries(object)) visit(value, `${path}/${key}`);
    };
    for (const [file, schema] of Object.entries(schemas)) visit(schema, file);
    expect(open).toEqual([]);
  });

  it('accept each file of the starter catalog with the schema of its kind, standalone', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    for (const [file, schema] of Object.entries(schemas)) ajv.addSchema(schema, file);
    const byKey: Record<string, string> = {
      semantic_models: 'semantic-models.schema.json',
      metrics: 'metrics.schema.json',
      owners: 'owners.schema.json',
      focus_areas: 'focus-areas.schema.json',
    };
    const source = directorySource(REPO);
    let checked = 0;
    for (const path of source.listFiles()) {
      const data = parse(source.readFile(path)!, { merge: true }) as Json;
      const keys = Object.keys(data ?? {});
      const schema = path === 'canon.yaml' ? 'project.schema.json' : keys.length === 1 ? byKey[keys[0]!] : 'catalog.schema.json';
      const validate = ajv.getSchema(schema ?? 'catalog.schema.json')!;
      expect(validate(data), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
