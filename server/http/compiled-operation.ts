import type { DocumentNode, ExecutionResult, FieldNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { CanonContext } from '../context.js';
import { yogaGraphql, yogaGraphqlJit } from './yoga-graphql.js';

/** Runs one operation of a validated document against one schema: what graphql-js's `execute` returns for it. */
export type CompiledOperation = (contextValue: CanonContext, variables: Readonly<Record<string, unknown>> | undefined) => Promise<ExecutionResult> | ExecutionResult;

/**
 * One operation of a document yoga validated against this schema, compiled once by graphql-jit
 * into a function that coerces the variables, calls the resolvers and completes the result with
 * generated code: per request it does what graphql-js's `execute` does without re-reading the
 * document (graphql-js re-collects fields, re-reads the variable definitions and completes every
 * row of `rows: [JSONObject!]!` through its generic visitor on each call).
 *
 * The result is graphql-js's but for the error objects: graphql-jit's carry its own GraphQLError
 * (see `asGraphqlJsError`), so they are rebuilt as graphql-js builds them and yoga's error codes,
 * masking and counters see what they always saw. Variables that do not coerce give a result
 * without `data`, as graphql-js's do. When graphql-jit is unavailable or cannot compile the
 * operation, graphql-js's `execute` runs it.
 */
export function compileOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): CompiledOperation {
  const viaGraphqlJs: CompiledOperation = (contextValue, variableValues) =>
    yogaGraphql.execute({ schema, document, contextValue, variableValues, operationName });
  if (!yogaGraphqlJit) return viaGraphqlJs;
  let compiled: CompiledQuery | ExecutionResult;
  try {
    compiled = yogaGraphqlJit.compileQuery(schema, document, operationName);
  } catch {
    // A document graphql-jit cannot compile (graphql-js validated it, so it is graphql-jit's limit): run it as before.
    return viaGraphqlJs;
  }
  if (!yogaGraphqlJit.isCompiledQuery(compiled)) return viaGraphqlJs;
  // Variable errors (no `data`) are answered by yoga from scratch, so only field errors need
  // graphql-js's form, and its key order (`errors` before `data`), which yoga serialises as it is.
  const relocated = (result: ExecutionResult): ExecutionResult =>
    'data' in result && result.errors?.length ? { errors: result.errors.map((e) => asGraphqlJsError(e, operation)), data: result.data } : result;
  return (contextValue, variables) => {
    const result = compiled.query(undefined, contextValue, variables);
    return result instanceof Promise ? result.then(relocated) : relocated(result);
  };
}

/**
 * A field error as graphql-js's `locatedError` makes it: the original exception (or, for errors
 * graphql-jit raised itself such as a null in a non-null field, an Error with its message, as
 * graphql-js throws one) behind the error's path, located at the field's nodes. The direct path
 * runs operations of top-level `query` fields only, and resolvers only run there, so an error
 * below the top level is a completion error (an unexpected shape, INTERNAL after masking) and is
 * left without locations.
 */
function asGraphqlJsError(error: GraphQLError, operation: OperationDefinitionNode): GraphQLError {
  const path = error.path;
  const key = path?.length === 1 ? path[0] : undefined;
  const nodes = key === undefined ? undefined : operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === yogaGraphql.Kind.FIELD && (s.alias ?? s.name).value === key);
  return yogaGraphql.locatedError(error.originalError ?? new Error(error.message), nodes?.length ? nodes : undefined, path);
}
