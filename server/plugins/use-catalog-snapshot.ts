import type { Plugin } from 'graphql-yoga';
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { RequestStates } from '../context.js';

export interface CatalogSnapshotOptions {
  readonly store: CatalogStore;
  readonly states: RequestStates;
}

/**
 * Captures the catalog snapshot once, when a request arrives. Schema, validation and every resolver
 * of that request read this one snapshot, so a reload in the middle never mixes two versions.
 * Register it before the auth plugin.
 */
export function useCatalogSnapshot({ store, states }: CatalogSnapshotOptions): Plugin {
  return {
    onRequest({ request }) {
      states.set(request, { snapshot: store.current });
    },
  };
}
