import { parseYamlFile, type ParsedFile } from './yaml-file.js';

/**
 * Per-process memo of parsed files, so a hot reload re-parses only the files whose text changed.
 * Keyed by path and checked against the whole text (an equal-string compare is cheaper than hashing
 * it, and cannot collide). Holds the latest version of each path only. Parsed files are never
 * mutated after parsing (validate prunes copies), so sharing one between compiles is safe.
 */
const parsedFiles = new Map<string, { readonly text: string; readonly parsed: ParsedFile }>();

/** Beyond this many paths the memo starts over: a test run making thousands of projects stays bounded. */
const MAX_ENTRIES = 20_000;

let enabled = true;
/** Off only when a benchmark times the `yaml`-only loader as its baseline (see `resetParseCache`). */
let fastPath = true;

/** `parseYamlFile`, answered from the memo when this path last held exactly this text. */
export function parseYamlFileCached(file: string, text: string): ParsedFile {
  if (!enabled) return parseYamlFile(file, text, { fastPath });
  const hit = parsedFiles.get(file);
  if (hit && hit.text === text) return hit.parsed;
  const parsed = parseYamlFile(file, text, { fastPath });
  if (parsedFiles.size >= MAX_ENTRIES) parsedFiles.clear();
  parsedFiles.set(file, { text, parsed });
  return parsed;
}

/**
 * Empties the memo and turns it on or off. For benchmarks that must time a full parse of every file
 * (`bench/compile.ts`); compiles never need it, since a changed text is always re-parsed.
 * `fastPath: false` (default true) makes every parse use the `yaml` package alone, as the loader did
 * before its js-yaml fast path: the benchmark's baseline.
 */
export function resetParseCache(options: { enabled: boolean; fastPath?: boolean } = { enabled: true }): void {
  parsedFiles.clear();
  enabled = options.enabled;
  fastPath = options.fastPath ?? true;
}
