/**
 * The state of one rendering: the SQL text written so far and the bindings in placeholder order.
 *
 * Renderers append to `text` left to right and write `?` for each binding as they go, so bindings
 * are in text order by construction and the statement is never scanned afterwards. Only dialect
 * hooks break left-to-right writing (they receive operand text and may repeat or reorder it, e.g.
 * MySQL's week truncation names its operand twice). An operand holding bindings is therefore
 * `held`: the hook gets a short marker `\u0001<n>\u0001` in its place, and `emit` writes the
 * hook's output with each marker replaced by the held text, pushing that operand's bindings once
 * per occurrence. Only a hook's own output is scanned, and it holds markers rather than the (often
 * long) operand text.
 *
 * A marker is unambiguous because an operand whose text itself holds `\u0001` (only possible
 * through a table name or raw model SQL in a subquery) is held as well, never passed to a hook.
 */
import type { RangeEnd, SharedExpr } from './ast.js';
import { rangeSlot } from './range-slots.js';
import type { Dialect } from './dialect.js';
import type { SqlValue } from './values.js';

/** Rendered text with its bindings, in the order of its placeholders. */
export interface Fragment {
  readonly sql: string;
  readonly values: readonly SqlValue[];
}

const MARK = '\u0001';

/** A placeholder hook's output as text with `?`, and how many bindings that text takes. */
export interface PlaceholderText {
  readonly sql: string;
  readonly count: number;
}

/**
 * The output of a hook over one placeholder (dateParam, timestampParam), computed once per
 * dialect: hooks treat their operands as opaque text, so the output is the same for every value.
 */
function placeholderText(hook: (placeholder: string) => string): PlaceholderText {
  const pieces = hook(`${MARK}0${MARK}`).split(`${MARK}0${MARK}`);
  return { sql: pieces.join('?'), count: pieces.length - 1 };
}

// Quoting is pure per dialect and identifiers come from a finite catalog and the planner's own
// names: quote each name (and each table.column pair) once per dialect.
const QUOTE_CACHE_LIMIT = 10_000;

/** Text that depends only on the dialect, shared by every rendering with it. */
interface DialectCache {
  readonly names: Map<string, string>;
  /** Table alias -> column name -> `"table"."column"`. */
  readonly columns: Map<string, Map<string, string>>;
  /** Alias -> ` AS "alias"` (every select column and row source ends with one). */
  readonly aliases: Map<string, string>;
  readonly dateParam: PlaceholderText;
  readonly timestampParam: PlaceholderText;
  /**
   * Text and bindings of shared nodes (shared.ts). Keyed by the node, which lives in a per-catalog
   * memo of the planner: a dropped catalog drops its nodes and so its entries.
   */
  readonly shared: WeakMap<SharedExpr, Fragment>;
}

const caches = new WeakMap<Dialect, DialectCache>();

function dialectCache(dialect: Dialect): DialectCache {
  let cache = caches.get(dialect);
  if (!cache) {
    cache = {
      names: new Map(),
      columns: new Map(),
      aliases: new Map(),
      dateParam: placeholderText((p) => dialect.dateParam(p)),
      timestampParam: placeholderText((p) => dialect.timestampParam(p)),
      shared: new WeakMap(),
    };
    caches.set(dialect, cache);
  }
  return cache;
}

/**
 * `text` as one flat string. Cached text is copied into every statement; a string built by
 * concatenation is a tree of pieces that each copy would walk again. Reading a character makes V8
 * flatten the string in place.
 */
export function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= QUOTE_CACHE_LIMIT) map.clear();
  map.set(key, value);
}

export class RenderContext {
  /** The SQL written so far (of the statement, or of the operand being rendered for a hook). */
  text = '';
  /** Bindings of `text`, in placeholder order. */
  values: SqlValue[] = [];
  /**
   * How many times text holding the marker character was written: an operand rendered while it
   * grew is held rather than handed to a hook, so a hook's output holds no stray markers.
   */
  unsafe = 0;
  /** Operands standing behind markers, until the hook's output is emitted. */
  private readonly held: Fragment[] = [];
  private readonly cache: DialectCache;

  /**
   * @param rangeSlots bind range-end values as slots, and render shared nodes afresh (their kept
   *   renderings hold values, never slots), for a range template (compiler/range-templates.ts)
   */
  constructor(
    readonly dialect: Dialect,
    readonly rangeSlots = false,
  ) {
    this.cache = dialectCache(dialect);
  }

  /** Write a binding's placeholder. */
  bind(value: SqlValue): void {
    this.text += '?';
    this.values.push(this.dialect.bindValue(value));
  }

  /**
   * Write a DATE / TIMESTAMP binding as the dialect casts it. With `rangeSlots`, a value marked as
   * a range end is bound as its slot instead (see range-slots.ts).
   */
  bindDate(value: string, end: RangeEnd | undefined): void {
    this.bindWith(this.cache.dateParam, end !== undefined && this.rangeSlots ? rangeSlot('date', end) : this.dialect.bindValue(value));
  }
  bindTimestamp(value: string, end: RangeEnd | undefined): void {
    this.bindWith(this.cache.timestampParam, end !== undefined && this.rangeSlots ? rangeSlot('dayStart', end) : this.dialect.bindValue(value));
  }
  private bindWith(placeholder: PlaceholderText, bound: SqlValue): void {
    this.text += placeholder.sql;
    for (let i = 0; i < placeholder.count; i++) this.values.push(bound);
  }

  get timestampParam(): PlaceholderText {
    return this.cache.timestampParam;
  }

  /** Write text and its bindings. */
  write(fragment: Fragment): void {
    this.text += fragment.sql;
    const values = fragment.values;
    for (let i = 0; i < values.length; i++) this.values.push(values[i]!);
  }

  /**
   * Start rendering a part on its own: returns what `endPart` needs to cut it off again. The
   * statement's text so far is set aside and the part's bindings are appended to `values`.
   */
  startPart(): string {
    const outer = this.text;
    this.text = '';
    return outer;
  }

  /** The part rendered since `startPart`, with its bindings (taken off `values`). */
  endPart(outer: string, valueCount: number): Fragment {
    const sql = this.text;
    this.text = outer;
    if (this.values.length === valueCount) return { sql, values: NO_VALUES };
    return { sql, values: this.values.splice(valueCount) };
  }

  /** How many operands are held; a hook node passes it to `emit`. */
  get heldCount(): number {
    return this.held.length;
  }

  /**
   * Operand text for a hook: the text itself when it holds no binding and no marker character,
   * otherwise a marker standing for it.
   */
  operandText(part: Fragment, unsafeBefore: number): string {
    if (part.values.length === 0 && this.unsafe === unsafeBefore) return part.sql;
    this.held.push(part);
    return `${MARK}${this.held.length - 1}${MARK}`;
  }

  /** Write a hook's output, replacing the markers of operands held since `heldBefore`. */
  emit(output: string, heldBefore: number): void {
    if (this.held.length === heldBefore) {
      this.text += output;
      return;
    }
    let done = 0;
    let open = output.indexOf(MARK);
    while (open >= 0) {
      const close = output.indexOf(MARK, open + 1);
      const part = this.held[Number(output.slice(open + 1, close))]!;
      this.text += output.slice(done, open);
      this.write(part);
      done = close + 1;
      open = output.indexOf(MARK, done);
    }
    this.text += output.slice(done);
    this.held.length = heldBefore;
  }

  /** The kept text of a shared node with this dialect, if it was rendered before. */
  sharedFragment(node: SharedExpr): Fragment | undefined {
    if (this.rangeSlots) return undefined;
    return this.cache.shared.get(node);
  }

  /**
   * Keep a shared node's rendering. Not when it held the marker character (`unsafe` moved since
   * `unsafeBefore`): every later use must count it as unsafe again, which writing kept text would not.
   */
  keepShared(node: SharedExpr, part: Fragment, unsafeBefore: number): void {
    if (this.unsafe !== unsafeBefore || this.rangeSlots) return;
    this.cache.shared.set(node, { sql: flatten(part.sql), values: part.values.length === 0 ? NO_VALUES : [...part.values] });
  }

  /** Write raw text (a table name, model SQL) that may hold the marker character. */
  writeRaw(text: string): void {
    if (text.includes(MARK)) this.unsafe++;
    this.text += text;
  }

  quote(name: string): string {
    const names = this.cache.names;
    let text = names.get(name);
    if (text === undefined) {
      text = flatten(this.dialect.quoteIdentifier(name));
      // Not cached: every use must count it as unsafe.
      if (text.includes(MARK)) this.unsafe++;
      else remember(names, name, text);
    }
    return text;
  }

  /** ` AS "alias"`. */
  quoteAlias(alias: string): string {
    const aliases = this.cache.aliases;
    let text = aliases.get(alias);
    if (text === undefined) {
      text = flatten(` AS ${this.quote(alias)}`);
      if (!text.includes(MARK)) remember(aliases, alias, text);
    }
    return text;
  }

  /** `table.column`, each part quoted. */
  quoteColumn(table: string, column: string): string {
    const columns = this.cache.columns;
    let byColumn = columns.get(table);
    if (byColumn === undefined) {
      byColumn = new Map();
      remember(columns, table, byColumn);
    }
    let text = byColumn.get(column);
    if (text === undefined) {
      // join() gives one flat string: cached text is reused in every statement.
      text = [this.quote(table), '.', this.quote(column)].join('');
      if (!text.includes(MARK)) remember(byColumn, column, text);
    }
    return text;
  }
}

const NO_VALUES: readonly SqlValue[] = Object.freeze([]);
