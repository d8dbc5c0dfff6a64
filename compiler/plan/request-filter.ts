/**
 * The request `where` text: parsed and checked by the expression language in `filter` context,
 * against the dimensions reachable from one leaf model. The text never reaches SQL: identifiers
 * must name catalog dimensions and literals become bindings when the tree is lowered.
 */
import type { Catalog } from '../catalog/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Expr } from '../expr/ast.js';
import { checkExpression } from '../expr/check-expression.js';
import { parseExpression } from '../expr/parse-expression.js';
import type { ExprScope, ScopeEntry } from '../expr/scope.js';
import { PerCatalogPair } from './catalog-memo.js';
import { localiseTimeLiterals } from './local-time-literals.js';
import { reachDimension, reachableDimensionNames } from './dimension-reach.js';
import { list } from '../sql/build.js';
import { dimensionNamed } from './catalog-index.js';

export function parseRequestFilter(text: string): { ast?: Expr; diagnostics: Diagnostic[] } {
  const parsed = parseExpression(text);
  return parsed.ast ? { ast: parsed.ast, diagnostics: [] } : { diagnostics: parsed.diagnostics.map(asInvalidFilter) };
}

const entryMemo = new PerCatalogPair<ScopeEntry | undefined>();

/** Dimensions reachable from `model`, as the checker's scope. Entries are memoised per catalog. */
export function dimensionScope(catalog: Catalog, model: string): ExprScope {
  return new DimensionScope(catalog, model);
}

// A class rather than an object of closures: one is made per leaf model and request.
class DimensionScope implements ExprScope {
  constructor(private readonly catalog: Catalog, private readonly model: string) {}

  resolve(path: readonly string[]): ScopeEntry | undefined {
    return entryMemo.get(this.catalog, this.model, path.join('.'), scopeEntry);
  }

  candidates(): string[] {
    return reachableDimensionNames(this.catalog, this.model);
  }
}

function scopeEntry(catalog: Catalog, model: string, name: string): ScopeEntry | undefined {
  const reach = reachDimension(catalog, model, name);
  if (reach.kind !== 'found') return undefined;
  // A one-to-many hop needs a key on `model` to de-duplicate rows on; without one the
  // dimension is out of reach for filtering, as it is for grouping (fan-out-join).
  if (reach.dimension.hops.some((h) => h.fanOut) && !catalog.models[model]!.entities.some((e) => e.type !== 'foreign')) return undefined;
  const dim = dimensionNamed(catalog, reach.dimension.model, reach.dimension.name)!;
  return {
    kind: 'dimension',
    model: reach.dimension.model,
    name: dim.name,
    entityPath: reach.dimension.hops.map((h) => h.entity),
    type: dim.type,
  };
}

/** The filter resolved for one leaf model, or diagnostics (all recoded `invalid-filter`). */
export function resolveRequestFilter(catalog: Catalog, ast: Expr, model: string): { expr?: Expr; diagnostics: Diagnostic[] } {
  const checked = checkExpression(ast, dimensionScope(catalog, model), { context: 'filter', expect: 'boolean' });
  // Literals are local times; the stored timestamps UTC (local-time-literals.ts).
  if (checked.expr) return { expr: localiseTimeLiterals(catalog, checked.expr), diagnostics: list<Diagnostic>() };
  // A loop into list(), like the success path's: one array map for the planner's loop over them.
  const diagnostics = list<Diagnostic>();
  for (const d of checked.diagnostics) {
    const recoded = asInvalidFilter(d);
    diagnostics.push({ ...recoded, message: `${recoded.message} (from model '${model}')` });
  }
  return { diagnostics };
}

function asInvalidFilter(d: Diagnostic): Diagnostic {
  return d.code === 'invalid-filter' ? d : { ...d, code: 'invalid-filter', message: `filter: ${d.message}` };
}
