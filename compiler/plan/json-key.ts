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
