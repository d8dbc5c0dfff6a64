import type { MemoisableAnswer } from '../context.js';

/** A response as sent: status, headers (content-length included) and body bytes. */
export interface MemoisedBytes extends MemoisableAnswer {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ResponseBytesMemoOptions {
  /** Responses kept (LRU). Default 1000, as many as the result cache holds results. */
  readonly maxEntries?: number;
  /**
   * Bytes of keys and bodies kept, at most. Default 64 MiB: a response can be large (up to the row
   * cap), and each is a copy of what the result cache holds in another form.
   */
  readonly maxBytes?: number;
}

/**
 * The HTTP front door's memo: response bytes by request key, for one catalog version at a time. An
 * entry of another version is never returned, and the first entry of a new version empties the
 * rest, so a reload never serves what the previous catalog answered. Least recently used entries go
 * first when either bound is passed (a Map's insertion order is its recency order).
 */
export class ResponseBytesMemo {
  private version: string | undefined;
  private readonly entries = new Map<string, MemoisedBytes>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor({ maxEntries = 1000, maxBytes = 64 * 1024 * 1024 }: ResponseBytesMemoOptions = {}) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  get(catalogVersion: string, key: string): MemoisedBytes | undefined {
    if (catalogVersion !== this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(catalogVersion: string, key: string, entry: MemoisedBytes): void {
    if (catalogVersion !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = catalogVersion;
    }
    const size = sizeOf(key, entry);
    if (size > this.maxBytes) return;
    this.remove(key);
    this.entries.set(key, entry);
    this.bytes += size;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.remove(this.entries.keys().next().value as string);
    }
  }

  /** Forget one entry (a response whose result-cache entries have gone). */
  delete(key: string): void {
    this.remove(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, entry);
  }
}

function sizeOf(key: string, entry: MemoisedBytes): number {
  return key.length * 2 + entry.body.length;
}
