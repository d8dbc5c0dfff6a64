import { CstParser, EOF, type IOrAlt, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import * as t from './tokens.js';

/** What a rule stands for when the parser cannot tell which alternative was meant. */
const ruleDescriptions: Record<string, string> = {
  atomExpression: 'an expression',
  expression: 'an expression',
  reference: 'an identifier',
};

/** A token as quoted in a message: strings keep their own quotes; long or multi-line text is cut. */
function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'end of expression';
  const image = token.image.replace(/\s+/g, ' ');
  const short = image.length > 32 ? `${image.slice(0, 30)}...` : image;
  return token.tokenType === t.StringLiteral || token.tokenType === t.QuotedIdentifier ? short : `'${short}'`;
}

function describeType(type: TokenType): string {
  if (type === EOF) return 'end of expression';
  return type.LABEL ?? type.name;
}

function describeAlternatives(paths: TokenType[][], ruleName: string): string {
  // Any position where a number could start is a position where a whole expression could start.
  if (paths.some((p) => p[0] === t.NumberLiteral)) return 'an expression';
  const firsts = [...new Set(paths.map((p) => (p[0] ? describeType(p[0]) : 'end of expression')))];
  if (firsts.length > 4) return ruleDescriptions[ruleName] ?? firsts.slice(0, 4).join(', ') + ', ...';
  return firsts.length === 1 ? firsts[0]! : `${firsts.slice(0, -1).join(', ')} or ${firsts[firsts.length - 1]}`;
}

/** Messages say what was expected and what was found, in the language's own words. */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeType(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `expected an operator or end of expression but found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const expected = ruleDescriptions[ruleName] ?? describeAlternatives(expectedPathsPerAlt.flat(), ruleName);
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) =>
    `expected ${describeAlternatives(expectedIterationPaths, ruleName)} but found ${describeToken(actual[0]!)}`,
};

/**
 * The grammar, one rule per precedence level (low to high): or, and, not, comparison, additive,
 * multiplicative, unary, atom. Binary levels label their operands `lhs`/`rhs` so the visitor can
 * fold them left-associatively. Comparisons do not chain (`a = b = c` is a syntax error), as in SQL.
 */
export class ExprParser extends CstParser {
  /**
   * Alternatives of each `OR`, built on first use and reused (chevrotain's "caching arrays of
   * alternatives"): building them per call allocated a dozen closures per token, which dominated
   * parse time under tsx, where each closure is also renamed through `__name`.
   */
  private readonly alternatives: Record<string, IOrAlt<unknown>[]> = {};

  private cached(key: string, build: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    return (this.alternatives[key] ??= build());
  }

  /**
   * `validate: true` runs chevrotain's grammar checks (ambiguities, left recursion), which cost more
   * than the rest of the self-analysis; `test/expr/cst-dts.test.ts` runs them, so the parser that
   * serves requests skips them.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    // Recovery stays off: a half-parsed expression must never reach the resolver. Node locations
    // stay 'full': node ranges need each rule's end offset.
    super(t.allTokens, { maxLookahead: 3, errorMessageProvider: errorMessages, nodeLocationTracking: 'full', skipValidations: options.validate !== true });
    this.performSelfAnalysis();
  }

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpression);
  });

  private orExpression = this.RULE('orExpression', () => {
    this.SUBRULE(this.andExpression, { LABEL: 'lhs' });
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpression, { LABEL: 'rhs' });
    });
  });

  private andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression, { LABEL: 'lhs' });
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpression, { LABEL: 'rhs' });
    });
  });

  private notExpression = this.RULE('notExpression', () => {
    this.OR(this.cached('not', () => [
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.SUBRULE(this.notExpression, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.comparisonExpression, { LABEL: 'operand' }) },
    ]));
  });

  private comparisonExpression = this.RULE('comparisonExpression', () => {
    this.SUBRULE(this.additiveExpression, { LABEL: 'lhs' });
    this.OPTION(() => {
      this.OR(this.cached('comparison', () => [
        {
          ALT: () => {
            this.CONSUME(t.ComparisonOp);
            this.SUBRULE2(this.additiveExpression, { LABEL: 'rhs' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Is);
            this.OPTION2(() => this.CONSUME(t.Not, { LABEL: 'isNot' }));
            this.CONSUME(t.Null);
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.CONSUME2(t.Not));
            this.OR2(this.cached('negatable', () => [
              { ALT: () => this.SUBRULE(this.inList) },
              {
                ALT: () => {
                  this.CONSUME(t.Between);
                  this.SUBRULE3(this.additiveExpression, { LABEL: 'low' });
                  this.CONSUME(t.And);
                  this.SUBRULE4(this.additiveExpression, { LABEL: 'high' });
                },
              },
              {
                ALT: () => {
                  this.CONSUME(t.Like);
                  this.SUBRULE5(this.additiveExpression, { LABEL: 'pattern' });
                },
              },
            ]));
          },
        },
      ]));
    });
  });

  private inList = this.RULE('inList', () => {
    this.CONSUME(t.In);
    this.CONSUME(t.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'values' }) });
    this.CONSUME(t.RParen);
  });

  private additiveExpression = this.RULE('additiveExpression', () => {
    this.SUBRULE(this.multiplicativeExpression, { LABEL: 'lhs' });
    this.MANY(() => {
      this.CONSUME(t.AdditionOp);
      this.SUBRULE2(this.multiplicativeExpression, { LABEL: 'rhs' });
    });
  });

  private multiplicativeExpression = this.RULE('multiplicativeExpression', () => {
    this.SUBRULE(this.unaryExpression, { LABEL: 'lhs' });
    this.MANY(() => {
      this.CONSUME(t.MultiplicationOp);
      this.SUBRULE2(this.unaryExpression, { LABEL: 'rhs' });
    });
  });

  private unaryExpression = this.RULE('unaryExpression', () => {
    this.OR(this.cached('unary', () => [
      {
        ALT: () => {
          this.CONSUME(t.Minus);
          this.SUBRULE(this.unaryExpression, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.atomExpression, { LABEL: 'operand' }) },
    ]));
  });

  private atomExpression = this.RULE('atomExpression', () => {
    this.OR(this.cached('atom', () => [
      { ALT: () => this.SUBRULE(this.parenthesisExpression) },
      { ALT: () => this.SUBRULE(this.caseExpression) },
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.typedLiteral) },
      // `lag` shares its first two tokens with any call; the gate picks it by name.
      { GATE: () => this.LA(1).image.toLowerCase() === 'lag', ALT: () => this.SUBRULE(this.lagCall), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.reference) },
    ]));
  });

  private parenthesisExpression = this.RULE('parenthesisExpression', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  private caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(t.Case);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(t.When);
      this.SUBRULE(this.expression, { LABEL: 'when' });
      this.CONSUME(t.Then);
      this.SUBRULE2(this.expression, { LABEL: 'then' });
    });
    this.OPTION(() => {
      this.CONSUME(t.Else);
      this.SUBRULE3(this.expression, { LABEL: 'otherwise' });
    });
    this.CONSUME(t.End);
  });

  private literal = this.RULE('literal', () => {
    this.OR(this.cached('literal', () => [
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.True) },
      { ALT: () => this.CONSUME(t.False) },
      { ALT: () => this.CONSUME(t.Null) },
    ]));
  });

  private typedLiteral = this.RULE('typedLiteral', () => {
    this.OR(this.cached('typedLiteral', () => [{ ALT: () => this.CONSUME(t.DateKw) }, { ALT: () => this.CONSUME(t.TimestampKw) }]));
    this.CONSUME(t.StringLiteral);
  });

  private lagCall = this.RULE('lagCall', () => {
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression, { LABEL: 'metric' });
    this.CONSUME(t.Comma);
    this.CONSUME(t.NumberLiteral, { LABEL: 'count', ERR_MSG: 'expected an interval such as 1 quarter as the second argument of lag' });
    this.CONSUME2(t.Identifier, { LABEL: 'grain', ERR_MSG: 'expected a grain (day, week, month, quarter or year) after the number' });
    this.CONSUME(t.RParen);
  });

  private functionCall = this.RULE('functionCall', () => {
    this.CONSUME(t.Identifier, { LABEL: 'name' });
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }) });
    this.CONSUME(t.RParen);
  });

  private reference = this.RULE('reference', () => {
    this.SUBRULE(this.identifierPart, { LABEL: 'parts' });
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.SUBRULE2(this.identifierPart, { LABEL: 'parts' });
    });
  });

  private identifierPart = this.RULE('identifierPart', () => {
    this.OR(this.cached('identifierPart', () => [
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.QuotedIdentifier) },
      // Outside `date '...'` these words are ordinary names (a column called `date` is common).
      { ALT: () => this.CONSUME(t.DateKw) },
      { ALT: () => this.CONSUME(t.TimestampKw) },
    ]));
  });
}

let parser: ExprParser | undefined;

/**
 * The one parser instance (chevrotain parsers are stateful and costly to build; reuse resets them),
 * built on first use: only text with a problem, or text the quick parser declines, reaches it.
 */
export function exprParser(): ExprParser {
  return (parser ??= new ExprParser());
}
