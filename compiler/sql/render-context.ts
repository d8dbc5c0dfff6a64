/**
 * Collects bindings while a statement renders. Each binding is written as an opaque marker; when
 * rendering ends the markers become `?` in text order. Dialect hooks may therefore repeat or reorder
 * operand text and the bindings still line up with the placeholders.
 */
import type { Dialect } from './dialect.js';
import type { SqlValue } from './values.js';

const MARKER = /\u0001(\d+)\u0001/g;

export class RenderContext {
  private readonly values: SqlValue[] = [];
  constructor(readonly dialect: Dialect) {}

  /** Register a value and return its marker text. */
  bind(value: SqlValue): string {
    this.values.push(this.dialect.bindValue(value));
    return `\u0001${this.values.length - 1}\u0001`;
  }

  quote(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }

  /** Replace markers by `?`, returning the bindings in placeholder order. */
  finish(text: string): { sql: string; bindings: SqlValue[] } {
    const bindings: SqlValue[] = [];
    const sql = text.replace(MARKER, (_, i: string) => {
      bindings.push(this.values[Number(i)] as SqlValue);
      return '?';
    });
    return { sql, bindings };
  }
}
