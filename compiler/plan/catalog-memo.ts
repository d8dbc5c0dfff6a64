/**
 * Memo tables that live as long as one catalog object. A compiled catalog is never mutated (a new
 * version is a new object), so anything computed from the catalog alone — join hops, dimension
 * reach, hint candidates — is computed once per catalog and shared by every request. Keys that can
 * come from requests (a dimension name a user typed) are bounded: a table past its limit is cleared
 * rather than allowed to grow without end.
 */
export class PerCatalog<V> {
  private readonly tables = new WeakMap<object, Map<string, V>>();

  /** @param limit entries kept per catalog before the table is cleared. */
  constructor(private readonly limit = 20_000) {}

  /**
   * The value for `key` under `owner` (a catalog, part of one, or another shared read-only object
   * such as a zone's transition table), computed on first use.
   */
  get<O extends object>(owner: O, key: string, compute: (owner: O, key: string) => V): V {
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
