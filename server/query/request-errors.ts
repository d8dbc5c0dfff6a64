import type { GraphQLError } from 'graphql';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { canonError, type CanonErrorCode } from '../errors.js';

/**
 * The API code for a compiler diagnostic about a request. Diagnostic codes are the compiler's
 * stable kebab-case codes; the API groups them into the few codes clients branch on.
 */
export function requestErrorCode(d: Diagnostic): CanonErrorCode {
  return REQUEST_CODES[d.code] ?? 'INVALID_REQUEST';
}

/** The planner's request diagnostics (compiler/plan) that have an API code of their own. */
const REQUEST_CODES: Readonly<Record<string, CanonErrorCode>> = {
  'unknown-metric': 'UNKNOWN_METRIC',
  'unknown-dimension': 'UNKNOWN_DIMENSION',
  'ambiguous-dimension': 'UNKNOWN_DIMENSION',
  // Every problem with `where` (syntax, names, types) is recoded `invalid-filter` by the planner.
  'invalid-filter': 'INVALID_FILTER',
};

/** The first error diagnostic as a GraphQL error; the others ride along in extensions. */
export function requestError(diagnostics: readonly Diagnostic[]): GraphQLError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0]!;
  const message = first.hint ? `${first.message} ${first.hint}` : first.message;
  return canonError(requestErrorCode(first), message, {
    diagnostics: errors.map((d) => ({ code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}) })),
  });
}
