import { isAlias, isScalar, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../source/source.js';
import type { DocPath } from './documents.js';
import { LineIndex, locateFast } from './fast-locate.js';
import { parseFast, type FastDocument } from './fast-yaml.js';
import { locateIn, rangeAt } from './locate.js';

/** Files above this size are refused before parsing: a catalog file is a few KB, never megabytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Aliases may expand a document at most this much before we stop (the "billion laughs" guard). High
 * enough for `<<: *kpi_defaults` on thousands of metrics, low enough to stop exponential expansion.
 */
const MAX_ALIAS_COUNT = 10_000;

/** An alias is `*name` after a line start, space or flow indicator; `a * b` in an expression is not. */
const MAYBE_ALIAS = /(^|[\s,[{:])\*[^\s*]/m;

/** YAML errors reported per document; the rest follow from the first ones. */
const MAX_YAML_ERRORS = 10;

/**
 * Nesting beyond these is refused before parsing: the parser, the schema validator and the resolver
 * all recurse, and no catalog needs more than a dozen levels. Checked on the text (brackets and
 * indentation) because the parse itself is what must be protected.
 */
const MAX_FLOW_DEPTH = 64;
const MAX_INDENT = 256;

/** One YAML document of a file, parsed, with its plain data and a way back to source positions. */
export interface ParsedYaml {
  /** Project-relative path, forward slashes. */
  readonly file: string;
  /** 0-based index of the document in its file (`---` separates documents). */
  readonly index: number;
  /** Plain data (`toJS`); `undefined` when the document could not be trusted (syntax errors). */
  readonly data: unknown;
  /**
   * For an untrusted document: whatever data the parser recovered, only to learn which names the
   * file meant to define (so they are not also reported as unknown elsewhere). Never validated.
   */
  readonly salvaged?: unknown;
  /** Range of the value at `path` (or of its key), falling back to the nearest existing ancestor. */
  locate(path: DocPath, key?: boolean): SourceRange;
}

export interface ParsedFile {
  /** Project-relative path, forward slashes. */
  readonly file: string;
  /** Its YAML documents in order (one unless the file uses `---`); none when it was refused. */
  readonly documents: readonly ParsedYaml[];
  /** Syntax problems, duplicate keys, size and nesting limits. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses one file into its YAML documents. Never throws; every problem becomes a Diagnostic.
 * `fastPath: false` makes it use the `yaml` package alone, as tests and benchmarks compare the two.
 */
export function parseYamlFile(file: string, text: string, options: { readonly fastPath?: boolean } = {}): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_FILE_BYTES) {
    diagnostics.push({
      code: 'file-too-large',
      severity: 'error',
      message: `${file} is ${(bytes / 1024 / 1024).toFixed(1)} MB; catalog files may be at most ${MAX_FILE_BYTES / 1024 / 1024} MB`,
      range: point(file),
      hint: 'split it into several files, or move generated data out of the catalog folder',
    });
    return { file, documents: [], diagnostics };
  }
  const tooDeep = nestingProblem(file, text);
  if (tooDeep) return { file, documents: [], diagnostics: [tooDeep] };
  // The fast path first; it declines anything it cannot read exactly as `yaml` would.
  const fast = options.fastPath === false ? undefined : parseFast(text);
  if (fast) return { file, documents: [fastDocument(file, text, fast)], diagnostics };
  const { docs, lineCounter } = parseWithYaml(text);
  const documents: ParsedYaml[] = [];
  docs.forEach((doc, index) => {
    const locate = (path: DocPath, key?: boolean) => locateIn(file, doc, lineCounter, path, key);
    // One broken bracket can make the parser complain at every line after it; the first few say it.
    const problems = doc.errors.slice(0, MAX_YAML_ERRORS).map((e) => fromYamlError(file, text, doc, lineCounter, e, 'error'));
    problems.push(...doc.warnings.slice(0, MAX_YAML_ERRORS).map((w) => fromYamlError(file, text, doc, lineCounter, w, 'warning')));
    // Walking the tree for aliases costs a tenth of the parse; skip it when there can be none.
    if (MAYBE_ALIAS.test(text)) problems.push(...aliasProblems(file, doc, lineCounter));
    diagnostics.push(...problems);
    // Duplicate keys leave usable data (the parser keeps one value); anything else may not, so a
    // document with other errors is reported but not handed on.
    const trusted = problems.every((p) => p.severity !== 'error' || p.code === 'yaml-duplicate-key');
    let data: unknown;
    let salvaged: unknown;
    if (!trusted) {
      try {
        salvaged = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        salvaged = undefined; // nothing recoverable; the syntax errors say why
      }
    } else {
      try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        diagnostics.push({
          code: 'yaml-syntax',
          severity: 'error',
          message: `${file}: ${error instanceof Error ? error.message : String(error)}`,
          range: locate([]),
          hint: 'anchors (&name) and aliases (*name) may reuse a value, not multiply it: expand the data instead',
        });
      }
    }
    documents.push(salvaged === undefined ? { file, index, data, locate } : { file, index, data, locate, salvaged });
  });
  return { file, documents, diagnostics };
}

/** The `yaml` package's parse: every node with its source range, errors and warnings. */
function parseWithYaml(text: string): { docs: Document.Parsed[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const docs = withoutEnvLookups(() => parseAllDocuments(text, {
    lineCounter,
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
    // Keep ints as numbers: the schema checks ranges; bigint would fail `type: integer` confusingly.
    intAsBigInt: false,
    // yaml would print warnings (collection keys stringified) to the process; the schema reports them.
    logLevel: 'error',
  }));
  return { docs: Array.isArray(docs) ? docs : [], lineCounter };
}

/**
 * A document the fast path read. Ranges of one-line scalars and keys come from its position index;
 * any other range is asked of `yaml`, whose parse of the file is made the first time a range is
 * read (not when it is asked for: resolving asks for the range of every field, and reads few), and
 * kept for the file's later ranges.
 */
function fastDocument(file: string, text: string, fast: FastDocument): ParsedYaml {
  let lines: LineIndex | undefined;
  let parsed: { doc: Document.Parsed | undefined; lineCounter: LineCounter } | undefined;
  const fromYaml = (path: DocPath, key?: boolean): SourceRange => {
    if (!parsed) {
      const { docs, lineCounter } = parseWithYaml(text);
      parsed = { doc: docs[0], lineCounter };
    }
    return parsed.doc ? locateIn(file, parsed.doc, parsed.lineCounter, path, key) : point(file);
  };
  const locate = (path: DocPath, key?: boolean): SourceRange => {
    const span = locateFast(fast, text, path, key === true);
    if (!span) {
      const asked = [...path]; // the caller may reuse its array before the range is read
      return lazyRange(file, () => fromYaml(asked, key));
    }
    lines ??= new LineIndex(text);
    return { file, start: lines.position(span[0]), end: lines.position(span[1]) };
  };
  return { file, index: 0, data: fast.data, locate };
}

/** A range whose position is worked out when first read. */
function lazyRange(file: string, compute: () => SourceRange): SourceRange {
  let range: SourceRange | undefined;
  const get = () => (range ??= compute());
  return {
    file,
    get start() {
      return get().start;
    },
    get end() {
      return get().end;
    },
  };
}

/**
 * Runs `parse` with `process.env` swapped for a plain copy. yaml's parser reads
 * `process.env.LOG_TOKENS` once per token, and `process.env` is backed by getenv() in C++: on a
 * large catalog that lookup alone was about a third of the parse (measured with --cpu-prof on the
 * generated 5,000-metric catalog). The parse is synchronous, so no other JavaScript can observe the
 * swap; the copy keeps every variable, LOG_TOKENS included, and native code still sees the real
 * environment. Restored even when the parse throws.
 */
function withoutEnvLookups<T>(parse: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return parse();
  } finally {
    process.env = env;
  }
}

const HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'YAML indentation must use spaces; replace the tab with spaces',
  BAD_INDENT: 'check the indentation: items of one list or mapping must line up',
  MISSING_CHAR: 'a quote, bracket or `- ` is missing',
  BLOCK_AS_IMPLICIT_KEY: 'a key may not span several lines; is a `:` or a quote missing?',
  MULTILINE_IMPLICIT_KEY: 'a key may not span several lines; is a `:` missing on the line before?',
  UNEXPECTED_TOKEN: 'quote the value if it contains `:`, `#`, `{`, `[` or starts with `*`, `&`, `!`, `%`, `@`',
  BAD_SCALAR_START: 'quote the value if it starts with a special character',
  DUPLICATE_KEY: 'remove one of them: YAML keeps only one value per key',
  BAD_ALIAS: 'an alias (*name) must name an anchor (&name) set earlier in the same document',
  TAG_RESOLVE_FAILED: 'Canon files use plain YAML: remove the `!tag`',
};

function fromYamlError(
  file: string,
  text: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  error: YAMLError,
  severity: 'error' | 'warning',
): Diagnostic {
  let [start, end] = error.pos;
  // Errors about a line's content are reported at its indentation; point at the content instead.
  if (error.code !== 'TAB_AS_INDENT') {
    let first = start;
    while (first < text.length && text[first] === ' ') first++;
    if (first > start && text[first] !== '\n' && text[first] !== '\r' && first < text.length) {
      if (end <= first) end = first + 1;
      start = first;
    }
  }
  let range = rangeAt(file, lineCounter, start, end);
  let message = firstLine(error.message);
  // An unclosed quote or bracket is only noticed where the file ends; point at where it opens.
  if (error.code === 'MISSING_CHAR' && /closing .*quote/i.test(message)) {
    const opening = unclosed(doc, start, 'quote');
    if (opening !== undefined) {
      range = rangeAt(file, lineCounter, opening, opening + 1);
      message = 'unclosed quote: this string has no closing quote';
    }
  } else if (/^Flow (map|sequence) .*end with a [}\]]/.test(message)) {
    const map = message.startsWith('Flow map');
    const opening = unclosed(doc, start, map ? 'map' : 'seq');
    if (opening !== undefined) {
      range = rangeAt(file, lineCounter, opening, opening + 1);
      message = `unclosed ${map ? '`{`' : '`[`'}: this flow ${map ? 'mapping' : 'list'} has no closing ${map ? '`}`' : '`]`'}`;
    }
  }
  const code = error.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax';
  if (code === 'yaml-duplicate-key') message = `duplicate key ${keyAt(doc, start) ?? ''}`.trim();
  const hint = /without - indicator/.test(message)
    ? 'check the indentation: keys of one mapping must line up, and list items start with `- `'
    : /^unclosed `[[{]`/.test(message)
      ? `close it with ${message.includes('`{`') ? '`}`' : '`]`'}, or write the value in block style (one key per line)`
      : HINTS[error.code];
  return hint ? { code, severity, message, range, hint } : { code, severity, message, range };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** The start offset of the innermost quoted scalar or flow collection still open at `offset`. */
function unclosed(doc: Document.Parsed, offset: number, kind: 'quote' | 'map' | 'seq'): number | undefined {
  let best: number | undefined;
  const consider = (range: readonly number[] | null | undefined) => {
    if (!range) return;
    const [from, to] = range as [number, number];
    if (from <= offset && to >= offset && (best === undefined || from > best)) best = from;
  };
  visit(doc, {
    Scalar(_key, node) {
      if (kind === 'quote' && (node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE')) consider(node.range);
    },
    Map(_key, node) {
      if (kind === 'map' && node.flow) consider(node.range);
    },
    Seq(_key, node) {
      if (kind === 'seq' && node.flow) consider(node.range);
    },
  });
  return best;
}

function keyAt(doc: Document.Parsed, offset: number): string | undefined {
  let text: string | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) text = `\`${String(pair.key.value)}\``;
    },
  });
  return text;
}

/**
 * Aliases the plain data cannot hold: an alias to an anchor that does not exist (yet), and an alias
 * inside the very node it names (a cycle the schema validator would walk forever).
 */
function aliasProblems(file: string, doc: Document.Parsed, lineCounter: LineCounter): Diagnostic[] {
  const problems: Diagnostic[] = [];
  visit(doc, {
    Alias(_key, node, path) {
      const range = node.range ? rangeAt(file, lineCounter, node.range[0], node.range[1]) : point(file);
      const target = node.resolve(doc);
      if (target === undefined) {
        problems.push({
          code: 'yaml-syntax',
          severity: 'error',
          message: `unknown alias *${node.source}: no anchor &${node.source} is set before it`,
          range,
          hint: HINTS['BAD_ALIAS'],
        });
      } else if (path.includes(target as Node) || (isAlias(target) && target === node)) {
        problems.push({
          code: 'yaml-syntax',
          severity: 'error',
          message: `alias *${node.source} refers to a value that contains it`,
          range,
          hint: 'an alias may not point at one of its own parents',
        });
      }
    },
  });
  return problems;
}

/** Brackets that open or close a flow collection (or sit in a string: the check is on the text). */
const BRACKET = /[[\]{}]/g;

/**
 * The first place where brackets nest more than MAX_FLOW_DEPTH deep or a line's indentation (spaces
 * and `- `) runs past MAX_INDENT columns. Walks line by line and jumps from bracket to bracket (a
 * native search), as the text of a large catalog is megabytes and almost all of it is neither.
 */
function nestingProblem(file: string, text: string): Diagnostic | undefined {
  let depth = 0;
  let line = 1;
  BRACKET.lastIndex = 0;
  let bracket = BRACKET.exec(text)?.index ?? -1;
  for (let lineStart = 0; lineStart <= text.length; line++) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let i = lineStart;
    for (; i < lineEnd; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 32 /* space */ && ch !== 45 /* - */) break;
      if (i - lineStart + 1 > MAX_INDENT) return tooDeep(file, line, i - lineStart + 1, i, `is indented more than ${MAX_INDENT} columns`);
    }
    for (; bracket !== -1 && bracket < lineEnd; bracket = BRACKET.exec(text)?.index ?? -1) {
      const ch = text.charCodeAt(bracket);
      if (ch === 91 /* [ */ || ch === 123 /* { */) {
        if (++depth > MAX_FLOW_DEPTH) return tooDeep(file, line, bracket - lineStart + 1, bracket, `nests more than ${MAX_FLOW_DEPTH} brackets`);
      } else if (depth > 0) {
        depth--;
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return undefined;
}

function tooDeep(file: string, line: number, col: number, offset: number, what: string): Diagnostic {
  const start = { line, col, offset };
  return {
    code: 'yaml-too-deep',
    severity: 'error',
    message: `${file} ${what}; catalog files are never nested that deeply`,
    range: { file, start, end: { line, col: col + 1, offset: offset + 1 } },
    hint: 'check for a runaway bracket or indentation; definitions need only a few levels',
  };
}

function point(file: string): SourceRange {
  const start = { line: 1, col: 1, offset: 0 };
  return { file, start, end: start };
}
