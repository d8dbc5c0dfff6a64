import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Catalog } from '../../compiler/catalog/types.js';
import type { CanonEngine } from '../engine.js';
import { missingEmbeddedDatabase } from './warehouse-pool.js';

export interface PrepareSampleOptions {
  readonly engine: CanonEngine;
  readonly catalog: Catalog;
  readonly projectRoot: string;
  /** Default: the catalog's default_warehouse. */
  readonly warehouse?: string | undefined;
  /** Sample size factor. Default 1 (about 50k rows). */
  readonly scale?: number;
  readonly log: (message: string) => void;
}

/**
 * First run of `canon serve` on a fresh checkout: when the warehouse is an embedded database file
 * (DuckDB, SQLite) that does not exist, generate the deterministic sample warehouse into it, so the API answers
 * real questions at once. Any other warehouse is left alone.
 */
export async function prepareSampleWarehouse({ engine, catalog, projectRoot, warehouse, scale = 1, log }: PrepareSampleOptions): Promise<boolean> {
  const name = warehouse ?? catalog.project.defaultWarehouse;
  const config = catalog.project.warehouses[name];
  if (!config) return false;
  const path = missingEmbeddedDatabase(config, projectRoot);
  if (!path) return false;
  log(`warehouse '${name}' (${path}) does not exist: generating the sample RevOps warehouse into it...`);
  const started = Date.now();
  mkdirSync(dirname(path), { recursive: true });
  const connection = await engine.openConnection(config, projectRoot);
  try {
    await engine.loadSample(connection, { scale });
  } finally {
    await connection.close();
  }
  log(`sample warehouse ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}
