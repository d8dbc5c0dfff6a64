/**
 * A hand-written lexer for the common case, used by `quick-parser.ts`. It reads exactly the tokens
 * of `tokens.ts` for plain ASCII text and gives up (returns undefined) on anything it is not sure
 * of: a stray or non-ASCII character outside strings, an unterminated string, `--`. The chevrotain
 * lexer then handles that text and reports the problem, so every message still comes from one place.
 */

/**
 * What a token is: a keyword in lower case (`and`, `date`), an operator or punctuation as written
 * (`<=`, `(`), or one of `identifier`, `quoted`, `number`, `string`, `eof`.
 */
export type QuickKind =
  | 'or' | 'and' | 'not' | 'in' | 'between' | 'is' | 'null' | 'like' | 'true' | 'false'
  | 'case' | 'when' | 'then' | 'else' | 'end' | 'date' | 'timestamp'
  | 'identifier' | 'quoted' | 'number' | 'string'
  | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '(' | ')' | ',' | '.'
  | 'eof';

export interface QuickToken {
  /** What the token is. */
  readonly kind: QuickKind;
  /** Offset of its first character in the expression text. */
  readonly start: number;
  /** Offset just past its last character. */
  readonly end: number;
  /** The text as written (quotes included for strings and quoted identifiers). */
  readonly image: string;
}

/** Keywords are whole words, case-insensitive: `order` or `android` stay identifiers (chevrotain's `longer_alt`). */
const keywords: ReadonlyMap<string, QuickKind> = new Map(
  (['or', 'and', 'not', 'in', 'between', 'is', 'null', 'like', 'true', 'false', 'case', 'when', 'then', 'else', 'end', 'date', 'timestamp'] as const).map((k) => [k, k]),
);
const LONGEST_KEYWORD = 9;

/** Character codes the lexer branches on. */
const c = {
  TAB: 9, LF: 10, VT: 11, FF: 12, CR: 13, SPACE: 32, BANG: 33, PERCENT: 37, QUOTE: 39, LPAREN: 40, RPAREN: 41, STAR: 42, PLUS: 43,
  COMMA: 44, MINUS: 45, DOT: 46, SLASH: 47, D0: 48, D9: 57, LESS: 60, EQUALS: 61, GREATER: 62, UNDERSCORE: 95, BACKTICK: 96,
} as const;

function isDigit(code: number): boolean {
  return code >= c.D0 && code <= c.D9;
}

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === c.UNDERSCORE;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code);
}

/** Single-character operators and punctuation that never start a longer token. */
const singles: Partial<Record<number, QuickKind>> = {
  [c.PERCENT]: '%', [c.LPAREN]: '(', [c.RPAREN]: ')', [c.STAR]: '*', [c.PLUS]: '+', [c.COMMA]: ',', [c.SLASH]: '/', [c.EQUALS]: '=',
};

/** End of a quoted run (`'...'` or `` `...` ``) starting at `start`, doubled quotes included; -1 when unterminated. */
function quotedEnd(text: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text.charCodeAt(i) === quote) {
      if (text.charCodeAt(i + 1) !== quote) return i + 1;
      i += 2;
    } else i++;
  }
  return -1;
}

/** End of a number at `start` (`12`, `1.5`, `.5`, `1.`, `2e-3`), as the NumberLiteral pattern reads it. */
function numberEnd(text: string, start: number): number {
  let i = start;
  if (text.charCodeAt(i) === c.DOT) {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  } else {
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === c.DOT) {
      i++;
      while (isDigit(text.charCodeAt(i))) i++;
    }
  }
  const e = text.charCodeAt(i);
  if (e === 69 || e === 101) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === c.PLUS || sign === c.MINUS) j++;
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** Tokens of `text` ending with an `eof` token, or undefined when the chevrotain lexer must decide. */
export function quickLex(text: string): QuickToken[] | undefined {
  const tokens: QuickToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === c.SPACE || (code >= c.TAB && code <= c.CR)) {
      i++;
      continue;
    }
    const start = i;
    let kind: QuickKind;
    if (isWordStart(code)) {
      i++;
      while (i < length && isWordPart(text.charCodeAt(i))) i++;
      const image = text.slice(start, i);
      kind = (i - start <= LONGEST_KEYWORD ? keywords.get(image.toLowerCase()) : undefined) ?? 'identifier';
      tokens.push({ kind, start, end: i, image });
      continue;
    }
    if (isDigit(code) || (code === c.DOT && isDigit(text.charCodeAt(i + 1)))) {
      i = numberEnd(text, i);
      kind = 'number';
    } else if (code === c.QUOTE || code === c.BACKTICK) {
      const end = quotedEnd(text, i, code);
      if (end < 0) return undefined;
      i = end;
      kind = code === c.QUOTE ? 'string' : 'quoted';
    } else if (code === c.LESS) {
      const next = text.charCodeAt(i + 1);
      kind = next === c.GREATER ? '<>' : next === c.EQUALS ? '<=' : '<';
      i += kind.length;
    } else if (code === c.GREATER) {
      kind = text.charCodeAt(i + 1) === c.EQUALS ? '>=' : '>';
      i += kind.length;
    } else if (code === c.BANG) {
      if (text.charCodeAt(i + 1) !== c.EQUALS) return undefined;
      kind = '!=';
      i += 2;
    } else if (code === c.MINUS) {
      // `--` is refused with its own message by the full path.
      if (text.charCodeAt(i + 1) === c.MINUS) return undefined;
      kind = '-';
      i++;
    } else if (code === c.DOT) {
      kind = '.';
      i++;
    } else {
      const single = singles[code];
      if (single === undefined) return undefined;
      kind = single;
      i++;
    }
    tokens.push({ kind, start, end: i, image: text.slice(start, i) });
  }
  tokens.push({ kind: 'eof', start: length, end: length, image: '' });
  return tokens;
}
