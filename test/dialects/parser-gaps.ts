/**
 * Constructs that the target engine accepts but node-sql-parser's grammar for it does not (parser
 * gaps, not dialect bugs). Before parsing a golden file the parse test rewrites each listed
 * construct into a form the grammar knows, and separately proves every entry is still needed: an
 * entry that no golden file needs fails the test, so the list cannot silently go stale.
 *
 * Only syntax the grammar lacks is rewritten; the rewrite keeps the surrounding structure (the
 * operands, the subquery, the join) so the rest of the statement is still checked.
 */
import type { GoldenDialect } from './golden-dialects.js';

export interface ParserGap {
  /** What the engine accepts, quoted from the golden SQL. */
  readonly construct: string;
  /** Why the rewrite is sound: the engine documentation, and what the grammar lacks. */
  readonly reason: string;
  readonly pattern: RegExp;
  readonly replacement: string;
}

const IS_NOT_DISTINCT_FROM: ParserGap = {
  construct: 'a IS NOT DISTINCT FROM b',
  reason: 'standard null-safe equality (documented by the engine); the grammar has no IS [NOT] DISTINCT FROM, so it is checked as `=`',
  pattern: / IS NOT DISTINCT FROM /g,
  replacement: ' = ',
};

export const PARSER_GAPS: Readonly<Record<GoldenDialect, readonly ParserGap[]>> = {
  bigquery: [
    {
      construct: 'WITH `name` AS (...)',
      reason: 'GoogleSQL accepts a quoted CTE name; the bigquery grammar accepts only bare CTE names (our names are plain snake_case, so unquoting is exact)',
      pattern: /(WITH |\), )`([A-Za-z0-9_]+)` AS \(/g,
      replacement: '$1$2 AS (',
    },
    IS_NOT_DISTINCT_FROM,
  ],
  databricks: [
    {
      construct: 'WITH `name`(`column`) AS (...)',
      reason: 'Databricks SQL accepts quoted CTE names and column lists; the hive grammar accepts only bare CTE names (our names are plain snake_case)',
      pattern: /(WITH (?:RECURSIVE )?|\), )`([A-Za-z0-9_]+)`(\(`[A-Za-z0-9_]+`\))? AS \(/g,
      replacement: '$1$2$3 AS (',
    },
    {
      construct: 'a <=> b',
      reason: 'Spark SQL null-safe equality operator; the hive grammar has no <=>, so it is checked as `=`',
      pattern: / <=> /g,
      replacement: ' = ',
    },
  ],
  duckdb: [],
  mysql: [
    {
      construct: 'a <=> b',
      reason: 'MySQL/MariaDB null-safe equality operator; the mariadb grammar has no <=>, so it is checked as `=`',
      pattern: / <=> /g,
      replacement: ' = ',
    },
    {
      construct: 'INTERVAL (n) QUARTER',
      reason: 'QUARTER is a MySQL/MariaDB interval unit; the mariadb grammar lists DAY/HOUR/MINUTE/MONTH/... but not QUARTER, so it is checked as MONTH',
      pattern: /\) QUARTER\)/g,
      replacement: ') MONTH)',
    },
  ],
  postgres: [IS_NOT_DISTINCT_FROM],
  redshift: [],
  snowflake: [],
  sqlite: [],
  trino: [
    IS_NOT_DISTINCT_FROM,
  ],
};
