/** Dialect by warehouse type name. The compiler never picks a dialect itself: callers pass one in. */
import type { Dialect } from '../compiler/sql/dialect.js';
import { bigqueryDialect } from './bigquery/bigquery-dialect.js';
import { databricksDialect } from './databricks/databricks-dialect.js';
import { duckdbDialect } from './duckdb/duckdb-dialect.js';
import { mysqlDialect } from './mysql/mysql-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { redshiftDialect } from './redshift/redshift-dialect.js';
import { snowflakeDialect } from './snowflake/snowflake-dialect.js';
import { sqliteDialect } from './sqlite/sqlite-dialect.js';
import { trinoDialect } from './trino/trino-dialect.js';

export const DIALECTS: Readonly<Record<string, Dialect>> = {
  bigquery: bigqueryDialect,
  databricks: databricksDialect,
  duckdb: duckdbDialect,
  mysql: mysqlDialect,
  postgres: postgresDialect,
  redshift: redshiftDialect,
  snowflake: snowflakeDialect,
  sqlite: sqliteDialect,
  trino: trinoDialect,
};

export type DialectName = keyof typeof DIALECTS;

export function dialectNames(): string[] {
  return Object.keys(DIALECTS).sort();
}

export function getDialect(name: string): Dialect | undefined {
  return Object.prototype.hasOwnProperty.call(DIALECTS, name) ? DIALECTS[name] : undefined;
}
