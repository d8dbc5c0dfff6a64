import type { SqlValue } from '../adapters/connection.js';
import type { TableDefinition } from './tables.js';

export interface SampleOptions {
  /** PRNG seed. Default 42. The same seed and scale always give identical rows. */
  readonly seed?: number;
  /** Size factor: 1 is about 2,000 accounts; sizes grow linearly. Default 1. */
  readonly scale?: number;
  /**
   * Accounts per batch. Default 500. Only changes how rows are chunked, never which rows: memory
   * stays bounded at any scale because a batch is loaded and dropped before the next is made.
   */
  readonly batchAccounts?: number;
}

export type SampleRow = readonly SqlValue[];

/** Rows for some tables, each row an array in its table's column order. */
export type SampleBatch = Readonly<Record<string, readonly SampleRow[]>>;

export interface SampleData {
  readonly seed: number;
  readonly scale: number;
  readonly tables: readonly TableDefinition[];
  /** Generates the data afresh on every call (deterministically), so it can be loaded many times. */
  batches(): Iterable<SampleBatch>;
}

/** Every row of every table in memory; for tests and small scales only. */
export function collectSample(data: SampleData): Record<string, SampleRow[]> {
  const out: Record<string, SampleRow[]> = {};
  for (const t of data.tables) out[t.name] = [];
  for (const batch of data.batches()) {
    for (const [name, rows] of Object.entries(batch)) {
      const target = out[name];
      if (!target) throw new Error(`sample batch has rows for unknown table '${name}'`);
      for (const row of rows) target.push(row);
    }
  }
  return out;
}
