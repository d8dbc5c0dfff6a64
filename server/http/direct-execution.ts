import type { IncomingHttpHeaders } from 'node:http';
import type { ExecutionResult } from 'graphql';
import type { CatalogSnapshot } from '../catalog/catalog-snapshot.js';
import type { CanonContext, MemoisableAnswer, Principal } from '../context.js';
import type { MetricQueryService } from '../query/metric-query-service.js';
import { memoisableAnswer, operationLabel } from '../query/pure-query-operation.js';
import type { ValidatedDocuments } from './validated-documents.js';

/** The GraphQL parameters of a JSON body, as the front door read them. */
export interface BodyParams {
  readonly query: string;
  readonly variables?: Record<string, unknown> | null;
  readonly operationName?: string | null;
}

/**
 * What came of executing a request directly:
 * - `answered`: no errors; the body is what yoga would have sent, with `contentType`;
 * - `executed`: the resolvers ran and the result (or exception) has errors: yoga must answer it
 *   (useDirectExecution hands it over, so codes, masking and counters are yoga's own);
 * - undefined: nothing ran (not eligible, not validated yet, or the variables do not coerce): yoga
 *   answers the request as usual.
 */
export type DirectOutcome =
  | { readonly kind: 'answered'; readonly body: string; readonly contentType: string; readonly operationName: string; readonly memoisable?: MemoisableAnswer }
  | { readonly kind: 'executed'; readonly executed: { readonly result: ExecutionResult } | { readonly error: unknown } };

export interface DirectExecutionOptions {
  readonly documents: ValidatedDocuments;
  readonly queries: MetricQueryService;
  /** The context yoga's resolvers get, for this snapshot and principal. */
  readonly contextFor: (snapshot: CatalogSnapshot, principal: Principal) => CanonContext;
}

/**
 * The response content type yoga picks for an `Accept` header (its result processors, see
 * graphql-yoga's use-result-processor), for the headers a dashboard or fetch client sends.
 * Any other `Accept` is left to yoga.
 */
const CONTENT_TYPE_FOR_ACCEPT: ReadonlyMap<string | undefined, string> = new Map([
  [undefined, 'application/json; charset=utf-8'],
  ['*/*', 'application/json; charset=utf-8'],
  ['application/json', 'application/json; charset=utf-8'],
  ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
  ['application/graphql-response+json, application/json', 'application/graphql-response+json; charset=utf-8'],
]);

/**
 * Headers with which yoga's answer is the plain JSON result and a content type (no CORS headers,
 * a known result format, a JSON body in UTF-8): the content type yoga would send, else undefined.
 */
export function directContentType(headers: IncomingHttpHeaders): string | undefined {
  if (headers.origin !== undefined || headers['access-control-request-method'] !== undefined || headers['access-control-request-headers'] !== undefined) return undefined;
  const type = headers['content-type'];
  if (type !== 'application/json' && type?.toLowerCase().replace(/\s/g, '') !== 'application/json;charset=utf-8') return undefined;
  return CONTENT_TYPE_FOR_ACCEPT.get(headers.accept);
}

/** A parsed body that is exactly `{ query, variables?, operationName? }` with the types GraphQL-over-HTTP allows. */
export function bodyParams(parsed: unknown): BodyParams | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const params = parsed as Record<string, unknown>;
  for (const key in params) if (key !== 'query' && key !== 'variables' && key !== 'operationName') return undefined;
  const { query, variables, operationName } = params;
  if (typeof query !== 'string') return undefined;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return params as unknown as BodyParams;
}

/**
 * Executes a dashboard query (a query operation of `query(...)` fields only) whose text yoga has
 * already validated against this very schema, compiled once per (schema, text, operation) by
 * graphql-jit (see compiled-operation.ts): no Request/Response objects, no envelop hooks, no
 * re-validation. Authentication and the catalog snapshot come from
 * the front door; access scope (the schema is the principal's), permissions, the timeout and the
 * row cap are enforced by the schema and the resolvers as on yoga's path, with the same context.
 */
export async function executeDirectly(options: DirectExecutionOptions, snapshot: CatalogSnapshot, principal: Principal, params: BodyParams, contentType: string): Promise<DirectOutcome | undefined> {
  const schema = snapshot.loaded.schemaFor(principal.scope);
  const direct = options.documents.get(schema, params.query)?.directOperation(params.operationName);
  if (!direct) return undefined;
  const { operation } = direct;
  const contextValue = options.contextFor(snapshot, principal);
  let result: ExecutionResult;
  try {
    result = await direct.run(contextValue, params.variables ?? undefined);
  } catch (error) {
    return { kind: 'executed', executed: { error } };
  }
  // No `data`: a request error (variables that do not coerce) raised before any resolver ran; yoga answers it from scratch.
  if (!('data' in result)) return undefined;
  if (result.errors?.length || result.extensions) return { kind: 'executed', executed: { result } };
  const operationName = operationLabel(params.operationName, operation);
  const memoisable = memoisableAnswer(options.queries, contextValue.served, operation, operationName);
  return { kind: 'answered', body: JSON.stringify(result), contentType, operationName, ...(memoisable ? { memoisable } : {}) };
}
