import type { GraphQLSchema } from 'graphql';
import { createSchema } from 'graphql-yoga';
import type { Catalog } from '../../compiler/catalog/types.js';
import type { AccessScope } from '../access/access-scope.js';
import type { CanonContext } from '../context.js';
import { BASE_TYPE_DEFS } from './base-type-defs.js';
import {
  dialectEntries, dimensionEntries, enumSdl, enumValueMap, focusAreaEntries, metricEntries, ownerEntries,
} from './catalog-enums.js';
import { resolvers } from './resolvers.js';

/**
 * The GraphQL schema one access scope sees for one catalog version. Metric and focus-area enums hold
 * only what the scope may see, so hidden names fail validation and do not show in introspection.
 * Called once per (catalog version, scope) by LoadedCatalog, never per request.
 */
export function buildCatalogSchema(catalog: Catalog, scope: AccessScope, dialects: readonly string[]): GraphQLSchema {
  const metrics = metricEntries(catalog, scope);
  const dimensions = dimensionEntries(catalog);
  const focusAreas = focusAreaEntries(catalog, scope);
  const owners = ownerEntries(catalog);
  const dialectValues = dialectEntries(dialects);
  const typeDefs = [
    BASE_TYPE_DEFS,
    enumSdl('MetricName', `Metrics of catalog ${catalog.version.slice(0, 12)}.`, metrics),
    enumSdl('DimensionName', 'Dimensions to group and filter by: `stage`, or entity-qualified `account__segment` (account.segment).', dimensions),
    enumSdl('FocusAreaName', 'RevOps focus areas.', focusAreas),
    enumSdl('OwnerName', 'Teams and people who own KPIs.', owners),
    enumSdl('Dialect', 'SQL dialects `compile` can target.', dialectValues),
  ].join('\n');
  return createSchema<CanonContext>({
    typeDefs,
    resolvers: {
      ...resolvers,
      MetricName: enumValueMap(metrics),
      DimensionName: enumValueMap(dimensions),
      FocusAreaName: enumValueMap(focusAreas),
      OwnerName: enumValueMap(owners),
      Dialect: enumValueMap(dialectValues),
    },
  });
}
