import type { SourcePosition } from '../source/source.js';
import type { DocPath } from './documents.js';
import { contentStart, type FastDocument, type FastNode } from './fast-yaml.js';

/**
 * `locate` over the fast path's position index, for the ranges it can give exactly as `locateIn`
 * gives them from `yaml`'s node tree: a scalar written on one line (plain or quoted), a key, and an
 * empty value (which `locateIn` shows at its key). Anything else (a list or mapping, a block or
 * multi-line scalar, a path that is not there) is `undefined`, and the
 * caller asks `yaml`. Resolving a catalog asks for a range per field, and nearly all of them are of
 * the first kinds; positions inside expressions are counted from them.
 */
export function locateFast(doc: FastDocument, text: string, path: DocPath, key: boolean): readonly [number, number] | undefined {
  let node: FastNode = doc.root;
  let pairKey: FastNode | undefined;
  for (const segment of path) {
    if (node.kind === 'sequence') {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const item = Number.isInteger(index) ? node.children[index] : undefined;
      if (item === undefined) return undefined;
      node = item;
      pairKey = undefined;
    } else if (node.kind === 'mapping') {
      const found = node.keys?.get(String(segment)) ?? -1;
      if (found < 0) return undefined;
      pairKey = node.children[found]!;
      node = node.children[found + 1]!;
    } else {
      return undefined;
    }
  }
  if (key && pairKey) return scalarSpan(text, pairKey);
  if (node.kind === null) return pairKey ? scalarSpan(text, pairKey) : undefined;
  return node.kind === 'scalar' ? scalarSpan(text, node) : undefined;
}

/** Start and end offsets of a scalar written on one line, as `yaml` gives its range. */
function scalarSpan(text: string, node: FastNode): readonly [number, number] | undefined {
  if (node.kind !== 'scalar') return undefined;
  const start = contentStart(text, node.open);
  const first = text.charCodeAt(start);
  let end: number;
  if (first === 0x22 /* " */ || first === 0x27 /* ' */) {
    end = node.close; // js-yaml stops just after the closing quote
  } else if (first === 0x7c /* | */ || first === 0x3e /* > */) {
    return undefined;
  } else {
    // A plain scalar ends before the spaces that precede a comment, `:` or the next flow entry.
    end = node.close;
    while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  }
  if (end <= start) return undefined;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a || ch === 0x0d) return undefined;
  }
  return [start, end];
}

/** Offsets to 1-based line and column, counted as `yaml`'s LineCounter counts them. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) this.starts.push(nl + 1);
  }

  position(offset: number): SourcePosition {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offset < starts[mid]!) high = mid;
      else low = mid + 1;
    }
    const line = low; // starts[low - 1] <= offset < starts[low]
    return { line, col: offset - starts[line - 1]! + 1, offset };
  }
}
