import type { Catalog, DimensionType } from '../../compiler/catalog/types.js';
import { exprToText as exprText } from '../../compiler/expr/expr-to-text.js';
import * as ast from '../../compiler/expr/ast-factories.js';
import type { Expr, LiteralExpr } from '../../compiler/expr/ast.js';
import { parseExpression } from '../../compiler/expr/parse-expression.js';
import { canonError } from '../errors.js';
import { dimensionEntries } from '../schema/catalog-enums.js';

export type FilterOp = 'EQ' | 'NE' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IN' | 'NOT_IN' | 'IS_NULL' | 'IS_NOT_NULL' | 'BETWEEN';

/** One structured filter as GraphQL hands it over (dimension already mapped from the enum). */
export interface DimensionFilter {
  readonly dimension: string;
  readonly op: FilterOp;
  readonly values?: readonly string[] | null;
}

const COMPARISON: Partial<Record<FilterOp, '=' | '!=' | '>' | '>=' | '<' | '<='>> = {
  EQ: '=', NE: '!=', GT: '>', GTE: '>=', LT: '<', LTE: '<=',
};

/** How many values each operator takes: [min, max]. */
const ARITY: Record<FilterOp, readonly [number, number]> = {
  EQ: [1, 1], NE: [1, 1], GT: [1, 1], GTE: [1, 1], LT: [1, 1], LTE: [1, 1],
  IN: [1, 1000], NOT_IN: [1, 1000], IS_NULL: [0, 0], IS_NOT_NULL: [0, 0], BETWEEN: [2, 2],
};

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

/**
 * Structured filters -> one expression-language condition. The tree is built from AST nodes (a ref
 * for the dimension, typed literals for the values) and printed by the compiler's own printer, which
 * quotes strings; the compiler then parses and type-checks it like any `where`, and binds every
 * literal. Text from a client therefore only ever becomes a literal value.
 */
export function filtersToExpression(catalog: Catalog, filters: readonly DimensionFilter[]): Expr | undefined {
  if (filters.length === 0) return undefined;
  const types = dimensionTypes(catalog);
  const conditions = filters.map((filter) => filterExpr(filter, types.get(filter.dimension)));
  return conditions.reduce((left, right) => ast.binary('and', left, right));
}

/**
 * The request's `where` text and structured filters as one condition. `where` is parsed on its own
 * first (so text such as "a = 1) or (b = 2" stays the syntax error it is, instead of being rescued
 * by parentheses added around it); the trees are joined with AND and printed back as text.
 */
export function combinedFilter(catalog: Catalog, where: string | undefined, filters: readonly DimensionFilter[]): string | undefined {
  const parts: Expr[] = [];
  if (where !== undefined && where !== '') {
    const parsed = parseExpression(where);
    if (!parsed.ast) {
      const first = parsed.diagnostics[0];
      const at = first?.range ? ` at column ${first.range.start.col}` : '';
      throw canonError('INVALID_FILTER', `where: ${first?.message ?? 'not a valid expression'}${at}.`, {
        ...(first?.hint ? { hint: first.hint } : {}),
      });
    }
    parts.push(parsed.ast);
  }
  const structured = filtersToExpression(catalog, filters);
  if (structured) parts.push(structured);
  if (parts.length === 0) return undefined;
  return exprText(parts.reduce((left, right) => ast.binary('and', left, right)));
}

function dimensionTypes(catalog: Catalog): Map<string, DimensionType | undefined> {
  const types = new Map<string, DimensionType | undefined>();
  for (const entry of dimensionEntries(catalog)) {
    // A bare name shared by models of different types has no single type: treat values as text.
    const previous = types.get(entry.name);
    types.set(entry.name, previous === undefined && !types.has(entry.name) ? entry.dimension.type : previous === entry.dimension.type ? previous : undefined);
  }
  return types;
}

function filterExpr(filter: DimensionFilter, type: DimensionType | undefined): Expr {
  const values = filter.values ?? [];
  const [min, max] = ARITY[filter.op];
  if (values.length < min || values.length > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw canonError('INVALID_FILTER', `Filter ${filter.op} on '${filter.dimension}' takes ${wanted} value(s), got ${values.length}.`);
  }
  const operand = ast.ref(filter.dimension.split('.'));
  const literals = values.map((v) => literal(v, type, filter.dimension));
  const comparison = COMPARISON[filter.op];
  if (comparison) return ast.binary(comparison, operand, literals[0]!);
  switch (filter.op) {
    case 'IN':
      return ast.inList(operand, literals, false);
    case 'NOT_IN':
      return ast.inList(operand, literals, true);
    case 'IS_NULL':
      return ast.isNull(operand, false);
    case 'IS_NOT_NULL':
      return ast.isNull(operand, true);
    case 'BETWEEN':
      return ast.between(operand, literals[0]!, literals[1]!, false);
    default:
      throw new Error(`structured filter operator ${filter.op} has no translation`);
  }
}

function literal(text: string, type: DimensionType | undefined, dimension: string): LiteralExpr {
  switch (type) {
    case 'number': {
      // Plain decimal text only: exponents and the like would print differently than they parse.
      if (!NUMBER.test(text)) throw invalid(dimension, text, 'a number');
      return ast.number(Number(text));
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalid(dimension, text, 'true or false');
      return ast.boolean(text === 'true');
    case 'time':
      if (DATE.test(text) && !Number.isNaN(Date.parse(text))) return ast.date(text);
      if (TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')))) return ast.timestamp(text.replace('T', ' '));
      throw invalid(dimension, text, 'a date (YYYY-MM-DD) or timestamp (YYYY-MM-DD HH:MM:SS)');
    default:
      return ast.string(text);
  }
}

function invalid(dimension: string, text: string, wanted: string) {
  return canonError('INVALID_FILTER', `Filter value ${JSON.stringify(text)} for '${dimension}' is not ${wanted}.`);
}
