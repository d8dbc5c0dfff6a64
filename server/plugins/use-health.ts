import type { Plugin } from 'graphql-yoga';
import type { CatalogStore } from '../catalog/catalog-store.js';

export interface WarehouseProbe {
  readonly name: string;
  readonly reachable: boolean;
  readonly latencyMs?: number;
  readonly error?: string;
}

export interface HealthOptions {
  readonly store: CatalogStore;
  /** Pings the warehouse (a trivial query with a short timeout). */
  readonly probeWarehouse: () => Promise<WarehouseProbe>;
  /** Default `/health`. */
  readonly endpoint?: string;
}

/**
 * `GET /health`: liveness (answering at all means the process is up), the catalog version being
 * served with the errors of the latest reload, and whether the warehouse answers. Status is 200
 * while the server can serve; `status: degraded` flags an unreachable warehouse or a failed reload
 * without making an orchestrator restart a healthy process.
 */
export function useHealth({ store, probeWarehouse, endpoint = '/health' }: HealthOptions): Plugin {
  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint) return;
      const { loaded, errors, checkedAt } = store.current;
      const warehouse = await probeWarehouse();
      const degraded = !warehouse.reachable || errors.length > 0;
      const body = {
        status: degraded ? 'degraded' : 'ok',
        catalog: {
          version: loaded.catalog.version,
          project: loaded.catalog.project.project,
          loadedAt: loaded.loadedAt.toISOString(),
          checkedAt: checkedAt.toISOString(),
          metrics: Object.keys(loaded.catalog.metrics).length,
          errors: errors.length,
        },
        warehouse,
      };
      endResponse(new fetchAPI.Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
    },
  };
}
