/**
 * Median and percentile measures executed on every enabled engine, against answers worked out by
 * hand from EDGE_TABLES' deal amounts (continuous percentile: the value at rank p·(n-1), linearly
 * interpolated between neighbours; nulls ignored). An engine whose dialect has no exact percentile
 * aggregate must refuse the request with a located diagnostic, not approximate it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { getDialect } from '../../adapters/dialect-registry.js';
import { runRequest } from '../../compiler/compile-request.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { openTestConnection, testEngines } from '../support/engines.js';
import { edgeCatalog, loadEdgeTables } from './edge-project.js';

const catalog = edgeCatalog();

for (const engine of testEngines()) {
  describe.skipIf(!engine.enabled)(`median and percentile on ${engine.name}`, () => {
    const dialect = getDialect(engine.name)!;
    let connection: WarehouseConnection;
    beforeAll(async () => {
      connection = await openTestConnection(engine.name, engine.isServer ? { schema: 'canon_it_percentile' } : {});
      await loadEdgeTables(connection, engine.name);
    });
    afterAll(async () => {
      await connection?.close();
    });

    const run = (request: MetricRequest) => runRequest(catalog, request, connection, dialect);

    it.runIf(dialect.supportsPercentile)('computes an interpolated percentile and the median, by period and by dimension', async () => {
      // Amounts: 200 and null in January, 100 in February (local), 50 and 25 in April (local), 300 in May.
      const all = await run({ metrics: ['median_amount', 'p90_amount'] });
      expect(all.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // [25, 50, 100, 200, 300]: median 100; p90 at rank 3.6 -> 200 + 0.6 * 100.
      expect(all.rows).toEqual([{ median_amount: 100, p90_amount: 260 }]);

      const byMonth = await run({ metrics: ['median_amount', 'p90_amount'], grain: 'month' });
      expect(byMonth.rows).toEqual([
        { metric_time: '2026-01-01', median_amount: 200, p90_amount: 200 },
        { metric_time: '2026-02-01', median_amount: 100, p90_amount: 100 },
        // [25, 50]: median 37.5; p90 at rank 0.9 -> 25 + 0.9 * 25.
        { metric_time: '2026-04-01', median_amount: 37.5, p90_amount: 47.5 },
        { metric_time: '2026-05-01', median_amount: 300, p90_amount: 300 },
      ]);

      const byStage = await run({ metrics: ['median_amount', 'p90_amount'], groupBy: ['stage'], orderBy: [{ field: 'stage' }] });
      expect(byStage.rows).toEqual([
        { stage: 'lost', median_amount: 25, p90_amount: 25 },
        { stage: 'open', median_amount: 50, p90_amount: 50 },
        // [100, 200, 300]: p90 at rank 1.8 -> 200 + 0.8 * 100.
        { stage: 'won', median_amount: 200, p90_amount: 280 },
      ]);
    });

    it.runIf(!dialect.supportsPercentile)('refuses percentile measures with a diagnostic instead of approximating', async () => {
      const result = await run({ metrics: ['median_amount'] });
      expect(result.rows).toEqual([]);
      expect(result.diagnostics.map((d) => d.code)).toContain('unsupported-aggregation');
      expect(result.diagnostics.find((d) => d.code === 'unsupported-aggregation')?.message).toContain("measure 'median_amount'");
    });
  });
}
