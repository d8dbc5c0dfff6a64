/**
 * Collects bindings while a statement renders. Each binding is written as an opaque marker; when
 * rendering ends the markers become `?` in text order. Dialect hooks may therefore repeat or reorder
 * operand text and the bindings still line up with the placeholders.
 *
 * Two marker forms: `\u0001<index>\u0001` names a value registered with `bind` (any value), and
 * `\u0002<text>\u0002` carries a constant string in the text itself (`constantBinding`). The second
 * does not depend on how many values were bound before it, so text holding it can be cached and
 * reused across statements (the time-zone CASE is rendered once per dialect and zone table).
 */
import type { Dialect } from './dialect.js';
import type { SqlValue } from './values.js';

const MARKER = /\u0001(\d+)\u0001|\u0002([^\u0002]*)\u0002/g;

/** Marker text binding the constant string `value`, independent of the rendering it appears in. */
export function constantBinding(value: string): string {
  if (value.includes('\u0001') || value.includes('\u0002')) throw new Error('a constant binding cannot hold marker characters');
  return `\u0002${value}\u0002`;
}

/** True when rendered text holds a `bind` marker, i.e. it is only valid inside its own rendering. */
export function hasIndexedBinding(text: string): boolean {
  return text.includes('\u0001');
}

// Quoting is pure per dialect and identifiers come from a finite catalog: quote each name once.
const quoted = new WeakMap<Dialect, Map<string, string>>();
const QUOTE_CACHE_LIMIT = 10_000;

function quoteCache(dialect: Dialect): Map<string, string> {
  let cache = quoted.get(dialect);
  if (!cache) {
    cache = new Map();
    quoted.set(dialect, cache);
  }
  return cache;
}

export class RenderContext {
  private readonly values: SqlValue[] = [];
  private readonly quotes: Map<string, string>;
  constructor(readonly dialect: Dialect) {
    this.quotes = quoteCache(dialect);
  }

  /** Register a value and return its marker text. */
  bind(value: SqlValue): string {
    this.values.push(this.dialect.bindValue(value));
    return `\u0001${this.values.length - 1}\u0001`;
  }

  quote(name: string): string {
    let text = this.quotes.get(name);
    if (text === undefined) {
      text = this.dialect.quoteIdentifier(name);
      if (this.quotes.size >= QUOTE_CACHE_LIMIT) this.quotes.clear();
      this.quotes.set(name, text);
    }
    return text;
  }

  /** Replace markers by `?`, returning the bindings in placeholder order. */
  finish(text: string): { sql: string; bindings: SqlValue[] } {
    const bindings: SqlValue[] = [];
    const sql = text.replace(MARKER, (_, i: string | undefined, constant: string | undefined) => {
      bindings.push(i !== undefined ? (this.values[Number(i)] as SqlValue) : this.dialect.bindValue(constant!));
      return '?';
    });
    return { sql, bindings };
  }
}
