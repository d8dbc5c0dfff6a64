import type { SqlValue, WarehouseConnection } from '../adapters/connection.js';
import type { Catalog, WarehouseConfig } from '../compiler/catalog/types.js';
import type { CompileResult } from '../compiler/compile-project.js';
import type { OutputColumn } from '../compiler/compile-request.js';
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

/** Runs compiled SQL: the cache-aware path to the warehouse. */
export type SqlExecutor = (sql: string, bindings: readonly SqlValue[]) => Promise<{ readonly rows: readonly Readonly<Record<string, SqlValue>>[] }>;

export interface RequestRows extends CompiledRequest {
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
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
  /**
   * Compile, hand the SQL to `execute` (which may answer from a cache), and normalise the rows as
   * the compiler's runRequest does, so the API returns exactly what `canon query` returns.
   */
  runRequest(catalog: Catalog, request: MetricRequest, dialect: string, execute: SqlExecutor): Promise<RequestRows>;
  openConnection(config: WarehouseConfig, projectRoot: string): Promise<WarehouseConnection>;
  /** Generate the deterministic sample warehouse and load it through the connection. */
  loadSample(connection: WarehouseConnection, options?: { seed?: number; scale?: number; schema?: string }): Promise<void>;
}

/** The real engine: compiler, dialect registry, adapters and sample generator, imported on first use. */
export async function loadEngine(): Promise<CanonEngine> {
  const [project, source, request, templates, registry, connect, generate, load] = await Promise.all([
    import('../compiler/compile-project.js'),
    import('../compiler/source/fs-source.js'),
    import('../compiler/compile-request.js'),
    import('../compiler/range-templates.js'),
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
    async runRequest(catalog, metricRequest, dialect, execute) {
      const runner = { dialectName: dialect, query: execute };
      // A dashboard's next range of a request shape fills that shape's SQL template (same output).
      const result = await request.runRequest(catalog, metricRequest, runner, requireDialect(registry.getDialect(dialect), dialect), templates.compileReusingRanges);
      return {
        sql: result.sql,
        bindings: result.bindings,
        columns: resultColumns(result.columns),
        diagnostics: result.diagnostics,
        rows: result.rows,
      };
    },
    openConnection: (config, root) => connect.openConnection(config, root),
    async loadSample(connection, { schema, ...sampleOptions } = {}) {
      await load.loadSample(connection, generate.generateSample(sampleOptions), schema === undefined ? {} : { schema });
    },
  };
}

/**
 * Per compiler column list: a request filled from a range template hands back its template's list,
 * so its API columns are built once rather than per request.
 */
const resultColumnLists = new WeakMap<readonly OutputColumn[], readonly ResultColumn[]>();

function resultColumns(columns: readonly OutputColumn[]): readonly ResultColumn[] {
  let known = resultColumnLists.get(columns);
  if (known === undefined) {
    known = columns.map(toResultColumn);
    resultColumnLists.set(columns, known);
  }
  return known;
}

function toResultColumn(column: { readonly name: string; readonly kind?: string; readonly unit?: string; readonly format?: string }): ResultColumn {
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
