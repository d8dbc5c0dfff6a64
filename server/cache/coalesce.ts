/**
 * Identical work asked for while it is already running is done once: every caller of the same key
 * gets the first caller's promise. The entry is dropped when the work settles, so a failure is not
 * remembered.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** Runs `work` unless the same key is in flight; `shared` tells whether the caller joined another's run. */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
    const existing = this.running.get(key);
    if (existing) return { promise: existing, shared: true };
    const promise = work();
    this.running.set(key, promise);
    // The entry goes on a side chain: callers await the work itself, not one more promise after it.
    const drop = (): void => {
      if (this.running.get(key) === promise) this.running.delete(key);
    };
    promise.then(drop, drop);
    return { promise, shared: false };
  }

  get size(): number {
    return this.running.size;
  }
}
