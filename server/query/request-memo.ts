/**
 * What a request compiled to, remembered per catalog version: a bounded LRU (a Map's insertion
 * order is its recency order) that empties itself when a request of another catalog version
 * arrives, so a reload never serves SQL compiled against the previous catalog.
 */
export class RequestMemo<T> {
  private version: string | undefined;
  private readonly entries = new Map<string, T>();

  /** @param maxEntries most requests kept; the least recently used goes first. */
  constructor(private readonly maxEntries = 1000) {}

  get(catalogVersion: string, key: string): T | undefined {
    if (catalogVersion !== this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Most recently used last: delete and re-insert (cheap on a Map).
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(catalogVersion: string, key: string, entry: T): void {
    if (catalogVersion !== this.version) {
      this.entries.clear();
      this.version = catalogVersion;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
