import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceRange } from '../source/source.js';
import type { Expr } from './ast.js';
import { astBuilder } from './cst-to-ast.js';
import { exprParser } from './expr-parser.js';
import { quickParse } from './quick-parser.js';
import { PositionMap, requestOrigin, type ExprOrigin } from './source-positions.js';
import * as t from './tokens.js';
import { exprDepth } from './walk-expr.js';

export type { ExprOrigin } from './source-positions.js';

/** Longest expression text accepted; longer input is refused before lexing. */
export const MAX_EXPRESSION_LENGTH = 10_000;
/** Deepest syntactic nesting (parentheses, `case`, calls, runs of `not`/`-`) accepted. */
export const MAX_NESTING = 64;
/**
 * Deepest tree accepted. Larger than MAX_NESTING because a flat chain `a or b or c ...` builds a
 * tree as deep as it is long; the bound keeps every recursive pass downstream far from the stack limit.
 */
export const MAX_TREE_DEPTH = 256;

export interface ParseResult {
  /** The tree, identifiers still unresolved `ref`s; absent whenever `diagnostics` is non-empty. */
  readonly ast?: Expr;
  /** Errors only (codes `expr-syntax`, `expr-unknown-function`, `expr-bad-literal`, `expr-too-deep`); empty on success. */
  readonly diagnostics: Diagnostic[];
}

function error(code: string, message: string, range: SourceRange, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', message, range } : { code, severity: 'error', message, range, hint };
}

/**
 * Parses expression-language text into a syntax tree with absolute file ranges. Never throws on
 * any input: every problem is a Diagnostic located inside the text. Identifiers stay unresolved
 * `ref` nodes; `checkExpression` gives them meaning.
 */
export function parseExpression(text: string, origin: ExprOrigin = requestOrigin): ParseResult {
  const map = new PositionMap(text, origin);
  if (text.length > MAX_EXPRESSION_LENGTH) return tooLong(text, map);
  // Most text is valid: the hand-written parser builds its tree directly. Anything else (and any
  // text it is unsure of) goes through the chevrotain grammar, which owns every diagnostic.
  const ast = quickParse(text, map, MAX_NESTING, MAX_TREE_DEPTH);
  if (ast !== undefined) return { ast, diagnostics: [] };
  return parseWithGrammar(text, map);
}

/**
 * `parseExpression` without the fast path: the chevrotain lexer, grammar and CST visitor. Exported
 * so tests can check that both paths build the same trees; callers use `parseExpression`.
 */
export function parseExpressionWithGrammar(text: string, origin: ExprOrigin = requestOrigin): ParseResult {
  const map = new PositionMap(text, origin);
  if (text.length > MAX_EXPRESSION_LENGTH) return tooLong(text, map);
  return parseWithGrammar(text, map);
}

function tooLong(text: string, map: PositionMap): ParseResult {
  return {
    diagnostics: [error('expr-too-deep', `expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`, map.range(0, 0), 'split it into dimensions or metrics with their own names')],
  };
}

function parseWithGrammar(text: string, map: PositionMap): ParseResult {
  const lexed = t.exprLexer().tokenize(text);
  // Only the first stray character: the ones after it are usually the same mistake again.
  const lexDiagnostics = lexed.errors.slice(0, 1).map((e) =>
    error('expr-syntax', `unexpected character '${text.slice(e.offset, e.offset + 1)}'`, map.range(e.offset, e.offset + 1), hintForCharacter(text, e.offset)),
  );
  for (const token of lexed.tokens) {
    if (token.tokenType === t.UnterminatedString) lexDiagnostics.push(unterminated(map, token, "string is missing its closing quote (')"));
    if (token.tokenType === t.DoubleDash) lexDiagnostics.push(error('expr-syntax', "'--' starts a SQL comment, and expressions have no comments", tokenRange(map, token), "put notes in the YAML 'description'; write '- -x' for a double negative"));
    if (token.tokenType === t.UnterminatedQuotedIdentifier) lexDiagnostics.push(unterminated(map, token, 'quoted identifier is missing its closing backtick (`)'));
  }
  if (lexDiagnostics.length > 0) return { diagnostics: lexDiagnostics };

  const tooDeep = findTooDeep(lexed.tokens);
  if (tooDeep) {
    return { diagnostics: [error('expr-too-deep', `expression nests more than ${MAX_NESTING} levels deep`, tokenRange(map, tooDeep), 'simplify it or split it into named dimensions or metrics')] };
  }

  const parser = exprParser();
  parser.input = lexed.tokens;
  const cst = parser.expression();
  if (parser.errors.length > 0) {
    // Recovery is off, so the first error is the only one and the rest of the input is unexplored.
    const first = parser.errors[0]!;
    return { diagnostics: [error('expr-syntax', first.message, tokenRange(map, first.token), hintForToken(lexed.tokens, first.token))] };
  }

  const built = astBuilder().build(cst, map);
  if (built.diagnostics.length > 0) return { diagnostics: built.diagnostics };
  if (exprDepth(built.ast) > MAX_TREE_DEPTH) {
    return { diagnostics: [error('expr-too-deep', `expression has more than ${MAX_TREE_DEPTH} levels of operators`, map.range(0, text.length), 'use in (...) instead of long or-chains, or split it into named metrics')] };
  }
  return { ast: built.ast, diagnostics: [] };
}

function tokenRange(map: PositionMap, token: IToken): SourceRange {
  // The end-of-input token has no offsets.
  if (!Number.isFinite(token.startOffset)) return map.endRange();
  return map.range(token.startOffset, (token.endOffset ?? token.startOffset) + 1);
}

function unterminated(map: PositionMap, token: IToken, message: string): Diagnostic {
  return error('expr-syntax', message, tokenRange(map, token));
}

/** What analysts coming from SQL, Excel or JavaScript most often meant by a character we lack. */
const characterHints: Record<string, string> = {
  '"': "strings use single quotes ('closed won'); quote identifiers with backticks",
  ';': 'an expression is a single formula; SQL statements are not accepted',
  '!': "use 'not' or '!='",
  '&': "use 'and'",
  '|': "use 'or'",
  '#': 'expressions have no comments; put notes in the description',
  '?': 'write the value itself; expressions have no parameters',
  $: 'write the value itself; expressions have no parameters',
  ':': 'write the value itself; expressions have no parameters',
  '[': "use in ('a', 'b') for a list of values",
};

function hintForCharacter(text: string, offset: number): string | undefined {
  return characterHints[text[offset] ?? ''];
}

/** Hints for the grammar errors analysts make most: `==`, and text values left unquoted. */
function hintForToken(tokens: readonly IToken[], offending: IToken): string | undefined {
  const index = tokens.indexOf(offending);
  const previous = index > 0 ? tokens[index - 1] : undefined;
  if (!previous) return undefined;
  if (offending.tokenType === t.Equals && previous.tokenType === t.Equals) return "compare with a single '='";
  if (offending.tokenType === t.Identifier && previous.tokenType === t.Identifier) {
    return `if '${previous.image} ${offending.image}' is a text value, quote it: '${previous.image} ${offending.image}'`;
  }
  return undefined;
}

/**
 * The first token at which nesting exceeds MAX_NESTING, checked on tokens before parsing so that
 * hostile input (10,000 open parentheses) never reaches the recursive-descent parser.
 */
function findTooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  let prefixRun = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LParen || type === t.Case) depth++;
    else if (type === t.RParen || type === t.End) depth = Math.max(0, depth - 1);
    prefixRun = type === t.Not || type === t.Minus ? prefixRun + 1 : 0;
    if (depth + prefixRun > MAX_NESTING) return token;
  }
  return undefined;
}
