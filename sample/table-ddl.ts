import type { LogicalType, TableDefinition } from './tables.js';

/** How one engine spells the sample's DDL; keyed by `WarehouseConnection.dialectName`. */
interface DdlDialect {
  readonly types: Readonly<Record<LogicalType, string>>;
  readonly quote: string;
  /** Declare primary keys. Default true; off where index upkeep slows bulk loads and buys nothing. */
  readonly primaryKeys?: boolean;
  /** Creates the schema (PostgreSQL, DuckDB) or database (MariaDB) that holds the tables. */
  readonly createSchema?: (quoted: string) => string;
  /** Run after loading, e.g. statistics so the planner sees real row counts. */
  readonly afterLoad?: (quotedTable: string) => string;
}

const DDL: Readonly<Record<string, DdlDialect>> = {
  duckdb: {
    types: { int: 'INTEGER', text: 'VARCHAR', double: 'DOUBLE', decimal: 'DECIMAL(18,2)', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
    quote: '"',
    // Maintaining DuckDB's ART index triples appender load time, and its planner does not need it.
    primaryKeys: false,
    createSchema: (s) => `CREATE SCHEMA IF NOT EXISTS ${s}`,
  },
  postgres: {
    types: { int: 'integer', text: 'text', double: 'double precision', decimal: 'numeric(18,2)', boolean: 'boolean', date: 'date', timestamp: 'timestamp' },
    quote: '"',
    createSchema: (s) => `CREATE SCHEMA IF NOT EXISTS ${s}`,
    afterLoad: (t) => `ANALYZE ${t}`,
  },
  mysql: {
    // DATETIME, not TIMESTAMP: MariaDB's TIMESTAMP converts through the session time zone.
    types: { int: 'INT', text: 'VARCHAR(255)', double: 'DOUBLE', decimal: 'DECIMAL(18,2)', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'DATETIME' },
    quote: '`',
    createSchema: (s) => `CREATE DATABASE IF NOT EXISTS ${s}`,
    afterLoad: (t) => `ANALYZE TABLE ${t}`,
  },
  sqlite: {
    // SQLite has no decimal or date types: money is REAL, times are ISO text. The declared names
    // still say DATE/TIMESTAMP/BOOLEAN so the connection can normalise values by declared type.
    types: { int: 'INTEGER', text: 'TEXT', double: 'REAL', decimal: 'REAL', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
    quote: '"',
  },
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function ddlDialect(dialectName: string): DdlDialect {
  const found = DDL[dialectName];
  if (!found) throw new Error(`the sample loader has no DDL for dialect '${dialectName}'`);
  return found;
}

/** Quote a plain identifier; the sample only ever uses names matching IDENTIFIER. */
export function quoteName(dialect: DdlDialect, name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`'${name}' is not a plain identifier`);
  return `${dialect.quote}${name}${dialect.quote}`;
}

export function qualifiedName(dialect: DdlDialect, table: string, schema?: string): string {
  return schema ? `${quoteName(dialect, schema)}.${quoteName(dialect, table)}` : quoteName(dialect, table);
}

export function createTableSql(dialect: DdlDialect, table: TableDefinition, schema?: string): string {
  const columns = table.columns.map(
    (c) => `${quoteName(dialect, c.name)} ${dialect.types[c.type]}${c.nullable ? '' : ' NOT NULL'}`,
  );
  if (table.primaryKey && dialect.primaryKeys !== false) columns.push(`PRIMARY KEY (${quoteName(dialect, table.primaryKey)})`);
  return `CREATE TABLE ${qualifiedName(dialect, table.name, schema)} (${columns.join(', ')})`;
}
