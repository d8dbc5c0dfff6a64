/**
 * The front door's execution step alone, in process: graphql-js's `execute` against the compiled
 * operation (server/http/compiled-operation.ts) on the same schema, document and variables, with
 * a query service stub that answers a fixed view of `--rows` rows (no compiler, no warehouse), then
 * `JSON.stringify` of the result. Interleaved, warm (back to back) and after a 5 ms idle gap (what
 * a request meets after its warehouse query). Figures, not pass/fail.
 *
 *   npx tsx bench/server-execute.ts [--rows 650] [--iterations 3000]
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { FULL_ACCESS } from '../server/access/access-scope.js';
import type { CanonContext } from '../server/context.js';
import { loadEngine } from '../server/engine.js';
import { yogaGraphql } from '../server/http/yoga-graphql.js';
import { compileOperation } from '../server/http/compiled-operation.js';
import { pureQueryOperation } from '../server/query/pure-query-operation.js';
import { buildCatalogSchema } from '../server/schema/build-schema.js';
import type { MetricQueryService, MetricResultView } from '../server/query/metric-query-service.js';
import type { CatalogSnapshot } from '../server/catalog/catalog-snapshot.js';
import { resolve } from 'node:path';

process.env['NODE_ENV'] ??= 'production';
const { values } = parseArgs({ options: { rows: { type: 'string' }, iterations: { type: 'string' } } });
const rowCount = Number(values.rows ?? 650);
const iterations = Number(values.iterations ?? 3000);

const engine = await loadEngine();
const catalog = engine.compileProject(resolve(import.meta.dirname, '..')).catalog!;
const schema = buildCatalogSchema(catalog, FULL_ACCESS, engine.dialectNames);
const text = 'query Bench($input: MetricQuery!) { query(input: $input) { rows rowCount cached } }';
const document = yogaGraphql.parse(text);
const operation = pureQueryOperation(document, 'Bench')!;
const compiled = compileOperation(schema, document, operation, 'Bench');

const rows = Array.from({ length: rowCount }, (_, i) => ({ metric_time__week: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`, source: `s${i % 7}`, leads_created: i * 3, mqls: i % 11 }));
const view = { columns: [], rows, rowCount, sql: 'select 1', bindings: [], cached: false, catalogVersion: catalog.version, warehouse: 'local', dialect: 'duckdb' } as unknown as MetricResultView;
const queries = { run: async () => view } as unknown as MetricQueryService;
const context = (): CanonContext =>
  ({ snapshot: { loaded: { catalog } } as unknown as CatalogSnapshot, principal: { id: 'bench', scope: FULL_ACCESS }, queries, changelog: undefined as never, limits: { maxRows: 10_000, timeoutMs: 30_000 }, served: [] });
const variables = (i: number): Record<string, unknown> => ({ input: { metrics: ['leads_created', 'mqls'], grain: 'WEEK', groupBy: ['source'], timeRange: { from: `2024-01-${String((i % 27) + 1).padStart(2, '0')}`, to: '2026-06-30' } } });

const variants = {
  'graphql-js execute': (i: number) => yogaGraphql.execute({ schema, document, contextValue: context(), variableValues: variables(i), operationName: 'Bench' }),
  'compiled operation': (i: number) => compiled(context(), variables(i)),
};
const times: Record<string, { warm: number[]; idle: number[] }> = {};
for (const name of Object.keys(variants)) times[name] = { warm: [], idle: [] };
for (let i = 0; i < iterations; i++) {
  for (const [name, run] of Object.entries(variants)) {
    if (i % 10 === 0) await sleep(5);
    const t = performance.now();
    const result = await run(i);
    const body = JSON.stringify(result);
    const us = (performance.now() - t) * 1000;
    if (!body.includes('"rowCount":')) throw new Error(body.slice(0, 300));
    if (i >= 200) (i % 10 === 0 ? times[name]!.idle : times[name]!.warm).push(us);
  }
}
const p50 = (list: number[]): number => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
process.stdout.write(`${rowCount} rows, ${iterations} iterations each, interleaved, execute + JSON.stringify, p50 µs:\n`);
for (const [name, t] of Object.entries(times)) process.stdout.write(`  ${name.padEnd(20)} warm ${p50(t.warm).toFixed(0).padStart(5)}   after a 5 ms idle gap ${p50(t.idle).toFixed(0).padStart(5)}\n`);
