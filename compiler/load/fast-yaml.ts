import jsyaml from 'js-yaml';
import { CORE_AS_YAML_SCHEMA, MERGE_TAG } from './core-schema.js';

/**
 * The loader's fast path: js-yaml reads a catalog file about eight times faster than the `yaml`
 * package's positioned parse, and records where each node sits as it goes (its `listener` hook), so
 * most `locate` calls need no second parse. It only takes files it can read exactly as `yaml` would,
 * and declines (returns undefined) the rest, which then take the full `yaml` path with its
 * diagnostics: anything js-yaml rejects (syntax errors, duplicate keys), anchors, aliases and tags,
 * `<<` merges, several documents, directives, a byte-order mark, keys that are not plain values,
 * and any node the position index cannot account for. test/load/fast-yaml.test.ts checks on random
 * and mutated documents that whatever it takes, `yaml` parses to the same data with no error or
 * warning, and that its positions are `yaml`'s.
 */

/** One node as js-yaml composed it, with the offsets needed to give `yaml`'s range for it. */
export interface FastNode {
  /** null for an empty node (`key:` with nothing after it). */
  readonly kind: 'scalar' | 'mapping' | 'sequence' | null;
  /** The node's data, identical (===) to what sits in the parsed document. */
  readonly result: unknown;
  /** Offset where js-yaml began the node: just after `:`, `- ` or `[`, before any spaces or comments. */
  readonly open: number;
  /** Offset where js-yaml stopped reading it. */
  readonly close: number;
  /** A mapping's keys and values alternately; a sequence's items. Empty for scalars. */
  readonly children: readonly FastNode[];
  /** A mapping's keys as `locate` names them, to the index of the key in `children`. */
  keys: ReadonlyMap<string, number> | undefined;
}

export interface FastDocument {
  /** The document's data: a mapping, as catalog files are. */
  readonly data: Record<string, unknown>;
  readonly root: FastNode;
}

/**
 * What the text itself says the fast path should leave to `yaml`: a byte-order mark anywhere; `---`
 * or `...` at a line start (several documents) or a `%` directive; a carriage return not starting a
 * CRLF (js-yaml breaks the line there, `yaml` does not); a tab in a line's indentation (an error in
 * `yaml`, not always in js-yaml). Also whether a line holds only spaces, which matters inside block
 * scalars (see `parseFast`). Looks only at each line's start, and searches for the rest natively:
 * the text of a large catalog is megabytes.
 */
function scanText(text: string): { readonly declined: boolean; readonly blankWithSpaces: boolean } {
  const declined = { declined: true, blankWithSpaces: false };
  if (text.includes('\uFEFF')) return declined;
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 1)) {
    if (text.charCodeAt(cr + 1) !== 0x0a) return declined;
  }
  let blankWithSpaces = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    const ch = text.charCodeAt(lineStart);
    if (ch === 0x25 /* % */) return declined;
    if ((ch === 0x2d /* - */ || ch === 0x2e) /* . */ && text.charCodeAt(lineStart + 1) === ch && text.charCodeAt(lineStart + 2) === ch) {
      const after = text.charCodeAt(lineStart + 3);
      if (Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d) return declined;
    }
    let i = lineStart;
    while (text.charCodeAt(i) === 0x20) i++;
    const next = text.charCodeAt(i);
    if (next === 0x09) return declined;
    if (i > lineStart && (Number.isNaN(next) || next === 0x0a || next === 0x0d)) blankWithSpaces = true;
    const newline = text.indexOf('\n', i);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { declined: false, blankWithSpaces };
}

/**
 * Block scalars (`|`, `>`) are where the two parsers' readings part: with an indentation indicator
 * (`|2`), or over lines holding only spaces. Such files take the `yaml` path.
 */
const BLOCK_HEADER_WITH_INDENT = /[|>][-+]?[0-9]/;

/** A `:` this far from its key's start is an error in `yaml` (1024 at most); left to it, with a margin. */
const MAX_KEY_LENGTH = 1000;

const NO_CHILDREN: readonly FastNode[] = Object.freeze([]);

/** Signals a node the fast path does not take; caught in `parseFast`. */
class Declined extends Error {}

/** The document, or undefined when only the `yaml` parser can be trusted with this text. */
export function parseFast(text: string): FastDocument | undefined {
  const scan = scanText(text);
  if (scan.declined) return undefined;
  let blockScalars = false;
  // Where each open node began, and its children so far (allocated at the first child: most nodes
  // are scalars). kids[0] collects the document's top-level node.
  const opens: number[] = [];
  const kids: (FastNode[] | undefined)[] = [undefined];
  const listener = (event: 'open' | 'close', state: jsyaml.State & LoaderState) => {
    if (event === 'open') {
      opens.push(state.position);
      kids.push(undefined);
      return;
    }
    const open = opens.pop()!;
    const children = kids.pop() ?? NO_CHILDREN;
    const { kind, result } = state;
    // Anchors, aliases and tags (`&a`, `*a`, `!tag`): the first character of the node says.
    const start = contentStart(text, open);
    const first = text.charCodeAt(start);
    if (state.anchor !== null || first === 0x21 /* ! */ || first === 0x26 /* & */ || first === 0x2a /* * */) throw new Declined();
    // `<<` merges: `yaml` accepts fewer merge sources than js-yaml (not an empty list, say), and
    // `locate` would have to search merged mappings. Rare without anchors; left to `yaml`.
    if (state.tag === MERGE_TAG) throw new Declined();
    if (kind === 'scalar' && (first === 0x7c /* | */ || first === 0x3e /* > */)) blockScalars = true;
    // A quoted string or a flow collection (`[...]`, `{...}`) over several lines: `yaml` checks the
    // indentation of the lines after the first, js-yaml does not. And `yaml` wants a space between
    // a closing quote or bracket and a comment (`"x"# note`); js-yaml does not.
    const quoted = first === 0x22 /* " */ || first === 0x27; /* ' */
    const bracketed = first === 0x5b /* [ */ || first === 0x7b; /* { */
    // (A block mapping whose first key is quoted starts with a quote too: it is not one.)
    const closed = kind === 'scalar' ? quoted : kind !== null && bracketed;
    if (closed && (hasLineBreak(text, start, state.position) || text.charCodeAt(state.position) === 0x23 /* # */)) {
      throw new Declined();
    }
    // `\U` escapes past U+10FFFF: an error in `yaml`, a wrong character in js-yaml.
    if (kind === 'scalar' && first === 0x22 /* " */ && hasLongEscape(text, start, state.position)) throw new Declined();
    let node: FastNode;
    // A block node is first tried as a mapping key; when no `:` follows, js-yaml keeps that inner
    // node as the whole value. Both report events: the outer one is the same node, once more.
    const only = children.length === 1 ? children[0]! : undefined;
    if (only && only.kind === kind && Object.is(only.result, result)) node = only;
    else {
      node = { kind, result, open, close: state.position, children, keys: undefined };
      checkChildren(text, node);
    }
    (kids[kids.length - 1] ??= []).push(node);
  };
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: CORE_AS_YAML_SCHEMA, listener: listener as unknown as jsyaml.LoadOptions['listener'] });
  } catch {
    return undefined; // a syntax error, a duplicate key, or a node declined above
  }
  if (blockScalars && (scan.blankWithSpaces || BLOCK_HEADER_WITH_INDENT.test(text))) return undefined;
  const roots = kids[0] ?? NO_CHILDREN;
  const root = roots.length === 1 ? roots[0]! : undefined;
  if (!root || root.kind !== 'mapping' || root.result !== data) return undefined;
  return { data: data as Record<string, unknown>, root };
}

/** The part of js-yaml's loader state the listener reads (its typings leave these out). */
interface LoaderState {
  readonly position: number;
  readonly kind: 'scalar' | 'mapping' | 'sequence' | null;
  readonly result: unknown;
  readonly tag: string | null;
  readonly anchor: string | null;
}

/**
 * A collection's children must be exactly its entries in order, or positions found through them
 * would be wrong: js-yaml adds a null for `- ` with nothing after it and for `? key` without a
 * value, without an event. Keys must be plain values, as `yaml` turns other keys into strings with
 * a warning.
 */
function checkChildren(text: string, node: FastNode): void {
  const { kind, result, children } = node;
  if (kind === 'sequence') {
    const items = result as unknown[];
    if (children.length !== items.length) throw new Declined();
    children.forEach((child, i) => {
      if (!Object.is(child.result, items[i])) throw new Declined();
    });
  } else if (kind === 'mapping') {
    if (children.length % 2 !== 0) throw new Declined();
    const map = result as Record<string, unknown>;
    const keys = new Map<string, number>();
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i]!;
      const value = children[i + 1]!;
      if (key.kind !== 'scalar' || !isPlainKey(key.result)) throw new Declined();
      let colon = key.close;
      while (text.charCodeAt(colon) === 0x20 || text.charCodeAt(colon) === 0x09) colon++;
      if (colon - contentStart(text, key.open) > MAX_KEY_LENGTH) throw new Declined();
      const name = String(key.result);
      if (name === '__proto__' || !Object.hasOwn(map, name) || !Object.is(map[name], value.result)) throw new Declined();
      keys.set(name, i);
    }
    node.keys = keys;
  } else if (children.length > 0) {
    throw new Declined();
  }
}

function isPlainKey(key: unknown): boolean {
  return typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)) || typeof key === 'boolean';
}

/** Whether a line break lies in [from, to); the search stops at the first one, which is near. */
function hasLineBreak(text: string, from: number, to: number): boolean {
  const nl = text.indexOf('\n', from);
  return nl !== -1 && nl < to;
}

/** Whether `\U` lies in [from, to), looking no further (a quoted scalar is short, the file long). */
function hasLongEscape(text: string, from: number, to: number): boolean {
  for (let i = from; i < to - 1; i++) {
    if (text.charCodeAt(i) === 0x5c /* \ */) {
      if (text.charCodeAt(i + 1) === 0x55 /* U */) return true;
      i++; // `\\U` is an escaped backslash, then a letter
    }
  }
  return false;
}

/** The first offset at or after `from` that is not a space, tab, line break or comment. */
export function contentStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) i++;
    else if (ch === 0x23 /* # */) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol + 1;
    } else return i;
  }
}
