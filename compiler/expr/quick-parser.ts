import type { SourceRange } from '../source/source.js';
import type { ArithmeticOp, ComparisonOp, Expr } from './ast.js';
import * as f from './ast-factories.js';
import { isFunctionName } from './function-names.js';
import { grainFromWord, invalidTimeText, unquoteIdentifier, unquoteString } from './literal-text.js';
import { quickLex, type QuickKind, type QuickToken } from './quick-lexer.js';
import type { PositionMap } from './source-positions.js';
import { exprDepth } from './walk-expr.js';

/**
 * The fast path of `parseExpression`: a recursive-descent parser over the same grammar as
 * `expr-parser.ts`, building the same tree (ranges included) straight from tokens, with no CST and
 * no per-level rule machinery. It only ever answers for text that parses cleanly; on any doubt (a
 * syntax error, an unknown function, a bad literal, nesting past the limits, a character the quick
 * lexer does not know) it returns undefined and the chevrotain parser, which owns every diagnostic,
 * parses the text again. `test/expr/quick-parser.test.ts` checks that both paths agree.
 */
export function quickParse(text: string, map: PositionMap, maxNesting: number, maxTreeDepth: number): Expr | undefined {
  const tokens = quickLex(text);
  if (tokens === undefined || nestsTooDeep(tokens, maxNesting)) return undefined;
  try {
    const parser = new QuickParser(tokens, map);
    const ast = parser.parseOr();
    if (parser.peek().kind !== 'eof') return undefined;
    // Every node on a path from the root owns a token of its own (an operator, a name, a literal),
    // so a tree cannot be deeper than the text has tokens: short text skips the walk.
    return tokens.length - 1 > maxTreeDepth && exprDepth(ast) > maxTreeDepth ? undefined : ast;
  } catch (e) {
    if (e === giveUp) return undefined;
    throw e;
  }
}

/** Thrown (never escapes `quickParse`) to abandon the fast path from any depth of the descent. */
const giveUp = new Error('quick parse gave up');

/** The same count as `findTooDeep` in parse-expression.ts; it also bounds this parser's recursion. */
function nestsTooDeep(tokens: readonly QuickToken[], maxNesting: number): boolean {
  let depth = 0;
  let prefixRun = 0;
  for (const token of tokens) {
    const kind = token.kind;
    if (kind === '(' || kind === 'case') depth++;
    else if (kind === ')' || kind === 'end') depth = Math.max(0, depth - 1);
    prefixRun = kind === 'not' || kind === '-' ? prefixRun + 1 : 0;
    if (depth + prefixRun > maxNesting) return true;
  }
  return false;
}

const comparisonOps: Partial<Record<QuickKind, ComparisonOp>> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * One parse. Each `parse*` method returns the node and leaves in `start`/`end` the text it covered,
 * parentheses included, because an enclosing node's range runs from its first operand's first
 * token to its last operand's last token, exactly as the CST locations do on the full path.
 */
class QuickParser {
  private pos = 0;
  private start = 0;
  private end = 0;

  constructor(
    private readonly tokens: readonly QuickToken[],
    private readonly map: PositionMap,
  ) {}

  peek(): QuickToken {
    return this.tokens[this.pos]!;
  }

  private expect(kind: QuickKind): QuickToken {
    const token = this.tokens[this.pos]!;
    if (token.kind !== kind) throw giveUp;
    this.pos++;
    return token;
  }

  private range(start: number, end: number): SourceRange {
    return this.map.range(start, end);
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    const start = this.start;
    while (this.tokens[this.pos]!.kind === 'or') {
      this.pos++;
      const right = this.parseAnd();
      left = f.binary('or', left, right, this.range(start, this.end));
    }
    this.start = start;
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    const start = this.start;
    while (this.tokens[this.pos]!.kind === 'and') {
      this.pos++;
      const right = this.parseNot();
      left = f.binary('and', left, right, this.range(start, this.end));
    }
    this.start = start;
    return left;
  }

  private parseNot(): Expr {
    const token = this.tokens[this.pos]!;
    if (token.kind !== 'not') return this.parseComparison();
    this.pos++;
    const operand = this.parseNot();
    this.start = token.start;
    return f.unary('not', operand, this.range(token.start, this.end));
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const start = this.start;
    let token = this.tokens[this.pos]!;
    const op = comparisonOps[token.kind];
    let result: Expr;
    if (op !== undefined) {
      this.pos++;
      const right = this.parseAdditive();
      result = f.binary(op, left, right, this.range(start, this.end));
    } else if (token.kind === 'is') {
      this.pos++;
      const negated = this.tokens[this.pos]!.kind === 'not';
      if (negated) this.pos++;
      const nullToken = this.expect('null');
      this.end = nullToken.end;
      result = f.isNull(left, negated, this.range(start, nullToken.end));
    } else {
      const negated = token.kind === 'not';
      if (negated) token = this.tokens[++this.pos]!;
      if (token.kind === 'in') {
        this.pos++;
        this.expect('(');
        const values: Expr[] = [this.parseOr()];
        while (this.tokens[this.pos]!.kind === ',') {
          this.pos++;
          values.push(this.parseOr());
        }
        this.end = this.expect(')').end;
        result = f.inList(left, values, negated, this.range(start, this.end));
      } else if (token.kind === 'between') {
        this.pos++;
        const low = this.parseAdditive();
        this.expect('and');
        const high = this.parseAdditive();
        result = f.between(left, low, high, negated, this.range(start, this.end));
      } else if (token.kind === 'like') {
        this.pos++;
        const pattern = this.parseAdditive();
        result = f.like(left, pattern, negated, this.range(start, this.end));
      } else {
        if (negated) throw giveUp;
        return left;
      }
    }
    this.start = start;
    return result;
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    const start = this.start;
    for (let kind = this.tokens[this.pos]!.kind; kind === '+' || kind === '-'; kind = this.tokens[this.pos]!.kind) {
      this.pos++;
      const right = this.parseMultiplicative();
      left = f.binary(kind, left, right, this.range(start, this.end));
    }
    this.start = start;
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    const start = this.start;
    for (let kind = this.tokens[this.pos]!.kind; kind === '*' || kind === '/' || kind === '%'; kind = this.tokens[this.pos]!.kind) {
      this.pos++;
      const right = this.parseUnary();
      left = f.binary(kind as ArithmeticOp, left, right, this.range(start, this.end));
    }
    this.start = start;
    return left;
  }

  private parseUnary(): Expr {
    const token = this.tokens[this.pos]!;
    if (token.kind !== '-') return this.parseAtom();
    this.pos++;
    const operand = this.parseUnary();
    this.start = token.start;
    const range = this.range(token.start, this.end);
    // `-5` is one literal, as on the full path.
    if (operand.kind === 'literal' && operand.literalType === 'number') return f.number(-(operand.value as number), range);
    return f.unary('-', operand, range);
  }

  /** Ends a leaf at `token`: its extent is the token itself. */
  private leaf(token: QuickToken): SourceRange {
    this.start = token.start;
    this.end = token.end;
    return this.range(token.start, token.end);
  }

  private parseAtom(): Expr {
    const token = this.tokens[this.pos]!;
    switch (token.kind) {
      case '(': {
        this.pos++;
        const inner = this.parseOr();
        this.end = this.expect(')').end;
        this.start = token.start;
        return inner;
      }
      case 'case':
        return this.parseCase(token);
      case 'number': {
        this.pos++;
        const value = Number(token.image);
        if (!Number.isFinite(value)) throw giveUp;
        return f.number(value, this.leaf(token));
      }
      case 'string':
        this.pos++;
        return f.string(unquoteString(token.image), this.leaf(token));
      case 'true':
      case 'false':
        this.pos++;
        return f.boolean(token.kind === 'true', this.leaf(token));
      case 'null':
        this.pos++;
        return f.nullLiteral(this.leaf(token));
      case 'date':
      case 'timestamp': {
        const literal = this.tokens[this.pos + 1]!;
        // Outside `date '...'` these words are ordinary names.
        if (literal.kind !== 'string') return this.parseReference();
        this.pos += 2;
        const value = unquoteString(literal.image).trim();
        if (invalidTimeText(value, token.kind) !== undefined) throw giveUp;
        this.start = token.start;
        this.end = literal.end;
        const range = this.range(token.start, literal.end);
        return token.kind === 'date' ? f.date(value, range) : f.timestamp(value, range);
      }
      case 'identifier':
        if (this.tokens[this.pos + 1]!.kind !== '(') return this.parseReference();
        return token.image.toLowerCase() === 'lag' ? this.parseLag(token) : this.parseCall(token);
      case 'quoted':
        return this.parseReference();
      default:
        throw giveUp;
    }
  }

  private parseCase(caseToken: QuickToken): Expr {
    this.pos++;
    const whens: { when: Expr; then: Expr }[] = [];
    while (this.tokens[this.pos]!.kind === 'when') {
      this.pos++;
      const when = this.parseOr();
      this.expect('then');
      const then = this.parseOr();
      whens.push({ when, then });
    }
    if (whens.length === 0) throw giveUp;
    let otherwise: Expr | null = null;
    if (this.tokens[this.pos]!.kind === 'else') {
      this.pos++;
      otherwise = this.parseOr();
    }
    const endToken = this.expect('end');
    this.start = caseToken.start;
    this.end = endToken.end;
    return f.caseWhen(whens, otherwise, this.range(caseToken.start, endToken.end));
  }

  private parseLag(name: QuickToken): Expr {
    this.pos += 2;
    const metric = this.parseOr();
    this.expect(',');
    const countToken = this.expect('number');
    const grainToken = this.expect('identifier');
    const close = this.expect(')');
    const count = Number(countToken.image);
    const grain = grainFromWord(grainToken.image);
    if (!Number.isInteger(count) || count < 1 || count > 10_000 || !grain) throw giveUp;
    const offset = f.interval(count, grain, this.range(countToken.start, grainToken.end));
    this.start = name.start;
    this.end = close.end;
    return f.lag(metric, offset, this.range(name.start, close.end));
  }

  private parseCall(name: QuickToken): Expr {
    const fn = name.image.toLowerCase();
    if (!isFunctionName(fn)) throw giveUp;
    this.pos += 2;
    const args: Expr[] = [];
    if (this.tokens[this.pos]!.kind !== ')') {
      args.push(this.parseOr());
      while (this.tokens[this.pos]!.kind === ',') {
        this.pos++;
        args.push(this.parseOr());
      }
    }
    const close = this.expect(')');
    this.start = name.start;
    this.end = close.end;
    return f.call(fn, args, this.range(name.start, close.end));
  }

  private parseReference(): Expr {
    const first = this.tokens[this.pos]!;
    const parts = [this.identifierPart()];
    while (this.tokens[this.pos]!.kind === '.') {
      this.pos++;
      parts.push(this.identifierPart());
    }
    const last = this.tokens[this.pos - 1]!;
    this.start = first.start;
    this.end = last.end;
    return f.ref(parts, this.range(first.start, last.end));
  }

  private identifierPart(): string {
    const token = this.tokens[this.pos]!;
    this.pos++;
    switch (token.kind) {
      case 'identifier':
      case 'date':
      case 'timestamp':
        return token.image;
      case 'quoted': {
        const name = unquoteIdentifier(token.image);
        if (name.length === 0) throw giveUp;
        return name;
      }
      default:
        throw giveUp;
    }
  }
}
