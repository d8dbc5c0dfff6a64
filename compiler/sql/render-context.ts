/**
 * Collects bindings while a statement renders. Each binding is written as an opaque marker; when
 * rendering ends the markers become `?` in text order. Dialect hooks may therefore repeat or reorder
 * operand text and the bindings still line up with the placeholders.
 *
 * Two marker forms: `\u0001<index>\u0001` names a value registered with `bind` (any value), and
 * `\u0001\u0002<text>\u0001` carries a constant string in the text itself (`constantBinding`). The second
 * does not depend on how many values were bound before it, so text holding it can be cached and
 * reused across statements (the time-zone CASE is rendered once per dialect and zone table).
 */
import type { Dialect } from './dialect.js';
import type { SqlValue } from './values.js';

/** Marker text binding the constant string `value`, independent of the rendering it appears in. */
export function constantBinding(value: string): string {
  if (value.includes('\u0001')) throw new Error('a constant binding cannot hold the marker character');
  return `\u0001\u0002${value}\u0001`;
}

/**
 * True when rendered text holds any binding marker. Text with a `bind` marker is only valid inside
 * its own rendering, so callers caching rendered text check this first (conservatively: constant
 * markers count too).
 */
export function hasBindingMarker(text: string): boolean {
  return text.includes('\u0001');
}

/**
 * `text` as one flat string. Cached text is copied into every statement; a string built by
 * concatenation is a tree of pieces that each copy would walk again. Reading a character makes V8
 * flatten the string in place.
 */
function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}

// Quoting is pure per dialect and identifiers come from a finite catalog and the planner's own
// names: quote each name (and each table.column pair) once per dialect.
const quoted = new WeakMap<Dialect, QuoteCache>();
const QUOTE_CACHE_LIMIT = 10_000;

interface QuoteCache {
  readonly names: Map<string, string>;
  /** Table alias -> column name -> `"table"."column"`. */
  readonly columns: Map<string, Map<string, string>>;
}

function quoteCache(dialect: Dialect): QuoteCache {
  let cache = quoted.get(dialect);
  if (!cache) {
    cache = { names: new Map(), columns: new Map() };
    quoted.set(dialect, cache);
  }
  return cache;
}

export class RenderContext {
  private readonly values: SqlValue[] = [];
  private readonly quotes: QuoteCache;
  constructor(readonly dialect: Dialect) {
    this.quotes = quoteCache(dialect);
  }

  /** Register a value and return its marker text. */
  bind(value: SqlValue): string {
    this.values.push(this.dialect.bindValue(value));
    return `\u0001${this.values.length - 1}\u0001`;
  }

  quote(name: string): string {
    const names = this.quotes.names;
    let text = names.get(name);
    if (text === undefined) {
      text = flatten(this.dialect.quoteIdentifier(name));
      if (names.size >= QUOTE_CACHE_LIMIT) names.clear();
      names.set(name, text);
    }
    return text;
  }

  /** `table.column`, each part quoted. */
  quoteColumn(table: string, column: string): string {
    const columns = this.quotes.columns;
    let byColumn = columns.get(table);
    if (byColumn === undefined) {
      if (columns.size >= QUOTE_CACHE_LIMIT) columns.clear();
      byColumn = new Map();
      columns.set(table, byColumn);
    }
    let text = byColumn.get(column);
    if (text === undefined) {
      // join() gives one flat string: cached text is reused in every statement.
      text = [this.quote(table), '.', this.quote(column)].join('');
      if (byColumn.size >= QUOTE_CACHE_LIMIT) byColumn.clear();
      byColumn.set(column, text);
    }
    return text;
  }

  /** Replace markers by `?`, returning the bindings in placeholder order. */
  finish(text: string): { sql: string; bindings: SqlValue[] } {
    // A scan with indexOf rather than a regex replace with a callback: this runs over every
    // statement (several KB), and the callback per marker was most of its cost.
    const bindings: SqlValue[] = [];
    let sql = '';
    let done = 0;
    let open = text.indexOf('\u0001');
    while (open >= 0) {
      const close = text.indexOf('\u0001', open + 1);
      if (close < 0) break;
      const constant = text.charCodeAt(open + 1) === 2;
      const payload = text.slice(open + (constant ? 2 : 1), close);
      if (!constant && !INDEX.test(payload)) {
        // Not a marker this context wrote: keep the character, as the text had it.
        open = close;
        continue;
      }
      bindings.push(constant ? this.dialect.bindValue(payload) : (this.values[Number(payload)] as SqlValue));
      sql += text.slice(done, open) + '?';
      done = close + 1;
      open = text.indexOf('\u0001', done);
    }
    return { sql: done === 0 ? text : sql + text.slice(done), bindings };
  }
}

const INDEX = /^\d+$/;
