import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceRange } from '../source/source.js';
import type { ArithmeticOp, BinaryExpr, ComparisonOp, Expr, IntervalExpr } from './ast.js';
import * as f from './ast-factories.js';
import type {
  ICstNodeVisitor,
  AdditiveExpressionCstChildren, AndExpressionCstChildren, AtomExpressionCstChildren, CaseExpressionCstChildren,
  ComparisonExpressionCstChildren, ExpressionCstChildren, FunctionCallCstChildren, IdentifierPartCstChildren,
  InListCstChildren, LagCallCstChildren, LiteralCstChildren, MultiplicativeExpressionCstChildren, NotExpressionCstChildren,
  OrExpressionCstChildren, ParenthesisExpressionCstChildren, ReferenceCstChildren, TypedLiteralCstChildren,
  UnaryExpressionCstChildren,
} from './expr-cst.js';
import { exprParser } from './expr-parser.js';
import { functionNames, isFunctionName } from './function-names.js';
import { grainFromWord, invalidTimeText, unquoteIdentifier, unquoteString } from './literal-text.js';
import type { PositionMap } from './source-positions.js';

const comparisonOps: Record<string, ComparisonOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** A stand-in for a node that already produced a diagnostic; the caller discards the tree. */
const failed: Expr = f.nullLiteral();

/** What `parseExpression` needs of the builder. */
export interface AstBuilder {
  /** The tree of `cst` with ranges from `map`, and the meaning-level problems found on the way. */
  build(cst: CstNode, map: PositionMap): { ast: Expr; diagnostics: Diagnostic[] };
}

let builder: AstBuilder | undefined;

/** The one builder, made on first use (its base class comes from the lazily built parser). */
export function astBuilder(): AstBuilder {
  return (builder ??= new (astBuilderClass())());
}

/**
 * The builder class, made in a function because it extends the (lazily built) parser's visitor
 * base. It builds the AST from the CST. Meaning-level problems the grammar cannot see (an unknown
 * function, a date that does not exist, an interval with a bad grain) become diagnostics here; the
 * builder keeps going so one pass reports them all. One instance, reused: `build` resets its state.
 * Implementing the generated `ICstNodeVisitor` makes a grammar rule without a method a type error.
 */
function astBuilderClass() {
  const BaseVisitor = exprParser().getBaseCstVisitorConstructor();

  return class AstBuilderImpl extends BaseVisitor implements ICstNodeVisitor<void, unknown>, AstBuilder {
    private map!: PositionMap;
    private diagnostics: Diagnostic[] = [];

    constructor() {
      super();
      this.validateVisitor();
    }

    build(cst: CstNode, map: PositionMap): { ast: Expr; diagnostics: Diagnostic[] } {
      this.map = map;
      this.diagnostics = [];
      const ast = this.visit(cst) as Expr;
      return { ast, diagnostics: this.diagnostics };
    }

    private tokenRange(token: IToken): SourceRange {
      return this.map.range(token.startOffset, token.endOffset! + 1);
    }

    private spanRange(first: CstNode | IToken, last: CstNode | IToken): SourceRange {
      const start = 'location' in first ? first.location!.startOffset : (first as IToken).startOffset;
      const end = 'location' in last ? last.location!.endOffset! : (last as IToken).endOffset!;
      return this.map.range(start, end + 1);
    }

    private report(code: string, message: string, range: SourceRange, hint?: string): Expr {
      this.diagnostics.push(hint === undefined ? { code, severity: 'error', message, range } : { code, severity: 'error', message, range, hint });
      return failed;
    }

    /** Folds `lhs (op rhs)*` left-associatively, each step's range spanning from the first operand. */
    private fold(lhs: CstNode, ops: IToken[] | undefined, rhs: CstNode[] | undefined, opOf: (token: IToken) => BinaryExpr['op']): Expr {
      let result = this.visit(lhs) as Expr;
      (rhs ?? []).forEach((node, i) => {
        result = f.binary(opOf(ops![i]!), result, this.visit(node) as Expr, this.spanRange(lhs, node));
      });
      return result;
    }

    expression(ctx: ExpressionCstChildren): Expr {
      return this.visit(ctx.orExpression[0]!) as Expr;
    }

    orExpression(ctx: OrExpressionCstChildren): Expr {
      return this.fold(ctx.lhs[0]!, ctx.Or, ctx.rhs, () => 'or');
    }

    andExpression(ctx: AndExpressionCstChildren): Expr {
      return this.fold(ctx.lhs[0]!, ctx.And, ctx.rhs, () => 'and');
    }

    notExpression(ctx: NotExpressionCstChildren): Expr {
      const operand = ctx.operand![0]!;
      const inner = this.visit(operand) as Expr;
      if (!ctx.Not) return inner;
      return f.unary('not', inner, this.spanRange(ctx.Not[0]!, operand));
    }

    comparisonExpression(ctx: ComparisonExpressionCstChildren): Expr {
      const lhsNode = ctx.lhs[0]!;
      const left = this.visit(lhsNode) as Expr;
      const negated = ctx.Not !== undefined;
      if (ctx.ComparisonOp) {
        const rhsNode = ctx.rhs![0]!;
        return f.binary(comparisonOps[ctx.ComparisonOp[0]!.image]!, left, this.visit(rhsNode) as Expr, this.spanRange(lhsNode, rhsNode));
      }
      if (ctx.Is) return f.isNull(left, ctx.isNot !== undefined, this.spanRange(lhsNode, ctx.Null![0]!));
      if (ctx.inList) {
        const list = ctx.inList[0]!;
        return f.inList(left, this.visit(list) as Expr[], negated, this.spanRange(lhsNode, list));
      }
      if (ctx.Between) {
        const high = ctx.high![0]!;
        return f.between(left, this.visit(ctx.low![0]!) as Expr, this.visit(high) as Expr, negated, this.spanRange(lhsNode, high));
      }
      if (ctx.Like) {
        const pattern = ctx.pattern![0]!;
        return f.like(left, this.visit(pattern) as Expr, negated, this.spanRange(lhsNode, pattern));
      }
      return left;
    }

    inList(ctx: InListCstChildren): Expr[] {
      return ctx.values.map((node) => this.visit(node) as Expr);
    }

    additiveExpression(ctx: AdditiveExpressionCstChildren): Expr {
      return this.fold(ctx.lhs[0]!, ctx.AdditionOp, ctx.rhs, (token) => token.image as ArithmeticOp);
    }

    multiplicativeExpression(ctx: MultiplicativeExpressionCstChildren): Expr {
      return this.fold(ctx.lhs[0]!, ctx.MultiplicationOp, ctx.rhs, (token) => token.image as ArithmeticOp);
    }

    unaryExpression(ctx: UnaryExpressionCstChildren): Expr {
      const operand = ctx.operand![0]!;
      const inner = this.visit(operand) as Expr;
      if (!ctx.Minus) return inner;
      const range = this.spanRange(ctx.Minus[0]!, operand);
      // `-5` is one literal, not an operation: simpler to bind and to print.
      if (inner.kind === 'literal' && inner.literalType === 'number') return f.number(-(inner.value as number), range);
      return f.unary('-', inner, range);
    }

    atomExpression(ctx: AtomExpressionCstChildren): Expr {
      const child =
        ctx.parenthesisExpression ?? ctx.caseExpression ?? ctx.literal ?? ctx.typedLiteral ?? ctx.lagCall ?? ctx.functionCall ?? ctx.reference;
      return this.visit(child![0]!) as Expr;
    }

    parenthesisExpression(ctx: ParenthesisExpressionCstChildren): Expr {
      return this.visit(ctx.expression[0]!) as Expr;
    }

    caseExpression(ctx: CaseExpressionCstChildren): Expr {
      const whens = ctx.when.map((node, i) => ({ when: this.visit(node) as Expr, then: this.visit(ctx.then[i]!) as Expr }));
      const otherwise = ctx.otherwise ? (this.visit(ctx.otherwise[0]!) as Expr) : null;
      return f.caseWhen(whens, otherwise, this.spanRange(ctx.Case[0]!, ctx.End[0]!));
    }

    literal(ctx: LiteralCstChildren): Expr {
      if (ctx.NumberLiteral) {
        const token = ctx.NumberLiteral[0]!;
        const value = Number(token.image);
        if (!Number.isFinite(value)) return this.report('expr-bad-literal', `number ${token.image} is too large`, this.tokenRange(token));
        return f.number(value, this.tokenRange(token));
      }
      if (ctx.StringLiteral) return f.string(unquoteString(ctx.StringLiteral[0]!.image), this.tokenRange(ctx.StringLiteral[0]!));
      if (ctx.True) return f.boolean(true, this.tokenRange(ctx.True[0]!));
      if (ctx.False) return f.boolean(false, this.tokenRange(ctx.False[0]!));
      return f.nullLiteral(this.tokenRange(ctx.Null![0]!));
    }

    typedLiteral(ctx: TypedLiteralCstChildren): Expr {
      const keyword = (ctx.DateKw ?? ctx.TimestampKw)![0]!;
      const text = unquoteString(ctx.StringLiteral[0]!.image).trim();
      const type = ctx.DateKw ? 'date' : 'timestamp';
      const range = this.spanRange(keyword, ctx.StringLiteral[0]!);
      const problem = invalidTimeText(text, type);
      if (problem) return this.report('expr-bad-literal', problem, this.tokenRange(ctx.StringLiteral[0]!));
      return type === 'date' ? f.date(text, range) : f.timestamp(text, range);
    }

    lagCall(ctx: LagCallCstChildren): Expr {
      const metric = this.visit(ctx.metric[0]!) as Expr;
      const offset = this.interval(ctx.count[0]!, ctx.grain[0]!);
      if (!offset) return failed;
      return f.lag(metric, offset, this.spanRange(ctx.name[0]!, ctx.RParen[0]!));
    }

    private interval(countToken: IToken, grainToken: IToken): IntervalExpr | undefined {
      const count = Number(countToken.image);
      const grain = grainFromWord(grainToken.image);
      if (!Number.isInteger(count) || count < 1 || count > 10_000) {
        this.report('expr-bad-literal', `a lag needs a whole number of periods from 1 to 10000, not ${countToken.image}`, this.tokenRange(countToken));
        return undefined;
      }
      if (!grain) {
        this.report('expr-bad-literal', `'${grainToken.image}' is not a grain`, this.tokenRange(grainToken), 'use day, week, month, quarter or year (singular or plural)');
        return undefined;
      }
      return f.interval(count, grain, this.spanRange(countToken, grainToken));
    }

    functionCall(ctx: FunctionCallCstChildren): Expr {
      const nameToken = ctx.name[0]!;
      const name = nameToken.image.toLowerCase();
      const args = (ctx.args ?? []).map((node) => this.visit(node) as Expr);
      if (!isFunctionName(name)) {
        return this.report(
          'expr-unknown-function',
          `unknown function '${nameToken.image}'`,
          this.tokenRange(nameToken),
          didYouMean(name, [...functionNames, 'lag']) ?? `functions are ${[...functionNames, 'lag'].join(', ')}`,
        );
      }
      return f.call(name, args, this.spanRange(nameToken, ctx.RParen[0]!));
    }

    reference(ctx: ReferenceCstChildren): Expr {
      const parts = ctx.parts.map((node) => this.visit(node) as string | undefined);
      if (parts.some((p) => p === undefined)) return failed;
      return f.ref(parts as string[], this.spanRange(ctx.parts[0]!, ctx.parts[ctx.parts.length - 1]!));
    }

    identifierPart(ctx: IdentifierPartCstChildren): string | undefined {
      if (ctx.QuotedIdentifier) {
        const token = ctx.QuotedIdentifier[0]!;
        const name = unquoteIdentifier(token.image);
        if (name.length === 0) {
          this.report('expr-syntax', 'a quoted identifier cannot be empty', this.tokenRange(token));
          return undefined;
        }
        return name;
      }
      return (ctx.Identifier ?? ctx.DateKw ?? ctx.TimestampKw)![0]!.image;
    }
  };
}
