import { GraphQLError } from 'graphql';

/**
 * The stable error codes clients key on (`extensions.code`). Anything else a resolver throws is
 * masked as INTERNAL: clients never see stack traces, raw SQL errors or driver messages.
 */
export const CANON_ERROR_CODES = [
  'UNKNOWN_METRIC',
  'UNKNOWN_DIMENSION',
  'INVALID_FILTER',
  'INVALID_REQUEST',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'WAREHOUSE_UNAVAILABLE',
  'WAREHOUSE_QUERY_FAILED',
  'TIMEOUT',
  'ROW_LIMIT',
  'QUERY_TOO_COMPLEX',
  'INTERNAL',
] as const;

export type CanonErrorCode = (typeof CANON_ERROR_CODES)[number];

const KNOWN = new Set<string>(CANON_ERROR_CODES);

export function isCanonErrorCode(code: unknown): code is CanonErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

/** HTTP status used when an error ends a request before GraphQL execution. */
const HTTP_STATUS: Partial<Record<CanonErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** A user-facing error: a message safe to show and a stable code. */
export function canonError(
  code: CanonErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...details, ...(status ? { http: { status } } : {}) },
  });
}

/**
 * A GraphQLError from any copy of graphql-js: graphql-armor loads the CommonJS build while we load
 * the ESM one, so `instanceof` alone misses its errors.
 */
export function isGraphQLErrorLike(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError' && 'extensions' in error);
}

/** The nearest error in the `originalError` chain that carries one of our codes. */
export function codedError(error: unknown): GraphQLError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (isGraphQLErrorLike(current) && isCanonErrorCode(current.extensions?.['code'])) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** The code carried by an error (or by the error it wraps), when it is one of ours. */
export function canonCodeOf(error: unknown): CanonErrorCode | undefined {
  return codedError(error)?.extensions['code'] as CanonErrorCode | undefined;
}

/** Validation and coercion messages that name one of our codes. */
const BY_MESSAGE: readonly (readonly [RegExp, CanonErrorCode])[] = [
  [/in "MetricName" enum/, 'UNKNOWN_METRIC'],
  [/in "DimensionName" enum/, 'UNKNOWN_DIMENSION'],
  [/(Token|depth|Cost|Aliases|Directives) limit/i, 'QUERY_TOO_COMPLEX'],
];

/** The code a GraphQL parse/validation/coercion message implies, if any. */
export function codeFromMessage(message: string): CanonErrorCode | undefined {
  return BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
}
