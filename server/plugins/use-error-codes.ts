import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { canonCodeOf, codedError, codeFromMessage, isGraphQLErrorLike, type CanonErrorCode } from '../errors.js';
import type { ServerMetrics } from '../observability/server-metrics.js';

export interface ErrorCodesOptions {
  /** Counts every returned error by code. */
  readonly metrics?: ServerMetrics;
}

/**
 * The code an error without one gets. Parse and validation errors are always the client's request
 * (armor rewrites some and keeps the original inside); at execution an error wrapping an unknown
 * exception is INTERNAL.
 */
function classify(error: GraphQLError, phase: 'validate' | 'execute'): CanonErrorCode {
  const known = canonCodeOf(error);
  if (known) return known;
  const byMessage = codeFromMessage(error.message);
  if (byMessage) return byMessage;
  return phase === 'execute' && error.originalError ? 'INTERNAL' : 'INVALID_REQUEST';
}

function withCode(error: GraphQLError, code: CanonErrorCode): GraphQLError {
  if (error.extensions['code'] === code) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/**
 * Every error a client receives carries a stable `extensions.code`. Errors we raise keep theirs;
 * unknown enum values become UNKNOWN_METRIC / UNKNOWN_DIMENSION, armor rejections
 * QUERY_TOO_COMPLEX, other validation errors INVALID_REQUEST. Unexpected errors are masked by
 * `maskError` below (yoga's masking hook) as INTERNAL, with no stack and no SQL.
 */
export function useErrorCodes({ metrics }: ErrorCodesOptions = {}): Plugin {
  const relabel = (errors: readonly Error[], phase: 'validate' | 'execute'): Error[] =>
    errors.map((raw) => {
      if (!isGraphQLErrorLike(raw)) return raw;
      const code = classify(raw, phase);
      // An unexpected exception is left whole for maskError, which logs it and hides its message;
      // relabelling it here would carry the raw message past the mask.
      if (code === 'INTERNAL') return raw;
      metrics?.errors.inc({ code });
      return withCode(raw, code);
    });
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(relabel(result, 'validate'));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if ('errors' in result && result.errors?.length) {
            setResult({ ...result, errors: relabel(result.errors, 'execute') });
          }
        },
      };
    },
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (isGraphQLErrorLike(result)) replaceParseResult(withCode(result, classify(result, 'validate')));
      };
    },
  };
}

/**
 * yoga `maskedErrors.maskError`: keep coded and client errors, hide everything else behind INTERNAL.
 * Errors thrown (rather than returned) during validation, such as armor's rejections, reach only
 * this hook, so it counts those itself.
 */
export function createMaskError(log: (message: string) => void = () => {}, metrics?: ServerMetrics) {
  return (error: unknown): Error => {
    if (isGraphQLErrorLike(error)) {
      const coded = codedError(error);
      if (coded) {
        return new GraphQLError(coded.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          extensions: { ...coded.extensions },
        });
      }
      // No wrapped exception: a parse, validation or armor rejection of the client's document.
      if (!error.originalError) {
        const code = classify(error, 'validate');
        if (error.extensions?.['code'] !== code) metrics?.errors.inc({ code });
        return withCode(error, code);
      }
    }
    const original = isGraphQLErrorLike(error) ? error.originalError : error;
    log(`internal error: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
    metrics?.errors.inc({ code: 'INTERNAL' });
    return new GraphQLError('Unexpected error.', {
      ...(isGraphQLErrorLike(error) ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: 'INTERNAL' },
    });
  };
}
