import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { CatalogLoadError } from '../../server/catalog/catalog-store.js';
import { createCanonServer } from '../../server/create-server.js';
import { loadEngine } from '../../server/engine.js';
import { EXAMPLE_QUERY } from '../../server/example-query.js';
import { ServerConfigError } from '../../server/server-config.js';
import { prepareSampleWarehouse } from '../../server/warehouse/prepare-sample.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../main.js';

const HELP = `Usage: canon serve [options]

Serve the GraphQL API (GraphiQL at /graphql, /health, /metrics) over the catalog, reloading it
when metrics/ or canon.yaml change.

Options:
  --project <dir>     Project root holding canon.yaml (default: current directory)
  --port <n>          Port (default: $PORT or 4000; 0 = any free port)
  --host <addr>       Address to bind (default: 127.0.0.1)
  --warehouse <name>  Warehouse from canon.yaml to query (default: default_warehouse)
  --sample-scale <n>  Size of the sample warehouse generated on first run (default: 1)
  --no-watch          Do not reload on file changes
  -h, --help          Show this help

Environment: CANON_API_KEYS (key or key=team, comma separated), CANON_JWT_SECRET,
CANON_REDIS_URL (share the result cache between instances).`;


export async function run(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        project: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        warehouse: { type: 'string' },
        'sample-scale': { type: 'string' },
        'no-watch': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`canon serve: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return EXIT_USAGE;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  const port = Number(values.port ?? process.env['PORT'] ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`canon serve: --port must be 0..65535, got '${values.port ?? process.env['PORT']}'\n`);
    return EXIT_USAGE;
  }
  const host = values.host ?? '127.0.0.1';
  const sampleScale = Number(values['sample-scale'] ?? 1);
  if (!(sampleScale > 0) || !Number.isFinite(sampleScale)) {
    process.stderr.write(`canon serve: --sample-scale must be a positive number, got '${values['sample-scale']}'\n`);
    return EXIT_USAGE;
  }
  const projectRoot = resolve(values.project ?? '.');
  const log = (message: string): void => void process.stderr.write(`canon serve: ${message}\n`);

  const engine = await loadEngine();
  const first = engine.compileProject(projectRoot);
  if (!first.catalog) return reportCatalogErrors(first.diagnostics);
  if (values.warehouse !== undefined && !(values.warehouse in first.catalog.project.warehouses)) {
    const known = Object.keys(first.catalog.project.warehouses).join(', ') || 'none';
    process.stderr.write(`canon serve: no warehouse '${values.warehouse}' in canon.yaml (known: ${known})\n`);
    return EXIT_USAGE;
  }
  await prepareSampleWarehouse({ engine, catalog: first.catalog, projectRoot, warehouse: values.warehouse, scale: sampleScale, log });

  let server;
  try {
    server = createCanonServer({
      projectRoot,
      engine,
      log,
      watch: values['no-watch'] ? false : {},
      ...(values.warehouse ? { warehouse: values.warehouse } : {}),
    });
  } catch (error) {
    if (error instanceof CatalogLoadError) return reportCatalogErrors(error.diagnostics);
    if (error instanceof ServerConfigError) {
      process.stderr.write(`canon serve: canon.yaml: ${error.message}\n`);
      return EXIT_ERRORS;
    }
    throw error;
  }
  const url = await server.listen(port, host);
  const catalog = server.store.current.loaded.catalog;
  process.stdout.write(
    `Canon GraphQL API for '${catalog.project.project}' (${Object.keys(catalog.metrics).length} metrics, catalog ${catalog.version.slice(0, 12)})\n` +
      `  GraphiQL  ${url}/graphql\n  health    ${url}/health\n  metrics   ${url}/metrics\n\nTry:\n${EXAMPLE_QUERY}`,
  );

  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log('stopping');
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT_OK;
}

function reportCatalogErrors(diagnostics: readonly Diagnostic[]): number {
  process.stderr.write('canon serve: the catalog has errors; fix them and start again (canon validate shows them all):\n');
  for (const d of diagnostics.filter((x) => x.severity === 'error')) {
    const where = d.range ? `${d.range.file}:${d.range.start.line}:${d.range.start.col}: ` : '';
    process.stderr.write(`  ${where}error ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}\n`);
  }
  return EXIT_ERRORS;
}
