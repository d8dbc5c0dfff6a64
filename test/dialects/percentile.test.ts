/**
 * Percentile and median spelling per dialect. No starter-catalog measure uses them (MySQL has no
 * percentile aggregate), so the hook is pinned here rather than in golden SQL; the executed
 * engines' answers are checked in test/integration/percentile.test.ts.
 * Exact vs approximate is part of the expectation: see docs/warehouses.md.
 */
import { describe, expect, it } from 'vitest';
import { getDialect } from '../../adapters/dialect-registry.js';
import { GOLDEN_DIALECTS, type GoldenDialect } from './golden-dialects.js';

/** The p90 spelling, or null where the dialect reports percentile measures as unsupported. */
const P90: Readonly<Record<GoldenDialect, { readonly sql: string; readonly exact: boolean } | null>> = {
  bigquery: { sql: 'APPROX_QUANTILES(`x`, 1000)[OFFSET(900)]', exact: false },
  databricks: { sql: 'PERCENTILE(`x`, 0.9)', exact: true },
  duckdb: { sql: 'QUANTILE_CONT("x", 0.9)', exact: true },
  mysql: null,
  postgres: { sql: 'PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY "x")', exact: true },
  redshift: { sql: 'PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY "x")', exact: true },
  snowflake: { sql: 'PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY "x")', exact: true },
  sqlite: { sql: 'percentile_cont("x", 0.9)', exact: true },
  trino: { sql: 'APPROX_PERCENTILE("x", 0.9)', exact: false },
};

describe('percentile aggregates', () => {
  for (const name of GOLDEN_DIALECTS) {
    it(name, () => {
      const dialect = getDialect(name)!;
      const expected = P90[name];
      expect(dialect.supportsPercentile).toBe(expected !== null);
      if (expected === null) return;
      const column = dialect.quoteIdentifier('x');
      expect(dialect.aggregate('percentile', column, 0.9)).toBe(expected.sql);
      expect(expected.sql.includes('APPROX')).toBe(!expected.exact);
      // Median is the 0.5 percentile in the same spelling.
      expect(dialect.aggregate('median', column)).toBe(dialect.aggregate('percentile', column, 0.5));
    });
  }
});
