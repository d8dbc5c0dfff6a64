import { Kind, OperationTypeNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { MemoisableAnswer } from '../context.js';
import type { CachedSource, MetricQueryService, MetricResultView } from './metric-query-service.js';

/**
 * The operation a request runs, when it is one whose answer is a pure function of its `query`
 * results: a query operation whose top-level fields are all `query(...)`. Every other field
 * (catalog, metrics, changelog...) reads state the memos do not track. Undefined when the
 * operation cannot be chosen (graphql-js reports that itself).
 */
export function pureQueryOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== OperationTypeNode.QUERY) return undefined;
  const pure = operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === 'query');
  return pure ? operation : undefined;
}

/** The name a request is counted under in Prometheus: the one asked for, else the operation's, else `anonymous`. */
export function operationLabel(operationName: string | null | undefined, operation: OperationDefinitionNode | undefined): string {
  return operationName ?? operation?.name?.value ?? 'anonymous';
}

/**
 * Whether the answer of a pure query operation (errors-free) may be remembered: each top-level
 * field was answered, and each answer came from the result cache (so its `cached: true` is already
 * right). A fresh answer is not remembered: the next one, from the cache, will be.
 */
export function memoisableAnswer(
  queries: MetricQueryService,
  served: readonly MetricResultView[],
  operation: OperationDefinitionNode,
  operationName: string,
): MemoisableAnswer | undefined {
  if (served.length !== operation.selectionSet.selections.length) return undefined;
  const sources = served.map((view) => queries.cachedSource(view));
  if (sources.some((s) => s === undefined)) return undefined;
  return { sources: sources as CachedSource[], operationName };
}
