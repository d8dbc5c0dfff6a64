import type { WarehouseConnection } from '../adapters/connection.js';
import type { SampleData } from './sample-data.js';
import { createTableSql, ddlDialect, qualifiedName } from './table-ddl.js';

export interface LoadOptions {
  /**
   * Schema (PostgreSQL, DuckDB) or database (MariaDB) to load into; created when missing. Default:
   * the connection's own. SQLite has no schemas: giving one there is an error.
   */
  readonly schema?: string;
  /** Called after each batch with the rows loaded so far (progress for large scales). */
  readonly onProgress?: (rowsLoaded: number) => void;
}

export interface LoadReport {
  /** Rows loaded per table, in table order. */
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly totalRows: number;
}

/**
 * Drops and recreates every sample table, then streams the generated batches into them through
 * `insertRows` (each connection's fastest bulk path: DuckDB's appender, multi-row inserts elsewhere).
 */
export async function loadSample(connection: WarehouseConnection, data: SampleData, options: LoadOptions = {}): Promise<LoadReport> {
  const dialect = ddlDialect(connection.dialectName);
  const { schema } = options;
  if (schema !== undefined) {
    if (!dialect.createSchema) throw new Error(`${connection.dialectName} has no schemas; load without one`);
    await connection.execute(dialect.createSchema(qualifiedName(dialect, schema)));
  }
  const rowCounts: Record<string, number> = {};
  const targets = new Map<string, { name: string; columns: string[] }>();
  for (const table of data.tables) {
    const name = qualifiedName(dialect, table.name, schema);
    await connection.execute(`DROP TABLE IF EXISTS ${name}`);
    await connection.execute(createTableSql(dialect, table, schema));
    rowCounts[table.name] = 0;
    // insertRows takes an unquoted, optionally schema-qualified name; each connection quotes it.
    targets.set(table.name, { name: schema ? `${schema}.${table.name}` : table.name, columns: table.columns.map((c) => c.name) });
  }
  let totalRows = 0;
  for (const batch of data.batches()) {
    for (const [table, rows] of Object.entries(batch)) {
      const target = targets.get(table);
      if (!target) throw new Error(`sample batch has rows for unknown table '${table}'`);
      if (rows.length === 0) continue;
      await connection.insertRows(target.name, target.columns, rows);
      rowCounts[table] = (rowCounts[table] ?? 0) + rows.length;
      totalRows += rows.length;
    }
    options.onProgress?.(totalRows);
  }
  if (dialect.afterLoad) {
    for (const table of data.tables) await connection.execute(dialect.afterLoad(qualifiedName(dialect, table.name, schema)));
  }
  return { rowCounts, totalRows };
}
