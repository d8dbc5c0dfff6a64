import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceRange } from '../source/source.js';
import type { Expr, ExprType } from './ast.js';
import * as f from './ast-factories.js';
import type { CheckOptions } from './check-expression.js';
import { booleanType, incompatibility, isBooleanish, isWildcard, nullType, numberType, stringType, timeType, typeToText, unknownType } from './expr-types.js';
import { invalidTimeText } from './literal-text.js';
import type { ExprScope, ScopeEntry } from './scope.js';

/** A checked node: its resolved replacement and its type. */
export interface Typed {
  readonly expr: Expr;
  readonly type: ExprType;
}

/** `a number (currency)`, `a string`, `of unknown type`: for messages. */
export function article(type: ExprType): string {
  const text = typeToText(type);
  return type.base === 'unknown' ? 'of unknown type' : `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

/** How each node kind is checked; supplied by check-expression.ts, which owns the rules. */
export type Dispatch = (node: Expr, checker: Checker) => Typed;

/** State of one check: where diagnostics go, plus the checks several rules share. */
export class Checker {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly scope: ExprScope,
    readonly options: CheckOptions,
    private readonly dispatch: Dispatch,
  ) {}

  check(node: Expr): Typed {
    return this.dispatch(node, this);
  }

  report(code: string, message: string, range: SourceRange | undefined, hint?: string): void {
    const diagnostic: Diagnostic = { code, severity: 'error', message, ...(range ? { range } : {}), ...(hint ? { hint } : {}) };
    this.diagnostics.push(diagnostic);
  }

  /** Checks a node that must be a condition (`and`/`or`/`not` operands, `when` clauses). */
  condition(node: Expr, what: string): Typed {
    const typed = this.check(node);
    if (!isBooleanish(typed.type)) this.report('expr-not-boolean', `${what} must be a true/false condition, but this is ${article(typed.type)}`, node.range);
    return typed;
  }

  /**
   * Reports when `other` cannot stand beside `anchor` (compared, listed, or as another branch).
   * A string literal next to a time becomes a date/timestamp literal, so `closed_at >= '2026-01-01'`
   * works as analysts expect, with the text validated here rather than by the warehouse.
   */
  compatible(anchor: Typed, other: Typed, verb = 'compared'): Typed {
    const coerced = this.coerceToTime(other, anchor.type);
    const problem = incompatibility(anchor.type, coerced.type, verb);
    if (problem) this.report(problem.code, problem.message, coerced.expr.range ?? anchor.expr.range, quoteHint(anchor, coerced));
    return coerced;
  }

  coerceToTime(typed: Typed, target: ExprType): Typed {
    const e = typed.expr;
    if (target.base !== 'time' || e.kind !== 'literal' || e.literalType !== 'string') return typed;
    const text = String(e.value).trim();
    const asDate = invalidTimeText(text, 'date') === undefined;
    const problem = asDate ? undefined : invalidTimeText(text, 'timestamp');
    if (problem) {
      this.report('expr-bad-literal', problem, e.range);
      return { expr: e, type: unknownType };
    }
    return { expr: asDate ? f.date(text, e.range) : f.timestamp(text, e.range), type: timeType };
  }

  resolveRef(path: readonly string[], range: SourceRange | undefined): Typed | undefined {
    const entry = this.scope.resolve(path);
    if (entry) return fromEntry(entry, range);
    const name = path.join('.');
    const noun = this.options.context === 'derived' ? 'metric' : this.options.context === 'model' ? 'column or dimension' : 'dimension';
    // An unquoted value (`stage = closed_won`) is the commonest cause when no name is close.
    const hint = didYouMean(name, this.scope.candidates()) ?? (this.options.context === 'derived' ? undefined : `if you meant the text, quote it: '${name}'`);
    this.report('unknown-identifier', `unknown ${noun} '${name}'`, range, hint);
    return undefined;
  }
}

/** `stage = 5` most often means the text '5'. */
function quoteHint(anchor: Typed, other: Typed): string | undefined {
  const e = other.expr;
  if (anchor.type.base !== 'string' || e.kind !== 'literal' || (e.literalType !== 'number' && e.literalType !== 'boolean')) return undefined;
  return `write the value in single quotes: '${String(e.value)}'`;
}

function fromEntry(entry: ScopeEntry, range: SourceRange | undefined): Typed {
  switch (entry.kind) {
    case 'column':
      return { expr: f.column(entry.name, range), type: unknownType };
    case 'metric':
      return { expr: f.metric(entry.name, range), type: numberType(entry.unit) };
    case 'dimension': {
      const type: Record<typeof entry.type, ExprType> = {
        categorical: stringType,
        time: timeType,
        boolean: booleanType,
        number: numberType(entry.unit ?? 'number'),
      };
      return { expr: f.dimension(entry.model, entry.name, entry.entityPath, range), type: type[entry.type] };
    }
  }
}

export /** The common type of several values that may stand in one place (case branches, coalesce args). */
function unify(c: Checker, items: readonly Typed[]): { items: Typed[]; type: ExprType } {
  const anchor = items.find((t) => !isWildcard(t.type));
  if (!anchor) return { items: [...items], type: items.some((t) => t.type.base === 'unknown') ? unknownType : nullType };
  let type = anchor.type;
  const out = items.map((item) => {
    const checked = item === anchor ? item : c.compatible(anchor, item, 'mixed as results of one expression');
    // A unitless number beside a unit takes that unit: `coalesce(arr, 0)` is currency.
    if (type.base === 'number' && checked.type.base === 'number' && type.unit === 'number') type = checked.type;
    return checked;
  });
  return { items: out, type };
}

