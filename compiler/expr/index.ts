/** The expression language's public surface; import from here or from the named files. */
export type * from './ast.js';
export * as exprFactories from './ast-factories.js';
export { parseExpression, MAX_EXPRESSION_LENGTH, MAX_NESTING, MAX_TREE_DEPTH, type ParseResult, type ExprOrigin } from './parse-expression.js';
export { checkExpression, type CheckOptions, type CheckResult } from './check-expression.js';
export { mapScope, type ExprScope, type ScopeEntry } from './scope.js';
export { exprToText, identifierToText } from './expr-to-text.js';
export { walkExpr, mapExpr, childrenOf, exprDepth } from './walk-expr.js';
