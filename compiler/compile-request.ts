/**
 * A metric request -> SQL for one dialect (pure, no database), and running it on a connection.
 * The dialect is passed in: compiler/ never imports adapters/.
 */
import type { Catalog } from './catalog/types.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { lowerPlan } from './plan/lower-plan.js';
import type { QueryPlan } from './plan/plan.js';
import type { OutputColumn } from './plan/plan-request.js';
import { planRequest } from './plan/plan-request.js';
import type { MetricRequest } from './request/request.js';
import type { Dialect } from './sql/dialect.js';
import { renderStatement } from './sql/render.js';
import type { SqlValue } from './sql/values.js';

export type { OutputColumn } from './plan/plan-request.js';

export interface CompiledRequest {
  /** SQL text with `?` placeholders; empty when diagnostics hold an error. */
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
  readonly columns: readonly OutputColumn[];
  readonly diagnostics: readonly Diagnostic[];
  /** The logical plan (for `--explain`); absent on errors. */
  readonly plan?: QueryPlan;
}

export function compileRequest(catalog: Catalog, request: MetricRequest, dialect: Dialect): CompiledRequest {
  const planned = planRequest(catalog, request, { supportsPercentile: dialect.supportsPercentile });
  if (!planned.plan || hasErrors(planned.diagnostics)) {
    return { sql: '', bindings: [], columns: planned.columns, diagnostics: planned.diagnostics };
  }
  const rendered = renderStatement(lowerPlan(catalog, planned.plan, { recursiveSpine: dialect.recursiveSpine }), dialect);
  return { sql: rendered.sql, bindings: rendered.bindings, columns: planned.columns, diagnostics: planned.diagnostics, plan: planned.plan };
}

/** The part of a warehouse connection runRequest needs (structurally the adapters' WarehouseConnection). */
export interface RequestRunner {
  readonly dialectName: string;
  /** `columns`, when given, names the rows' keys in select order. */
  query(sql: string, bindings: readonly SqlValue[]): Promise<{ readonly rows: readonly Readonly<Record<string, SqlValue>>[]; readonly columns?: readonly string[] }>;
}

export interface RequestRows {
  readonly columns: readonly OutputColumn[];
  readonly rows: readonly Readonly<Record<string, SqlValue>>[];
  readonly diagnostics: readonly Diagnostic[];
  readonly sql: string;
  readonly bindings: readonly SqlValue[];
}

/**
 * Compile and run. Rows are normalised so every engine answers alike: metric values as numbers,
 * boolean dimensions as booleans (SQLite and MySQL store 0/1). Rejects only on warehouse failure.
 * `compile` is compileRequest or one that gives the same output (range-templates.ts).
 */
export async function runRequest(
  catalog: Catalog,
  request: MetricRequest,
  connection: RequestRunner,
  dialect: Dialect,
  compile: (catalog: Catalog, request: MetricRequest, dialect: Dialect) => CompiledRequest = compileRequest,
): Promise<RequestRows> {
  const compiled = compile(catalog, request, dialect);
  if (hasErrors(compiled.diagnostics)) return { columns: compiled.columns, rows: [], diagnostics: compiled.diagnostics, sql: '', bindings: [] };
  const result = await connection.query(compiled.sql, compiled.bindings);
  const rows = normalisedRows(result.rows, result.columns, compiled.columns);
  return { columns: compiled.columns, rows, diagnostics: compiled.diagnostics, sql: compiled.sql, bindings: compiled.bindings };
}

/**
 * The rows with exactly the output columns, in order, each value as every engine answers it. Rows
 * that already are (DuckDB's adapter answers so) are handed back as they are, not copied: the
 * driver's column names match the output columns in order, and no value needs converting.
 */
function normalisedRows(
  rows: readonly Readonly<Record<string, SqlValue>>[],
  names: readonly string[] | undefined,
  columns: readonly OutputColumn[],
): readonly Readonly<Record<string, SqlValue>>[] {
  if (names !== undefined && sameNames(names, columns)) {
    let normal = true;
    for (let i = 0; normal && i < rows.length; i++) normal = isNormal(rows[i]!, columns);
    if (normal) return rows;
  }
  return rows.map((row) => normaliseRow(row, columns));
}

function sameNames(names: readonly string[], columns: readonly OutputColumn[]): boolean {
  if (names.length !== columns.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== columns[i]!.name) return false;
  return true;
}

/** Whether normaliseRow would give this row's values unchanged (every column present). */
function isNormal(row: Readonly<Record<string, SqlValue>>, columns: readonly OutputColumn[]): boolean {
  for (const c of columns) {
    const v = row[c.name];
    if (v === undefined) return false;
    if (c.kind === 'metric' && (typeof v === 'string' || typeof v === 'bigint')) return false;
    if (c.dimensionType === 'boolean' && (typeof v === 'number' || v === 'true' || v === 'false')) return false;
  }
  return true;
}

function normaliseRow(row: Readonly<Record<string, SqlValue>>, columns: readonly OutputColumn[]): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const c of columns) {
    const v = row[c.name] ?? null;
    if (c.kind === 'metric' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) out[c.name] = Number(v);
    else if (c.kind === 'metric' && typeof v === 'bigint') out[c.name] = Number(v);
    else if (c.dimensionType === 'boolean' && typeof v === 'number') out[c.name] = v !== 0;
    else if (c.dimensionType === 'boolean' && (v === 'true' || v === 'false')) out[c.name] = v === 'true';
    else out[c.name] = v;
  }
  return out;
}
