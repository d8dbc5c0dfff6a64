import { existsSync } from 'node:fs';
import { embeddedDatabaseFile } from '../../adapters/connect.js';
import { WarehouseError, type WarehouseConnection } from '../../adapters/connection.js';
import type { WarehouseConfig } from '../../compiler/catalog/types.js';
import type { CanonEngine } from '../engine.js';

export interface WarehousePoolOptions {
  readonly engine: CanonEngine;
  readonly projectRoot: string;
  readonly log?: (message: string) => void;
}

/**
 * One open connection per warehouse configuration, opened on first use. A connection that reports
 * the warehouse unavailable is dropped, so the next request opens a fresh one once it is back.
 */
export class WarehousePool {
  private readonly connections = new Map<string, Promise<WarehouseConnection>>();
  /** The same connections once open, for callers that can take one without waiting. */
  private readonly open = new Map<string, WarehouseConnection>();
  /** Pool key per config object: a catalog's config objects are asked for on every request. */
  private readonly keys = new WeakMap<WarehouseConfig, { readonly name: string; readonly key: string }>();

  constructor(private readonly options: WarehousePoolOptions) {}

  connection(name: string, config: WarehouseConfig): Promise<WarehouseConnection> {
    const key = this.keyOf(name, config);
    let connection = this.connections.get(key);
    if (!connection) {
      const opening = this.options.engine.openConnection(config, this.options.projectRoot).then(
        (opened) => {
          // Not when it was discarded while opening: discard closes it.
          if (this.connections.get(key) === opening) this.open.set(key, opened);
          return opened;
        },
        (error: unknown) => {
          this.connections.delete(key);
          throw error instanceof WarehouseError ? error : new WarehouseError('WAREHOUSE_UNAVAILABLE', `cannot open warehouse '${name}'`, error);
        },
      );
      connection = opening;
      this.connections.set(key, connection);
    }
    return connection;
  }

  /** The open connection for this warehouse, or undefined while none is open (then use `connection`). */
  openConnection(name: string, config: WarehouseConfig): WarehouseConnection | undefined {
    return this.open.get(this.keyOf(name, config));
  }

  /** Forget a broken connection (closing it in the background). */
  discard(name: string, config: WarehouseConfig): void {
    const key = this.keyOf(name, config);
    const connection = this.connections.get(key);
    this.connections.delete(key);
    this.open.delete(key);
    connection?.then((c) => c.close()).catch(() => {});
  }

  /** Same name and same settings, same connection (a reloaded catalog keeps its open connections). */
  private keyOf(name: string, config: WarehouseConfig): string {
    const known = this.keys.get(config);
    if (known !== undefined && known.name === name) return known.key;
    const key = `${name}\u0000${JSON.stringify(config)}`;
    this.keys.set(config, { name, key });
    return key;
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    this.open.clear();
    await Promise.all(all.map((c) => c.then((conn) => conn.close()).catch(() => {})));
  }
}

/**
 * The embedded database file (DuckDB, SQLite) a warehouse config points to, when that file does not
 * exist yet: `canon serve` then generates the sample warehouse into it first.
 */
export function missingEmbeddedDatabase(config: WarehouseConfig, projectRoot: string): string | undefined {
  const file = embeddedDatabaseFile(config, projectRoot);
  return file === undefined || existsSync(file) ? undefined : file;
}
