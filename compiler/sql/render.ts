/** Entry point: a Statement rendered by a Dialect into SQL text with `?` placeholders and bindings. */
import type { Statement } from './ast.js';
import type { Dialect } from './dialect.js';
import { RenderContext } from './render-context.js';
import { renderStatementText } from './render-query.js';
import type { SqlValue } from './values.js';

export interface RenderedSql {
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
}

export function renderStatement(statement: Statement, dialect: Dialect): RenderedSql {
  const ctx = new RenderContext(dialect);
  return ctx.finish(renderStatementText(statement, ctx));
}
