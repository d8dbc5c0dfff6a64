import type { Plugin } from 'graphql-yoga';
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { RequestStates } from '../context.js';

export interface CatalogSnapshotOptions {
  readonly store: CatalogStore;
  readonly states: RequestStates;
}

/**
 * Captures the catalog snapshot once, when a request arrives. Schema, validation and every resolver
 * of that request read this one snapshot, so a reload in the middle never mixes two versions. A
 * request the HTTP front door hands over already has its state (captured on arrival there, and
 * the key its response may be remembered under names that version): it is kept.
 * Register it before the auth plugin.
 */
export function useCatalogSnapshot({ store, states }: CatalogSnapshotOptions): Plugin {
  return {
    onRequest({ request }) {
      if (!states.get(request)) states.set(request, { snapshot: store.current });
    },
  };
}
