/**
 * JSON of an immutable plan or SQL-tree object, memoised per object. Catalog-derived objects
 * (reached dimensions, lowered catalog filters) are shared by every request, so comparing them by
 * JSON costs one serialisation per catalog instead of one per comparison.
 */
const keys = new WeakMap<object, string>();

export function jsonKey(value: object): string {
  let key = keys.get(value);
  if (key === undefined) {
    key = JSON.stringify(value);
    keys.set(value, key);
  }
  return key;
}

/**
 * A short stand-in for jsonKey(value) of a catalog-derived object (a reached dimension): equal JSON,
 * equal id, within one catalog. Keys built from it (merge groups, leaf keys) stay short, so the Map
 * lookups hashing them do not copy and hash the objects' JSON again on every request. The table is
 * per catalog and only holds catalog-derived values, so it is bounded by the catalog.
 */
const ids = new WeakMap<object, string>();
const interned = new WeakMap<object, Map<string, string>>();

export function internedKey(catalog: object, value: object): string {
  let id = ids.get(value);
  if (id === undefined) {
    let table = interned.get(catalog);
    if (table === undefined) {
      table = new Map();
      interned.set(catalog, table);
    }
    const json = jsonKey(value);
    id = table.get(json);
    if (id === undefined) {
      id = `#${table.size}`;
      table.set(json, id);
    }
    ids.set(value, id);
  }
  return id;
}
