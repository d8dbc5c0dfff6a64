import type { DocumentNode, GraphQLSchema } from 'graphql';

/** Documents kept per schema. Dashboards send a handful of query texts; anything past this is simply not remembered. */
const MAX_PER_SCHEMA = 500;

/**
 * Query texts yoga has parsed, validated (graphql-js rules and graphql-armor's depth, cost, alias,
 * directive and token limits) and started executing without an error, per schema object, with
 * the document it executed. Validation is a pure function of (schema, document), so a text
 * recorded here would pass again: the HTTP front door executes it without re-running yoga's
 * pipeline. Schemas are built once per (catalog version, access scope), so a reload or another
 * scope starts empty (a WeakMap: old schemas take their documents with them).
 */
export class ValidatedDocuments {
  private readonly bySchema = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();

  get(schema: GraphQLSchema, text: string): DocumentNode | undefined {
    return this.bySchema.get(schema)?.get(text);
  }

  remember(schema: GraphQLSchema, text: string, document: DocumentNode): void {
    let documents = this.bySchema.get(schema);
    if (!documents) {
      documents = new Map();
      this.bySchema.set(schema, documents);
    }
    if (documents.has(text) || documents.size >= MAX_PER_SCHEMA) return;
    documents.set(text, document);
  }
}
