/**
 * Counts and observations made on the request path, kept as plain numbers and handed to
 * prom-client when a scrape reads the metrics (each metric's `collect` flushes them) or when many
 * are pending. A prom-client label child hashes its labels on every `inc`/`observe`; a request
 * made five such calls (cache outcome, warehouse duration, request counter and duration, the front
 * door's counter), all before its client could read the answer it had just been sent. What a
 * scrape shows is the same: every pending value is applied before the registry serialises.
 */
export interface Observer {
  observe(value: number): void;
}

export interface Incrementer {
  inc(): void;
}

/** Values pending at once before they are applied without waiting for a scrape. */
const MAX_PENDING = 10_000;

export class DeferredMetrics {
  private readonly flushes: (() => void)[] = [];
  private pending = 0;

  /** An observer whose values reach `target` at the next flush. */
  observer(target: { observe(value: number): void }): Observer {
    const values: number[] = [];
    this.flushes.push(() => {
      for (const value of values) target.observe(value);
      values.length = 0;
    });
    return {
      observe: (value) => {
        values.push(value);
        this.counted();
      },
    };
  }

  /** A counter whose increments reach `target` at the next flush, added up. */
  counter(target: { inc(value?: number): void }): Incrementer {
    let count = 0;
    this.flushes.push(() => {
      if (count === 0) return;
      target.inc(count);
      count = 0;
    });
    return {
      inc: () => {
        count++;
        this.counted();
      },
    };
  }

  /** Applies every pending value to its prom-client metric. */
  flush(): void {
    this.pending = 0;
    for (const flush of this.flushes) flush();
  }

  private counted(): void {
    if (++this.pending >= MAX_PENDING) this.flush();
  }
}
