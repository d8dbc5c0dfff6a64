/**
 * Every registered dialect, spelled out so that registering a new one without golden SQL and a
 * parser decision fails: golden.test.ts checks this list against the registry, and the Records
 * below are keyed on it (a missing key is a type error).
 */
export const GOLDEN_DIALECTS = [
  'bigquery', 'databricks', 'duckdb', 'mysql', 'postgres', 'redshift', 'snowflake', 'sqlite', 'trino',
] as const;

export type GoldenDialect = (typeof GOLDEN_DIALECTS)[number];

/**
 * node-sql-parser's `database` option for each dialect, or why there is none. The parser has no
 * DuckDB grammar; Databricks SQL is Spark SQL, closest to its Hive grammar.
 */
export const PARSER_DATABASE: Readonly<Record<GoldenDialect, { readonly database: string } | { readonly none: string }>> = {
  bigquery: { database: 'bigquery' },
  databricks: { database: 'hive' },
  duckdb: { none: 'node-sql-parser has no DuckDB grammar; the integration suite executes these on DuckDB itself' },
  mysql: { database: 'mariadb' },
  postgres: { database: 'postgresql' },
  redshift: { database: 'redshift' },
  snowflake: { database: 'snowflake' },
  sqlite: { database: 'sqlite' },
  trino: { database: 'trino' },
};
