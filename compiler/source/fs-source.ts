import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import type { ProjectSource } from './source.js';

/** The project file every Canon project may hold at its root. */
export const PROJECT_FILE = 'canon.yaml';
/** Catalog folder used when canon.yaml does not name one (docs/format.md). */
export const DEFAULT_CATALOG = 'metrics';

const YAML_FILE = /\.ya?ml$/i;

/**
 * The project's files on disk: `canon.yaml` plus every `*.yaml` / `*.yml` below the catalog folder.
 * The list is taken once, when the source is made, so one compile sees one consistent set of names;
 * contents are read on demand.
 */
export function directorySource(root: string): ProjectSource {
  const files: string[] = [];
  if (isFile(join(root, PROJECT_FILE))) files.push(PROJECT_FILE);
  const catalog = catalogFolder(readText(join(root, PROJECT_FILE)));
  const catalogRoot = join(root, catalog);
  for (const path of walkYaml(catalogRoot)) files.push(toProjectPath(relative(root, path)));
  files.sort(comparePaths);
  const listed = new Set(files);
  return {
    label: root,
    listFiles: () => files,
    readFile: (path) => (listed.has(path) ? readText(join(root, ...path.split('/'))) : undefined),
  };
}

/** An in-memory project for tests and generated catalogs: path (forward slashes) -> text. */
export function memorySource(files: Readonly<Record<string, string>>, label = 'memory'): ProjectSource {
  const paths = Object.keys(files).map(toProjectPath).sort(comparePaths);
  const byPath = new Map(Object.entries(files).map(([path, text]) => [toProjectPath(path), text]));
  return {
    label,
    listFiles: () => paths,
    readFile: (path) => byPath.get(path),
  };
}

/**
 * The catalog folder named by canon.yaml, or the default. canon.yaml is read leniently here: a broken
 * file is reported by the loader, and listing falls back to the default folder meanwhile. A folder
 * that would leave the project (absolute, or with `..`) is ignored for the same reason.
 */
export function catalogFolder(projectText: string | undefined): string {
  if (projectText === undefined) return DEFAULT_CATALOG;
  let value: unknown;
  try {
    value = (parse(projectText, { prettyErrors: false }) as { catalog?: unknown } | null)?.catalog;
  } catch {
    return DEFAULT_CATALOG;
  }
  return isSafeFolder(value) ? normaliseFolder(value) : DEFAULT_CATALOG;
}

/** A relative folder that stays inside the project. */
export function isSafeFolder(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  const path = value.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[a-z]:/i.test(path)) return false;
  return !path.split('/').includes('..');
}

/** `./metrics/` -> `metrics`. */
export function normaliseFolder(folder: string): string {
  return folder
    .replace(/\\/g, '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** Sorting by code unit, not locale, so the order is the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toProjectPath(path: string): string {
  return path.split(sep).join('/').replace(/\\/g, '/').replace(/^\.\//, '');
}

function* walkYaml(folder: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // no catalog folder yet: the loader reports an empty catalog
  }
  for (const entry of entries) {
    // Hidden folders (.git, .canon caches) are never part of the catalog.
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walkYaml(path);
    else if (entry.isFile() && YAML_FILE.test(entry.name)) yield path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
