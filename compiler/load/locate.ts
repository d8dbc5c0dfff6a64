import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { SourcePosition, SourceRange } from '../source/source.js';
import type { DocPath } from './documents.js';

/** Byte-free position maths: offsets from the YAML parser to 1-based line/col. */
export function positionAt(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, col, offset };
}

export function rangeAt(file: string, lineCounter: LineCounter, start: number, end: number): SourceRange {
  return { file, start: positionAt(lineCounter, start), end: positionAt(lineCounter, Math.max(start, end)) };
}

/**
 * Finds the node at `path` in a parsed YAML document. Walks the CST-backed node tree (not the plain
 * data) so positions are exact; aliases are followed and `<<` merge keys are searched, because the
 * plain data the schema saw includes merged keys. Returns the deepest node reached and whether the
 * whole path was found, so callers can fall back to the nearest ancestor.
 */
export function findNode(
  doc: Document.Parsed,
  path: DocPath,
): { node: Node | null; pair?: Pair; found: boolean } {
  // Ranges are asked for field by field of each definition (`['metrics', 3, 'owner']`): the walk to
  // the definition itself is the same every time, so it is remembered per document.
  if (path.length > PREFIX) {
    let prefixes = PREFIXES.get(doc);
    if (!prefixes) PREFIXES.set(doc, (prefixes = new Map()));
    const key = `${path[0]}\0${path[1]}`;
    let start = prefixes.get(key);
    if (!start) prefixes.set(key, (start = walk(doc, path.slice(0, PREFIX), resolveAlias(doc, doc.contents), undefined)));
    // Not found, or stopped at an empty value: the rest of the path cannot change the answer
    // (exactly what walking the whole path returns in those cases).
    if (!start.found) return start;
    if (start.node === null) return start.pair ? start : { node: null, found: false };
    return walk(doc, path.slice(PREFIX), start.node, start.pair);
  }
  return walk(doc, path, resolveAlias(doc, doc.contents), undefined);
}

/** Length of the path prefix remembered per document: a list and an index, i.e. one definition. */
const PREFIX = 2;
const PREFIXES = new WeakMap<Document.Parsed, Map<string, { node: Node | null; pair?: Pair; found: boolean }>>();

function walk(
  doc: Document.Parsed,
  path: DocPath,
  from: Node | null,
  fromPair: Pair | undefined,
): { node: Node | null; pair?: Pair; found: boolean } {
  let node = from;
  let pair = fromPair;
  for (const segment of path) {
    if (node === null) return { node: null, found: false };
    let next: { node: Node | null; pair?: Pair } | undefined;
    if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const item = Number.isInteger(index) ? node.items[index] : undefined;
      if (item !== undefined) next = { node: resolveAlias(doc, item as Node) };
    } else if (isMap(node)) {
      const found = findPair(doc, node.items as Pair[], String(segment), 0);
      if (found) next = { node: resolveAlias(doc, found.value as Node | null), pair: found };
    }
    if (next === undefined) return pair ? { node, pair, found: false } : { node, found: false };
    // A key with no value (`name:`) has a null value node: keep the pair so its key can be shown.
    if (next.node === null && next.pair) return { node: null, pair: next.pair, found: true };
    node = next.node;
    pair = next.pair;
  }
  return pair ? { node, pair, found: true } : { node, found: true };
}

/** Range of the value at `path` (or its key), falling back to the nearest existing ancestor. */
export function locateIn(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: DocPath,
  key = false,
): SourceRange {
  const { node, pair, found } = findNode(doc, path);
  if (found && key && pair && isRanged(pair.key)) return rangeOf(file, lineCounter, pair.key);
  const empty = isScalar(node) && node.value === null && isRanged(node) && node.range[0] === node.range[1];
  if (node && isRanged(node) && !(empty && pair)) return rangeOf(file, lineCounter, node);
  // `name:` with nothing after it: point at the key, the only text there is.
  if (pair && isRanged(pair.key)) return rangeOf(file, lineCounter, pair.key);
  if (isRanged(doc.contents)) return rangeOf(file, lineCounter, doc.contents);
  const start = doc.range[0];
  return rangeAt(file, lineCounter, start, start);
}

function findPair(doc: Document.Parsed, pairs: readonly Pair[], key: string, depth: number): Pair | undefined {
  // Explicit keys win over merged ones, as in the data (yaml applies merges without overriding).
  for (const pair of pairs) {
    if (isPair(pair) && keyText(pair.key) === key) return pair;
  }
  if (depth > 8) return undefined; // merges of merges of ... stop: the data has them already
  for (const pair of pairs) {
    if (!isPair(pair) || !isMergeKey(pair.key)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = resolveAlias(doc, source as Node | null);
      if (isMap(target)) {
        const found = findPair(doc, target.items as Pair[], key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** `<<` with merge keys on: yaml gives it a symbol value. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.source === '<<');
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return typeof key.value === 'symbol' ? undefined : String(key.value);
  if (typeof key === 'string') return key;
  return undefined;
}

function resolveAlias(doc: Document.Parsed, node: Node | null | undefined): Node | null {
  let current: unknown = node ?? null;
  // Alias chains are short; the bound guards against a cycle in a malformed document.
  for (let i = 0; i < 16 && isAlias(current); i++) current = current.resolve(doc) ?? null;
  return isAlias(current) ? null : ((current as Node | null) ?? null);
}

function isRanged(node: unknown): node is { range: [number, number, number] } {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number';
}

function rangeOf(file: string, lineCounter: LineCounter, node: { range: [number, number, number] }): SourceRange {
  return rangeAt(file, lineCounter, node.range[0], node.range[1]);
}
