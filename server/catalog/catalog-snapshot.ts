import type { GraphQLSchema } from 'graphql';
import type { Catalog } from '../../compiler/catalog/types.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { AccessScope } from '../access/access-scope.js';
import { scopeKey } from '../access/access-scope.js';

/** Builds the GraphQL schema a scope sees for a catalog. */
export type SchemaBuilder = (catalog: Catalog, scope: AccessScope) => GraphQLSchema;

/** Distinct scopes kept per catalog version; scopes come from configured teams, so few in practice. */
const MAX_SCHEMAS = 64;

/**
 * One good catalog version and the schemas built for it, one per access scope, each built once
 * (never per request) and dropped with the version.
 */
export class LoadedCatalog {
  private readonly schemas = new Map<string, GraphQLSchema>();
  /** Per scope object (a team's, shared by its principals): skips scopeKey's sort on every request. */
  private readonly byScope = new WeakMap<AccessScope, GraphQLSchema>();

  constructor(
    readonly catalog: Catalog,
    readonly loadedAt: Date,
    private readonly build: SchemaBuilder,
  ) {}

  schemaFor(scope: AccessScope): GraphQLSchema {
    const known = this.byScope.get(scope);
    if (known) return known;
    const key = scopeKey(scope);
    let schema = this.schemas.get(key);
    if (!schema) {
      schema = this.build(this.catalog, scope);
      if (this.schemas.size >= MAX_SCHEMAS) this.schemas.delete(this.schemas.keys().next().value as string);
      this.schemas.set(key, schema);
    }
    this.byScope.set(scope, schema);
    return schema;
  }
}

/**
 * What a request sees, captured once when it arrives: the last good catalog and the outcome of the
 * latest reload attempt. Immutable, so a reload during the request cannot change it half way.
 */
export interface CatalogSnapshot {
  readonly loaded: LoadedCatalog;
  /** Errors of the latest reload attempt; empty when it succeeded. */
  readonly errors: readonly Diagnostic[];
  /** When the latest reload was attempted. */
  readonly checkedAt: Date;
}
