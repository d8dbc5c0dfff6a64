/** Entry point: a Statement rendered by a Dialect into SQL text with `?` placeholders and bindings. */
import type { Statement } from './ast.js';
import type { Dialect } from './dialect.js';
import { flatten, RenderContext } from './render-context.js';
import { writeStatement } from './render-query.js';
import type { SqlValue } from './values.js';

export interface RenderedSql {
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
}

/** @param rangeSlots bind range-end values as slots (see range-slots.ts) */
export function renderStatement(statement: Statement, dialect: Dialect, rangeSlots = false): RenderedSql {
  const ctx = new RenderContext(dialect, rangeSlots);
  writeStatement(statement, ctx);
  // Flat once here, so every reader (driver, hash, log) reads a plain string.
  return { sql: flatten(ctx.text), bindings: ctx.values };
}
