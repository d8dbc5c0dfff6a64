import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { byLocation } from '../diagnostics/sort-diagnostics.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { comparePaths, DEFAULT_CATALOG, isSafeFolder, normaliseFolder, PROJECT_FILE } from '../source/fs-source.js';
import type { ProjectSource } from '../source/source.js';
import { contentHash } from './content-hash.js';
import type { DocPath, DroppedDefinition, LoadedProject, Located, RawCatalogDocument, RawProjectConfig } from './documents.js';
import { schemaDiagnostics } from './schema-diagnostics.js';
import { CATALOG_KEYS, catalogSchemaErrors, projectSchemaErrors } from './schema-validator.js';
import { parseYamlFileCached as parseYamlFile } from './parse-cache.js';
import type { ParsedYaml } from './yaml-file.js';

/** The project after reading and YAML parsing, before schema validation (the `load` phase). */
export interface ParsedProject {
  /** canon.yaml's single document, when the file exists and parsed. */
  readonly config?: ParsedYaml;
  /** Catalog documents whose top level names at least one known kind, sorted by file. */
  readonly documents: readonly ParsedYaml[];
  /** Names defined in documents that could not be parsed cleanly (see LoadedProject.dropped). */
  readonly unparsed: readonly DroppedDefinition[];
  /** sha256 (hex) over every file read, sorted by path. */
  readonly contentHash: string;
  /** Problems found so far: YAML syntax, empty or unknown files, size limits. */
  readonly diagnostics: readonly Diagnostic[];
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * load -> validate: YAML to plain data with source positions, checked against schema/. Never throws
 * on any input; every problem is a Diagnostic. Project defaults (UTC, fiscal month 1, ...) are the
 * resolver's job: this only checks what is written.
 */
export function loadProject(source: ProjectSource): { project: LoadedProject; diagnostics: Diagnostic[] } {
  return validateProject(parseProject(source));
}

/** The `load` phase: read canon.yaml and every catalog file, parse YAML, sort out what each file is. */
export function parseProject(source: ProjectSource): ParsedProject {
  const diagnostics: Diagnostic[] = [];
  const read: [string, string][] = [];
  const paths = [...source.listFiles()].sort(comparePaths);

  let config: ParsedYaml | undefined;
  const projectText = paths.includes(PROJECT_FILE) ? source.readFile(PROJECT_FILE) : undefined;
  if (projectText !== undefined) {
    read.push([PROJECT_FILE, projectText]);
    const parsed = parseYamlFile(PROJECT_FILE, projectText);
    diagnostics.push(...parsed.diagnostics);
    const present = parsed.documents.filter((d) => d.data !== null);
    if (present.length > 1) {
      diagnostics.push({
        code: 'yaml-syntax',
        severity: 'error',
        message: `${PROJECT_FILE} holds ${present.length} YAML documents; it must hold one`,
        range: present[1]!.locate([]),
        hint: 'remove the `---` separators',
      });
    }
    config = present[0] ?? parsed.documents[0];
    if (parsed.diagnostics.length === 0 && present.length === 0) diagnostics.push(emptyFile(PROJECT_FILE, config));
  }

  const catalog = catalogOf(config);
  const documents: ParsedYaml[] = [];
  const unparsed: DroppedDefinition[] = [];
  let catalogFiles = 0;
  for (const path of paths) {
    if (!path.startsWith(`${catalog}/`) || !YAML_FILE.test(path)) continue;
    const text = source.readFile(path);
    if (text === undefined) continue;
    catalogFiles++;
    read.push([path, text]);
    const parsed = parseYamlFile(path, text);
    diagnostics.push(...parsed.diagnostics);
    let kept = 0;
    for (const doc of parsed.documents) {
      if (doc.data === undefined) {
        unparsed.push(...salvagedNames(doc)); // syntax errors, already reported
        continue;
      }
      if (doc.data === null) continue;
      const problem = documentKindProblem(doc);
      if (problem) diagnostics.push(problem);
      else {
        documents.push(doc);
        kept++;
      }
    }
    const onlyEmpty = parsed.diagnostics.length === 0 && kept === 0 && parsed.documents.every((d) => d.data === null);
    if (onlyEmpty) diagnostics.push(emptyFile(path, parsed.documents[0]));
  }
  if (catalogFiles === 0) {
    diagnostics.push({
      code: 'empty-catalog',
      severity: 'warning',
      message: `no YAML files found under ${catalog}/`,
      hint: `put semantic models and metrics in ${catalog}/*.yaml, or set \`catalog:\` in ${PROJECT_FILE}`,
    });
  }
  const result: ParsedProject = { documents, unparsed, contentHash: contentHash(read), diagnostics };
  return config ? { ...result, config } : result;
}

/** The `validate` phase: JSON Schema checks; invalid items are left out of the LoadedProject. */
export function validateProject(parsed: ParsedProject): { project: LoadedProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const documents: Located<RawCatalogDocument>[] = [];
  const dropped: DroppedDefinition[] = [...parsed.unparsed];
  for (const doc of parsed.documents) {
    const report = schemaDiagnostics(catalogSchemaErrors(doc.data), doc.data, doc.locate);
    diagnostics.push(...report.diagnostics);
    const located = pruned<RawCatalogDocument>(doc, report.invalidPaths, dropped);
    if (located) documents.push(located);
  }
  let config: Located<RawProjectConfig> | undefined;
  if (parsed.config && parsed.config.data !== undefined) {
    const data = parsed.config.data ?? {};
    const report = schemaDiagnostics(projectSchemaErrors(data), data, parsed.config.locate);
    diagnostics.push(...report.diagnostics);
    config = pruned<RawProjectConfig>({ ...parsed.config, data }, report.invalidPaths, []);
  }
  dropped.sort((a, b) => comparePaths(a.file, b.file)); // stable: keeps each file's own order
  const base = { documents, contentHash: parsed.contentHash, ...(dropped.length ? { dropped } : {}) };
  const project: LoadedProject = config ? { config, ...base } : base;
  return { project, diagnostics: diagnostics.sort(byLocation) };
}

/** The catalog folder canon.yaml names, when it names a usable one. */
function catalogOf(config: ParsedYaml | undefined): string {
  const value = (config?.data as { catalog?: unknown } | null | undefined)?.catalog;
  return isSafeFolder(value) ? normaliseFolder(value) || DEFAULT_CATALOG : DEFAULT_CATALOG;
}

/** A catalog file must be a mapping naming at least one known kind at its top. */
function documentKindProblem(doc: ParsedYaml): Diagnostic | undefined {
  const data = doc.data;
  const known = CATALOG_KEYS.join(', ');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      code: 'unknown-document',
      severity: 'error',
      message: `${doc.file} is not a catalog document: its top level is ${Array.isArray(data) ? 'a list' : 'a plain value'}, not a mapping`,
      range: doc.locate([]),
      hint: `start the file with one of: ${known}`,
    };
  }
  const keys = Object.keys(data);
  if (keys.some((k) => (CATALOG_KEYS as readonly string[]).includes(k))) return undefined;
  const first = keys[0] ?? '';
  return {
    code: 'unknown-document',
    severity: 'error',
    message: `${doc.file} holds none of the catalog's top-level keys (${known})`,
    range: doc.locate(first ? [first] : [], true),
    hint: didYouMean(first, CATALOG_KEYS) ?? `start the file with one of: ${known}`,
  };
}

function emptyFile(file: string, doc: ParsedYaml | undefined): Diagnostic {
  const range = doc?.locate([]) ?? { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
  return { code: 'empty-file', severity: 'warning', message: `${file} is empty`, range, hint: 'add definitions or delete the file' };
}

/**
 * The document without the parts that failed the schema. An error inside a list item drops that item
 * (a metric with a bad `version` is left out whole); an error on a top-level key drops the key; an
 * error at the root drops the document. Items keep their source positions: `locate` maps indices of
 * the pruned lists back to the original ones.
 */
function pruned<T>(doc: ParsedYaml, invalid: readonly DocPath[], droppedOut: DroppedDefinition[]): Located<T> | undefined {
  const data = doc.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  if (invalid.some((p) => p.length === 0)) return undefined;
  if (invalid.length === 0) return { file: doc.file, data: data as T, locate: doc.locate };
  const droppedKeys = new Set<string>();
  const droppedItems = new Map<string, Set<number>>();
  for (const path of invalid) {
    const [key, index] = path;
    if (path.length === 1 || typeof index !== 'number') droppedKeys.add(String(key));
    else {
      const set = droppedItems.get(String(key)) ?? new Set<number>();
      set.add(index);
      droppedItems.set(String(key), set);
    }
  }
  const copy: Record<string, unknown> = {};
  const indexMaps = new Map<string, number[]>();
  for (const [key, value] of Object.entries(data)) {
    if (droppedKeys.has(key)) continue;
    const droppedIndices = droppedItems.get(key);
    if (droppedIndices && Array.isArray(value)) {
      const kept: number[] = [];
      value.forEach((item: unknown, i) => {
        if (!droppedIndices.has(i)) kept.push(i);
        else droppedOut.push(...namesIn(doc.file, key, item));
      });
      copy[key] = kept.map((i) => value[i]);
      indexMaps.set(key, kept);
    } else {
      copy[key] = value;
    }
  }
  const locate = (path: DocPath, key?: boolean) => {
    const [top, index, ...rest] = path;
    const map = typeof top === 'string' ? indexMaps.get(top) : undefined;
    const original = map && typeof index === 'number' ? map[index] : undefined;
    return doc.locate(original === undefined ? path : [top!, original, ...rest], key);
  };
  return { file: doc.file, data: copy as T, locate };
}

const KIND_OF_LIST: Readonly<Record<string, DroppedDefinition['kind']>> = {
  semantic_models: 'semantic_model',
  metrics: 'metric',
  owners: 'owner',
  focus_areas: 'focus_area',
};

function salvagedNames(doc: ParsedYaml): DroppedDefinition[] {
  const data = doc.salvaged;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const out: DroppedDefinition[] = [];
  for (const [key, list] of Object.entries(data)) {
    if (Array.isArray(list)) for (const item of list) out.push(...namesIn(doc.file, key, item));
  }
  return out;
}

/** The parts of a model that other definitions name, each listed when the model is dropped. */
const MODEL_PARTS: readonly (readonly [field: string, kind: DroppedDefinition['kind']])[] = [
  ['measures', 'measure'],
  ['dimensions', 'dimension'],
  ['entities', 'entity'],
];

/** The names an invalid item defined (a model also defines its measures, dimensions and entities). */
function namesIn(file: string, list: string, item: unknown): DroppedDefinition[] {
  const kind = KIND_OF_LIST[list];
  if (!kind || typeof item !== 'object' || item === null) return [];
  const out: DroppedDefinition[] = [];
  const name = (item as { name?: unknown }).name;
  if (typeof name === 'string') out.push({ kind, name, file });
  if (kind !== 'semantic_model') return out;
  for (const [field, partKind] of MODEL_PARTS) {
    const parts = (item as Record<string, unknown>)[field];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const partName = (part as { name?: unknown } | null)?.name;
      if (typeof partName === 'string') out.push({ kind: partKind, name: partName, file });
    }
  }
  return out;
}
