import type { Expr } from '../expr/ast.js';
import { parseExpression, type ExprOrigin } from '../expr/parse-expression.js';
import type { DocPath } from '../load/documents.js';
import { at, keyAt, type Definition, type DiagnosticSink } from './resolve-context.js';

/**
 * Where the first character of an expression written as a YAML scalar sits, so ranges inside the
 * expression are exact. `locate` gives the scalar's range including its quotes: a quoted scalar is
 * longer than its text, and its text starts one column in. A block scalar (`|`, `>`) starts at its
 * indicator; its text begins on the next line, conventionally indented two past the key.
 */
export function expressionOrigin(def: Definition<unknown>, path: DocPath, text: string): ExprOrigin {
  const range = at(def, ...path);
  const length = range.end.offset - range.start.offset;
  const sameLine = range.start.line === range.end.line;
  if (!sameLine) {
    const key = keyAt(def, ...path);
    return { file: range.file, line: range.start.line + 1, col: key.start.col + 2, offset: range.start.offset };
  }
  const quoted = sameLine && length > text.length;
  const shift = quoted ? 1 : 0;
  return { file: range.file, line: range.start.line, col: range.start.col + shift, offset: range.start.offset + shift };
}

/** Parses the expression at `path` of a definition, reporting syntax errors; undefined on error. */
export function parseField(def: Definition<unknown>, path: DocPath, text: string, sink: DiagnosticSink): Expr | undefined {
  const parsed = parseExpression(text, expressionOrigin(def, path, text));
  sink.push(...parsed.diagnostics);
  return parsed.ast;
}
