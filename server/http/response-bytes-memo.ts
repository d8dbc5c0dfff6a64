import type { MemoisableAnswer } from '../context.js';
import { RequestMemo } from '../query/request-memo.js';

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
export class ResponseBytesMemo extends RequestMemo<MemoisedBytes> {
  constructor({ maxEntries = 1000, maxBytes = 64 * 1024 * 1024 }: ResponseBytesMemoOptions = {}) {
    super({ maxEntries, maxSize: maxBytes, sizeOf });
  }
}

function sizeOf(key: string, entry: MemoisedBytes): number {
  return key.length * 2 + entry.body.length;
}
