/**
 * Range templates: a dashboard asks for the same request shape again and again with a new time
 * range (a rolling "last 90 days" moves every day), and such requests compile to the same SQL text
 * with other bindings. A template is that SQL with the range-end bindings left as slots
 * (sql/range-slots.ts); a later request of the same shape and range class fills the slots instead
 * of planning, lowering and rendering again.
 *
 * What the SQL text depends on in a range (every use of a range in plan/ and its lowering):
 * - which ends are present (row filters, spine bounds);
 * - the years of the ends, which pick the zone's transition table (time-sql.ts spanFor);
 * - per end, whether its day starts at one instant in the project zone (localDayBound), or a
 *   backward transition repeats that midnight and local days are compared instead;
 * - shifted ranges (lags, comparisons): their years and midnights are other dates, so a request
 *   whose plan holds any shifted leaf is never templated;
 * - validity (from before to, bounds): checked by the request validator before a template is used.
 * The class key holds the first three. Every other value comes from the range ends through the
 * marked parameters only (dateParam / timestampParam with `end`), which become slots.
 *
 * A template is kept only after two checks: filled for the request it came from, it gives that
 * request's compiled SQL and bindings exactly; filled for a neighbouring range of the same class
 * (a day moved at each end), it gives that range's compiled SQL and bindings exactly. A value
 * derived from the range that missed its mark would differ in the second check, and the shape is
 * then compiled in full every time. Templates are per catalog object and dialect, and bounded.
 */
import type { Catalog } from './catalog/types.js';
import { compileRequest, type CompiledRequest } from './compile-request.js';
import { nestedMap } from './plan/catalog-memo.js';
import { lowerPlan } from './plan/lower-plan.js';
import type { DateRange } from './plan/plan.js';
import { rangeDayStart, rangeSpanKey } from './plan/time-sql.js';
import { timeRangeDiagnostics } from './plan/validate-request.js';
import type { MetricRequest } from './request/request.js';
import type { Dialect } from './sql/dialect.js';
import { slotOf } from './sql/range-slots.js';
import { renderStatement } from './sql/render.js';
import type { SqlValue } from './sql/values.js';

interface RangeTemplate {
  readonly sql: string;
  /** Real values and range slots, in placeholder order. */
  readonly bindings: readonly SqlValue[];
  readonly columns: CompiledRequest['columns'];
}

/** Shape + class keys per catalog and dialect; null: this shape and class is compiled in full. */
const templates = new WeakMap<Catalog, Map<Dialect, Map<string, RangeTemplate | null>>>();
const MAX_TEMPLATES = 2_000;

const NO_DIAGNOSTICS: CompiledRequest['diagnostics'] = [];

/**
 * compileRequest, filling a range template where one applies: the same SQL, bindings, columns and
 * diagnostics (none: only requests that compile cleanly are templated). Without the logical plan
 * (`plan`) when it comes from a template: callers that explain a plan use compileRequest.
 */
export function compileReusingRanges(catalog: Catalog, request: MetricRequest, dialect: Dialect): CompiledRequest {
  const requested = request.timeRange;
  if (requested === undefined || request.compareTo !== undefined) return compileRequest(catalog, request, dialect);
  // The planner's reading of the range: an empty string is an absent end.
  const range: DateRange = { from: requested.from || undefined, to: requested.to || undefined };
  if (range.from === undefined && range.to === undefined) return compileRequest(catalog, request, dialect);
  // An invalid range gets the full compiler's diagnostics. The rest of the request is checked by
  // the full compile that builds a template: a template exists only for a shape without errors.
  if (timeRangeDiagnostics(requested).length > 0) return compileRequest(catalog, request, dialect);

  const zone = catalog.project.timeZone;
  const starts = dayStarts(zone, range);
  const key = `${shapeKey(request)}\u0000${classKey(range, starts)}`;
  const known = forCatalog(catalog, dialect);
  const template = known.get(key);
  if (template) return { sql: template.sql, bindings: fill(template, range, starts, dialect), columns: template.columns, diagnostics: NO_DIAGNOSTICS };
  const compiled = compileRequest(catalog, request, dialect);
  if (template === undefined) {
    if (known.size >= MAX_TEMPLATES) known.clear();
    known.set(key, buildTemplate(catalog, request, dialect, compiled, range));
  }
  return compiled;
}

function forCatalog(catalog: Catalog, dialect: Dialect): Map<string, RangeTemplate | null> {
  return nestedMap(nestedMap(templates, catalog), dialect);
}

/** Everything in the request but its range. */
function shapeKey(request: MetricRequest): string {
  const { timeRange: _range, ...shape } = request;
  return JSON.stringify(shape);
}

/** Per end: the UTC instant its day starts (null: no single one), undefined when the end is absent. */
interface DayStarts {
  readonly from: string | null | undefined;
  readonly to: string | null | undefined;
}

function dayStarts(zone: string, range: DateRange): DayStarts {
  return {
    from: range.from === undefined ? undefined : rangeDayStart(zone, range, range.from),
    to: range.to === undefined ? undefined : rangeDayStart(zone, range, range.to),
  };
}

/** What of a range the SQL text depends on (see the file comment). */
function classKey(range: DateRange, starts: DayStarts): string {
  return `${rangeSpanKey(range)}|${endClass(starts.from)}|${endClass(starts.to)}`;
}

function endClass(start: string | null | undefined): string {
  if (start === undefined) return '-';
  return start === null ? 'local' : 'instant';
}

function fill(template: RangeTemplate, range: DateRange, starts: DayStarts, dialect: Dialect): SqlValue[] {
  const out: SqlValue[] = [];
  for (const value of template.bindings) {
    const slot = slotOf(value);
    if (slot === undefined) {
      out.push(value);
      continue;
    }
    const day = range[slot.end];
    // The class key says the end is present and, for a day start, that it has one.
    if (day === undefined) throw new Error(`range template: no '${slot.end}' for its slot`);
    if (slot.as === 'date') {
      out.push(dialect.bindValue(day));
      continue;
    }
    const instant = starts[slot.end];
    if (instant === null || instant === undefined) throw new Error(`range template: the day ${day} has no single start`);
    out.push(dialect.bindValue(instant));
  }
  return out;
}

/** A checked template from a clean compile of `request`, or null when the shape is not one. */
function buildTemplate(catalog: Catalog, request: MetricRequest, dialect: Dialect, compiled: CompiledRequest, range: DateRange): RangeTemplate | null {
  const plan = compiled.plan;
  if (!plan || compiled.diagnostics.length > 0) return null;
  // A shifted leaf reads another range (see the file comment).
  for (const leaf of plan.leaves) if (leaf.range !== plan.range) return null;
  const rendered = renderStatement(lowerPlan(catalog, plan, { recursiveSpine: dialect.recursiveSpine }), dialect, true);
  const template: RangeTemplate = { sql: rendered.sql, bindings: rendered.bindings, columns: compiled.columns };
  const zone = catalog.project.timeZone;
  if (!sameSql(template, zone, range, dialect, compiled)) return null;
  const neighbour = neighbourRange(zone, range);
  if (!neighbour) return null;
  const other = compileRequest(catalog, { ...request, timeRange: neighbour }, dialect);
  if (other.diagnostics.length > 0 || !sameSql(template, zone, neighbour, dialect, other)) return null;
  return template;
}

function sameSql(template: RangeTemplate, zone: string, range: DateRange, dialect: Dialect, compiled: CompiledRequest): boolean {
  if (template.sql !== compiled.sql) return false;
  const filled = fill(template, range, dayStarts(zone, range), dialect);
  if (filled.length !== compiled.bindings.length) return false;
  for (let i = 0; i < filled.length; i++) if (filled[i] !== compiled.bindings[i]) return false;
  return true;
}

/** A valid range of the same class with each present end moved by a day, if there is one. */
function neighbourRange(zone: string, range: DateRange): DateRange | undefined {
  const wanted = classKey(range, dayStarts(zone, range));
  for (const [fromDays, toDays] of [[1, -1], [-1, 1], [1, 1], [-1, -1]] as const) {
    const candidate: DateRange = { from: range.from && addDays(range.from, fromDays), to: range.to && addDays(range.to, toDays) };
    if (timeRangeDiagnostics(candidate).length > 0) continue;
    if (classKey(candidate, dayStarts(zone, candidate)) === wanted) return candidate;
  }
  return undefined;
}

function addDays(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
