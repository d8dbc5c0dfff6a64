import type { GraphQLError } from 'graphql';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { canonError, type CanonErrorCode } from '../errors.js';

/**
 * The API code for a compiler diagnostic about a request. Diagnostic codes are the compiler's
 * stable kebab-case codes; the API groups them into the few codes clients branch on.
 */
export function requestErrorCode(d: Diagnostic): CanonErrorCode {
  const code = d.code;
  if (/unknown-metric|metric-not-found/.test(code)) return 'UNKNOWN_METRIC';
  if (/unknown-dimension|ambiguous-dimension|dimension-not-found|unreachable-dimension|no-join-path/.test(code)) {
    return 'UNKNOWN_DIMENSION';
  }
  // Everything the expression language reports about `where` text (syntax, names, types).
  if (/where|filter|expr|syntax|token|parse|type-|unknown-identifier|unknown-name|not-boolean|unit|literal|function/.test(code)) {
    return 'INVALID_FILTER';
  }
  return 'INVALID_REQUEST';
}

/** The first error diagnostic as a GraphQL error; the others ride along in extensions. */
export function requestError(diagnostics: readonly Diagnostic[]): GraphQLError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0]!;
  const message = first.hint ? `${first.message} ${first.hint}` : first.message;
  return canonError(requestErrorCode(first), message, {
    diagnostics: errors.map((d) => ({ code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}) })),
  });
}
