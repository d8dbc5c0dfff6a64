import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Tokens of the expression language. Keywords are case-insensitive and use `longer_alt` so that
 * `order_date` or `android` stay identifiers. Grain words (`quarter`, `months`) and function names
 * are plain identifiers: reserving them would forbid columns named `day` or `round`.
 */

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'identifier' });

function keyword(name: string, word: string): TokenType {
  return createToken({ name, pattern: new RegExp(word, 'i'), longer_alt: Identifier, label: `'${word}'` });
}

export const Or = keyword('Or', 'or');
export const And = keyword('And', 'and');
export const Not = keyword('Not', 'not');
export const In = keyword('In', 'in');
export const Between = keyword('Between', 'between');
export const Is = keyword('Is', 'is');
export const Null = keyword('Null', 'null');
export const Like = keyword('Like', 'like');
export const True = keyword('True', 'true');
export const False = keyword('False', 'false');
export const Case = keyword('Case', 'case');
export const When = keyword('When', 'when');
export const Then = keyword('Then', 'then');
export const Else = keyword('Else', 'else');
export const End = keyword('End', 'end');
// `date` and `timestamp` only act as keywords before a string; elsewhere they name columns.
export const DateKw = keyword('DateKw', 'date');
export const TimestampKw = keyword('TimestampKw', 'timestamp');

export const QuotedIdentifier = createToken({ name: 'QuotedIdentifier', pattern: /`(?:[^`]|``)*`/, label: 'quoted identifier' });
/** Lexed only so that a missing closing backtick gets its own message instead of "unexpected character". */
export const UnterminatedQuotedIdentifier = createToken({ name: 'UnterminatedQuotedIdentifier', pattern: /`(?:[^`]|``)*/ });

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'number',
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /'(?:[^']|'')*'/, label: 'string' });
/** See UnterminatedQuotedIdentifier. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /'(?:[^']|'')*/ });

export const ComparisonOp = createToken({ name: 'ComparisonOp', pattern: Lexer.NA, label: 'comparison operator' });
export const NotEquals = createToken({ name: 'NotEquals', pattern: /!=|<>/, categories: ComparisonOp, label: "'!='" });
export const LessEquals = createToken({ name: 'LessEquals', pattern: /<=/, categories: ComparisonOp, label: "'<='" });
export const GreaterEquals = createToken({ name: 'GreaterEquals', pattern: />=/, categories: ComparisonOp, label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, categories: ComparisonOp, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: ComparisonOp, label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, categories: ComparisonOp, label: "'='" });

export const AdditionOp = createToken({ name: 'AdditionOp', pattern: Lexer.NA, label: "'+' or '-'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, categories: AdditionOp, label: "'+'" });
/**
 * `--` starts a comment in SQL, so `stage = 1 -- note` must not quietly mean `1 - (-note)`. It is
 * lexed only to be refused with its own message; a double negative is written `- -x`.
 */
export const DoubleDash = createToken({ name: 'DoubleDash', pattern: /--/ });
export const Minus = createToken({ name: 'Minus', pattern: /-/, categories: AdditionOp, label: "'-'" });

export const MultiplicationOp = createToken({ name: 'MultiplicationOp', pattern: Lexer.NA, label: "'*', '/' or '%'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, categories: MultiplicationOp, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, categories: MultiplicationOp, label: "'/'" });
export const PercentSign = createToken({ name: 'PercentSign', pattern: /%/, categories: MultiplicationOp, label: "'%'" });

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });

/** Order matters: keywords before Identifier, longer operators before their prefixes. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Or, And, Not, In, Between, Is, Null, Like, True, False, Case, When, Then, Else, End, DateKw, TimestampKw,
  Identifier,
  QuotedIdentifier, UnterminatedQuotedIdentifier,
  NumberLiteral,
  StringLiteral, UnterminatedString,
  ComparisonOp, NotEquals, LessEquals, GreaterEquals, Less, Greater, Equals,
  AdditionOp, Plus, DoubleDash, Minus,
  MultiplicationOp, Star, Slash, PercentSign,
  LParen, RParen, Comma, Dot,
];

let lexer: Lexer | undefined;

/**
 * The one chevrotain lexer, built on first use: valid text never needs it (the quick lexer reads
 * it), and building it costs tens of milliseconds at start-up. Full position tracking because only
 * it records end offsets.
 */
export function exprLexer(): Lexer {
  return (lexer ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true }));
}
