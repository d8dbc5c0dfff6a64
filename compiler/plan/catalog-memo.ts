/**
 * Memo tables that live as long as one catalog object. A compiled catalog is never mutated (a new
 * version is a new object), so anything computed from the catalog alone — join hops, dimension
 * reach, hint candidates — is computed once per catalog and shared by every request. Keys that can
 * come from requests (a dimension name a user typed) are bounded: a table past its limit is cleared
 * rather than allowed to grow without end.
 */
export class PerCatalog<V, K = string> {
  private readonly tables = new WeakMap<object, Map<K, V>>();

  /** @param limit entries kept per catalog before the table is cleared. */
  constructor(private readonly limit = 20_000) {}

  /**
   * The value for `key` under `owner` (a catalog, part of one, or another shared read-only object
   * such as a zone's transition table, or a shared node), computed on first use. Keys are names by
   * default; an object key (a transition table) is compared by identity.
   */
  get<O extends object>(owner: O, key: K, compute: (owner: O, key: K) => V): V {
    let table = this.tables.get(owner);
    if (!table) {
      table = new Map();
      this.tables.set(owner, table);
    }
    const hit = table.get(key);
    if (hit !== undefined || table.has(key)) return hit as V;
    const value = compute(owner, key);
    if (table.size >= this.limit) table.clear();
    table.set(key, value);
    return value;
  }
}

/**
 * PerCatalog keyed by two names (a model and a dimension name, say) in nested maps, so a lookup
 * does not build a composite key string on every call (it is made on hot paths, per dimension and
 * row source).
 */
export class PerCatalogPair<V> {
  private readonly tables = new WeakMap<object, { size: number; readonly byOuter: Map<string, Map<string, V>> }>();

  /** @param limit entries kept per owner before its table is cleared. */
  constructor(private readonly limit = 20_000) {}

  get<O extends object>(owner: O, outer: string, inner: string, compute: (owner: O, outer: string, inner: string) => V): V {
    let table = this.tables.get(owner);
    if (!table) {
      table = { size: 0, byOuter: new Map() };
      this.tables.set(owner, table);
    }
    let byInner = table.byOuter.get(outer);
    if (!byInner) {
      byInner = new Map();
      table.byOuter.set(outer, byInner);
    }
    const hit = byInner.get(inner);
    if (hit !== undefined || byInner.has(inner)) return hit as V;
    const value = compute(owner, outer, inner);
    if (table.size >= this.limit) {
      table.byOuter.clear();
      table.size = 0;
      byInner = new Map();
      table.byOuter.set(outer, byInner);
    }
    byInner.set(inner, value);
    table.size++;
    return value;
  }
}

/** What nestedMap needs of its outer table: a Map or a WeakMap. */
interface MapLike<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The inner map under `key` in `outer`, made empty on first use: one step of a memo keyed by a
 * path of names (or objects) in nested maps rather than by a key string joined on every call.
 */
export function nestedMap<K, IK, V>(outer: MapLike<K, Map<IK, V>>, key: K): Map<IK, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
