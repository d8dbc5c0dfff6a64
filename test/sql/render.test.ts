/** The SQL tree renderer and the dialects: quoting byte for byte, bindings, determinism. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, getDialect } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest } from '../../compiler/compile-request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import type { SqlExpr, Statement } from '../../compiler/sql/ast.js';
import { as, col, param, select, table } from '../../compiler/sql/build.js';
import { renderStatement } from '../../compiler/sql/render.js';

const catalog = compileProject(directorySource(process.cwd())).catalog!;

const QUOTED: Readonly<Record<string, string>> = {
  duckdb: '"we""ird`name"',
  postgres: '"we""ird`name"',
  mysql: '`we"ird``name`',
  sqlite: '"we""ird`name"',
};

describe('dialects', () => {
  it('quote identifiers byte for byte, escaping the quote character', () => {
    for (const [name, quoted] of Object.entries(QUOTED)) expect(getDialect(name)!.quoteIdentifier('we"ird`name')).toBe(quoted);
  });

  it('are registered by warehouse type and unknown names are undefined', () => {
    for (const name of ['duckdb', 'mysql', 'postgres', 'sqlite']) expect(DIALECTS[name]?.name).toBe(name);
    expect(getDialect('oracle')).toBeUndefined();
    expect(getDialect('toString')).toBeUndefined();
  });

  it('declare FULL OUTER JOIN support honestly (MySQL/MariaDB have none)', () => {
    expect(getDialect('mysql')!.supportsFullOuterJoin).toBe(false);
    expect(getDialect('postgres')!.supportsFullOuterJoin).toBe(true);
  });
});

describe('renderer', () => {
  it('turns every value into a positional binding, in text order even when a hook repeats an operand', () => {
    const statement: Statement = {
      kind: 'statement',
      ctes: [],
      body: select({
        columns: [as({ kind: 'dateTrunc', grain: 'week', operand: { kind: 'dateParam', value: '2026-03-01' } }, 'w')],
        from: table('t', 't'),
        where: { kind: 'binary', op: '=', left: col('t', 'stage'), right: param("x'); drop table t; --") },
      }),
    };
    const mysql = renderStatement(statement, getDialect('mysql')!);
    // MySQL's week truncation names its operand twice: two placeholders, two bindings.
    expect(mysql.sql).toBe(
      "SELECT DATE_SUB(CAST(? AS DATE), INTERVAL WEEKDAY(CAST(? AS DATE)) DAY) AS `w` FROM `t` AS `t` WHERE (`t`.`stage` = ?)",
    );
    expect(mysql.bindings).toEqual(['2026-03-01', '2026-03-01', "x'); drop table t; --"]);
  });

  it('renders a zone offset as a balanced CASE with each transition bound, the same text whether cached or not', () => {
    const zone = { initial: -480, transitions: [{ at: '2026-03-08 10:00:00', offset: -420 }, { at: '2026-11-01 09:00:00', offset: -480 }] };
    const statementOver = (operand: SqlExpr): Statement => ({
      kind: 'statement',
      ctes: [],
      body: select({ columns: [as({ kind: 'zoneOffset', operand, zone }, 'o')], from: table('t', 't') }),
    });
    const postgres = getDialect('postgres')!;
    const first = renderStatement(statementOver(col('t', 'at')), postgres);
    expect(first.sql).toBe(
      'SELECT CASE WHEN ("t"."at" < CAST(? AS TIMESTAMP)) THEN CASE WHEN ("t"."at" < CAST(? AS TIMESTAMP)) THEN -480 ELSE -420 END ELSE -480 END AS "o" FROM "t" AS "t"',
    );
    expect(first.bindings).toEqual(['2026-11-01 09:00:00', '2026-03-08 10:00:00']);
    // The second rendering comes from the cache and must be byte-identical, bindings included.
    expect(renderStatement(statementOver(col('t', 'at')), postgres)).toEqual(first);
    // An operand holding a binding is repeated at each comparison, its value bound each time.
    const bound = renderStatement(statementOver({ kind: 'timestampParam', value: '2026-05-01 00:00:00' }), postgres);
    expect(bound.sql.split('?').length - 1).toBe(4);
    expect(bound.bindings).toEqual(['2026-05-01 00:00:00', '2026-11-01 09:00:00', '2026-05-01 00:00:00', '2026-03-08 10:00:00']);
  });

  it('binds booleans as 0/1 on SQLite', () => {
    const statement: Statement = { kind: 'statement', ctes: [], body: select({ columns: [as(param(true), 'b')], from: null }) };
    expect(renderStatement(statement, getDialect('sqlite')!).bindings).toEqual([1]);
    expect(renderStatement(statement, getDialect('postgres')!).bindings).toEqual([true]);
  });
});

describe('compiled requests', () => {
  const requests = [
    { metrics: ['win_rate', 'pipeline_created'], groupBy: ['account.segment'], grain: 'fiscal_quarter' as const, compareTo: 'previous_year' as const },
    { metrics: ['bookings_qtd', 'open_pipeline', 'activation_rate'], grain: 'month' as const, timeRange: { from: '2025-01-01', to: '2025-07-01' } },
    { metrics: ['pipeline_value_growth'], grain: 'week' as const, where: "stage != 'closed_lost'" },
  ];

  it('are byte-stable: the same request compiles to identical SQL and bindings', () => {
    for (const dialect of Object.values(DIALECTS)) {
      for (const request of requests) {
        const a = compileRequest(catalog, request, dialect);
        const b = compileRequest(catalog, request, dialect);
        expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(b.sql).toBe(a.sql);
        expect(b.bindings).toEqual(a.bindings);
      }
    }
  });

  it('have exactly one binding per placeholder, for every KPI in every dialect', () => {
    for (const dialect of Object.values(DIALECTS)) {
      for (const metric of Object.keys(catalog.metrics)) {
        const compiled = compileRequest(catalog, { metrics: [metric], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-04-01' } }, dialect);
        if (compiled.sql === '') continue;
        expect(compiled.sql.split('?').length - 1).toBe(compiled.bindings.length);
        expect(compiled.sql).not.toMatch(/\u0001/);
      }
    }
  });

  it('describe their output columns', () => {
    const compiled = compileRequest(catalog, requests[0]!, getDialect('duckdb')!);
    expect(compiled.columns.map((c) => [c.name, c.kind, c.unit])).toEqual([
      ['account__segment', 'dimension', undefined],
      ['metric_time', 'time', undefined],
      ['win_rate', 'metric', 'percent'],
      ['win_rate__previous', 'metric', 'percent'],
      ['win_rate__change', 'metric', 'percent'],
      ['win_rate__change_pct', 'metric', 'percent'],
      ['pipeline_created', 'metric', 'currency'],
      ['pipeline_created__previous', 'metric', 'currency'],
      ['pipeline_created__change', 'metric', 'currency'],
      ['pipeline_created__change_pct', 'metric', 'percent'],
    ]);
  });
});
