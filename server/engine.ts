import type { SqlValue, WarehouseConnection } from '../adapters/connection.js';
import type { Catalog, WarehouseConfig } from '../compiler/catalog/types.js';
import type { CompileResult } from '../compiler/compile-project.js';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import type { MetricRequest } from '../compiler/request/request.js';

/** A result column as the API reports it. */
export interface ResultColumn {
  readonly name: string;
  /** `metric`, `dimension`, `time` (metric_time) or `comparison`. */
  readonly kind: string;
  readonly unit?: string;
  readonly format?: string;
}

export interface CompiledRequest {
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
  readonly columns: readonly ResultColumn[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler and adapter entry points the server calls, behind one seam so the server holds no
 * engine knowledge and loads the drivers lazily.
 */
export interface CanonEngine {
  /** Compile the project on disk (canon.yaml + catalog folder). */
  compileProject(projectRoot: string): CompileResult;
  /** Dialect names the registry knows (`compile(dialect:)` accepts exactly these). */
  readonly dialectNames: readonly string[];
  compileRequest(catalog: Catalog, request: MetricRequest, dialect: string): CompiledRequest;
  openConnection(config: WarehouseConfig, projectRoot: string): Promise<WarehouseConnection>;
  /** Generate the deterministic sample warehouse and load it through the connection. */
  loadSample(connection: WarehouseConnection, options?: { seed?: number; scale?: number }): Promise<void>;
}

/** The real engine: compiler, dialect registry, adapters and sample generator, imported on first use. */
export async function loadEngine(): Promise<CanonEngine> {
  const [project, source, request, registry, connect, generate, load] = await Promise.all([
    import('../compiler/compile-project.js'),
    import('../compiler/source/fs-source.js'),
    import('../compiler/compile-request.js'),
    import('../adapters/dialect-registry.js'),
    import('../adapters/connect.js'),
    import('../sample/generate-sample.js'),
    import('../sample/load-sample.js'),
  ]);
  return {
    compileProject: (root) => project.compileProject(source.directorySource(root)),
    dialectNames: registry.dialectNames(),
    compileRequest(catalog, metricRequest, dialect) {
      const compiled = request.compileRequest(catalog, metricRequest, requireDialect(registry.getDialect(dialect), dialect));
      return {
        sql: compiled.sql,
        bindings: compiled.bindings,
        columns: compiled.columns.map(toResultColumn),
        diagnostics: compiled.diagnostics,
      };
    },
    openConnection: (config, root) => connect.openConnection(config, root),
    async loadSample(connection, options = {}) {
      await load.loadSample(connection, generate.generateSample(options));
    },
  };
}

function toResultColumn(column: { name: string; kind?: string; unit?: string; format?: string }): ResultColumn {
  return {
    name: column.name,
    kind: column.kind ?? 'metric',
    ...(column.unit ? { unit: column.unit } : {}),
    ...(column.format ? { format: column.format } : {}),
  };
}

function requireDialect<T>(dialect: T | undefined, name: string): T {
  if (!dialect) throw new Error(`no dialect '${name}' in the registry`);
  return dialect;
}
