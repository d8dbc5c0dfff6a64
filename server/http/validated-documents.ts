import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { pureQueryOperation } from '../query/pure-query-operation.js';
import { compileOperation, type CompiledOperation } from './compiled-operation.js';

/** Documents kept per schema. Dashboards send a handful of query texts; anything past this is simply not remembered. */
const MAX_PER_SCHEMA = 500;

/** A dashboard operation of a validated document, ready to run. */
export interface DirectOperation {
  readonly operation: OperationDefinitionNode;
  readonly run: CompiledOperation;
}

/**
 * A document yoga validated against one schema. Its operations are looked up and compiled on first
 * use, once per operation name: a document is a pure function of its text and the schema is fixed,
 * so neither can change afterwards.
 */
export class ValidatedDocument {
  /** Operation name ('' for none) -> the operation, or null when it is not a pure `query(...)` one. */
  private readonly operations = new Map<string, DirectOperation | null>();
  private operationNames: Set<string> | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    readonly document: DocumentNode,
  ) {}

  /** The operation a request runs when it is a query of `query(...)` fields only; else undefined (yoga answers it). */
  directOperation(operationName: string | null | undefined): DirectOperation | undefined {
    const name = operationName ?? '';
    let found = this.operations.get(name);
    if (found === undefined) {
      const operation = pureQueryOperation(this.document, operationName);
      found = operation
        ? { operation, run: compileOperation(this.schema, this.document, operation, operationName ?? undefined) }
        : null;
      // Only names of this document's operations are kept: the name comes from the request, so
      // remembering every name asked for would let one text grow the table without bound.
      if (operation || this.names().has(name)) this.operations.set(name, found);
    }
    return found ?? undefined;
  }

  /** The document's operation names ('' for an anonymous one). */
  private names(): Set<string> {
    this.operationNames ??= new Set(
      this.document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? ''] : [])),
    );
    return this.operationNames;
  }
}

/**
 * Query texts yoga has parsed, validated (graphql-js rules and graphql-armor's depth, cost, alias,
 * directive and token limits) and started executing without an error, per schema object, with
 * the document it executed. Validation is a pure function of (schema, document), so a text
 * recorded here would pass again: the HTTP front door executes it without re-running yoga's
 * pipeline. Schemas are built once per (catalog version, access scope), so a reload or another
 * scope starts empty (a WeakMap: old schemas take their documents, and their compiled operations,
 * with them).
 */
export class ValidatedDocuments {
  private readonly bySchema = new WeakMap<GraphQLSchema, Map<string, ValidatedDocument>>();

  get(schema: GraphQLSchema, text: string): ValidatedDocument | undefined {
    return this.bySchema.get(schema)?.get(text);
  }

  remember(schema: GraphQLSchema, text: string, document: DocumentNode): void {
    let documents = this.bySchema.get(schema);
    if (!documents) {
      documents = new Map();
      this.bySchema.set(schema, documents);
    }
    if (documents.has(text) || documents.size >= MAX_PER_SCHEMA) return;
    documents.set(text, new ValidatedDocument(schema, document));
  }
}
