// Generated from the grammar by chevrotain generateCstDts; test/expr/cst-dts.test.ts keeps it in sync.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  orExpression: OrExpressionCstNode[];
};

export interface OrExpressionCstNode extends CstNode {
  name: "orExpression";
  children: OrExpressionCstChildren;
}

export type OrExpressionCstChildren = {
  lhs: AndExpressionCstNode[];
  Or?: IToken[];
  rhs?: AndExpressionCstNode[];
};

export interface AndExpressionCstNode extends CstNode {
  name: "andExpression";
  children: AndExpressionCstChildren;
}

export type AndExpressionCstChildren = {
  lhs: NotExpressionCstNode[];
  And?: IToken[];
  rhs?: NotExpressionCstNode[];
};

export interface NotExpressionCstNode extends CstNode {
  name: "notExpression";
  children: NotExpressionCstChildren;
}

export type NotExpressionCstChildren = {
  Not?: IToken[];
  operand?: (NotExpressionCstNode | ComparisonExpressionCstNode)[];
};

export interface ComparisonExpressionCstNode extends CstNode {
  name: "comparisonExpression";
  children: ComparisonExpressionCstChildren;
}

export type ComparisonExpressionCstChildren = {
  lhs: AdditiveExpressionCstNode[];
  ComparisonOp?: IToken[];
  rhs?: AdditiveExpressionCstNode[];
  Is?: IToken[];
  isNot?: IToken[];
  Null?: IToken[];
  Not?: IToken[];
  inList?: InListCstNode[];
  Between?: IToken[];
  low?: AdditiveExpressionCstNode[];
  And?: IToken[];
  high?: AdditiveExpressionCstNode[];
  Like?: IToken[];
  pattern?: AdditiveExpressionCstNode[];
};

export interface InListCstNode extends CstNode {
  name: "inList";
  children: InListCstChildren;
}

export type InListCstChildren = {
  In: IToken[];
  LParen: IToken[];
  values: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface AdditiveExpressionCstNode extends CstNode {
  name: "additiveExpression";
  children: AdditiveExpressionCstChildren;
}

export type AdditiveExpressionCstChildren = {
  lhs: MultiplicativeExpressionCstNode[];
  AdditionOp?: IToken[];
  rhs?: MultiplicativeExpressionCstNode[];
};

export interface MultiplicativeExpressionCstNode extends CstNode {
  name: "multiplicativeExpression";
  children: MultiplicativeExpressionCstChildren;
}

export type MultiplicativeExpressionCstChildren = {
  lhs: UnaryExpressionCstNode[];
  MultiplicationOp?: IToken[];
  rhs?: UnaryExpressionCstNode[];
};

export interface UnaryExpressionCstNode extends CstNode {
  name: "unaryExpression";
  children: UnaryExpressionCstChildren;
}

export type UnaryExpressionCstChildren = {
  Minus?: IToken[];
  operand?: (UnaryExpressionCstNode | AtomExpressionCstNode)[];
};

export interface AtomExpressionCstNode extends CstNode {
  name: "atomExpression";
  children: AtomExpressionCstChildren;
}

export type AtomExpressionCstChildren = {
  parenthesisExpression?: ParenthesisExpressionCstNode[];
  caseExpression?: CaseExpressionCstNode[];
  literal?: LiteralCstNode[];
  typedLiteral?: TypedLiteralCstNode[];
  lagCall?: LagCallCstNode[];
  functionCall?: FunctionCallCstNode[];
  reference?: ReferenceCstNode[];
};

export interface ParenthesisExpressionCstNode extends CstNode {
  name: "parenthesisExpression";
  children: ParenthesisExpressionCstChildren;
}

export type ParenthesisExpressionCstChildren = {
  LParen: IToken[];
  expression: ExpressionCstNode[];
  RParen: IToken[];
};

export interface CaseExpressionCstNode extends CstNode {
  name: "caseExpression";
  children: CaseExpressionCstChildren;
}

export type CaseExpressionCstChildren = {
  Case: IToken[];
  When: IToken[];
  when: ExpressionCstNode[];
  Then: IToken[];
  then: ExpressionCstNode[];
  Else?: IToken[];
  otherwise?: ExpressionCstNode[];
  End: IToken[];
};

export interface LiteralCstNode extends CstNode {
  name: "literal";
  children: LiteralCstChildren;
}

export type LiteralCstChildren = {
  NumberLiteral?: IToken[];
  StringLiteral?: IToken[];
  True?: IToken[];
  False?: IToken[];
  Null?: IToken[];
};

export interface TypedLiteralCstNode extends CstNode {
  name: "typedLiteral";
  children: TypedLiteralCstChildren;
}

export type TypedLiteralCstChildren = {
  DateKw?: IToken[];
  TimestampKw?: IToken[];
  StringLiteral: IToken[];
};

export interface LagCallCstNode extends CstNode {
  name: "lagCall";
  children: LagCallCstChildren;
}

export type LagCallCstChildren = {
  name: IToken[];
  LParen: IToken[];
  metric: ExpressionCstNode[];
  Comma: IToken[];
  count: IToken[];
  grain: IToken[];
  RParen: IToken[];
};

export interface FunctionCallCstNode extends CstNode {
  name: "functionCall";
  children: FunctionCallCstChildren;
}

export type FunctionCallCstChildren = {
  name: IToken[];
  LParen: IToken[];
  args?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen: IToken[];
};

export interface ReferenceCstNode extends CstNode {
  name: "reference";
  children: ReferenceCstChildren;
}

export type ReferenceCstChildren = {
  parts: (IdentifierPartCstNode)[];
  Dot?: IToken[];
};

export interface IdentifierPartCstNode extends CstNode {
  name: "identifierPart";
  children: IdentifierPartCstChildren;
}

export type IdentifierPartCstChildren = {
  Identifier?: IToken[];
  QuotedIdentifier?: IToken[];
  DateKw?: IToken[];
  TimestampKw?: IToken[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  expression(children: ExpressionCstChildren, param?: IN): OUT;
  orExpression(children: OrExpressionCstChildren, param?: IN): OUT;
  andExpression(children: AndExpressionCstChildren, param?: IN): OUT;
  notExpression(children: NotExpressionCstChildren, param?: IN): OUT;
  comparisonExpression(children: ComparisonExpressionCstChildren, param?: IN): OUT;
  inList(children: InListCstChildren, param?: IN): OUT;
  additiveExpression(children: AdditiveExpressionCstChildren, param?: IN): OUT;
  multiplicativeExpression(children: MultiplicativeExpressionCstChildren, param?: IN): OUT;
  unaryExpression(children: UnaryExpressionCstChildren, param?: IN): OUT;
  atomExpression(children: AtomExpressionCstChildren, param?: IN): OUT;
  parenthesisExpression(children: ParenthesisExpressionCstChildren, param?: IN): OUT;
  caseExpression(children: CaseExpressionCstChildren, param?: IN): OUT;
  literal(children: LiteralCstChildren, param?: IN): OUT;
  typedLiteral(children: TypedLiteralCstChildren, param?: IN): OUT;
  lagCall(children: LagCallCstChildren, param?: IN): OUT;
  functionCall(children: FunctionCallCstChildren, param?: IN): OUT;
  reference(children: ReferenceCstChildren, param?: IN): OUT;
  identifierPart(children: IdentifierPartCstChildren, param?: IN): OUT;
}

