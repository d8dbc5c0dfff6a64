import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompileResult } from '../../compiler/compile-project.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { catalogFolder } from '../../compiler/source/fs-source.js';
import { FULL_ACCESS } from '../access/access-scope.js';
import type { CatalogSnapshot, SchemaBuilder } from './catalog-snapshot.js';
import { LoadedCatalog } from './catalog-snapshot.js';
import { watchProject, type ProjectWatcherOptions } from './project-watcher.js';

export type ReloadOutcome = 'updated' | 'unchanged' | 'failed';

export interface CatalogStoreOptions {
  readonly projectRoot: string;
  /** Compiles the project on disk (compileProject over directorySource in production). */
  readonly compile: (projectRoot: string) => CompileResult;
  readonly buildSchema: SchemaBuilder;
  /** Told about every reload attempt (metrics, logs). */
  readonly onReload?: (outcome: ReloadOutcome, snapshot: CatalogSnapshot) => void;
}

/** The first compile failed: there is no good catalog to serve. */
export class CatalogLoadError extends Error {
  override readonly name = 'CatalogLoadError';
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`the catalog has ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
  }
}

/**
 * Holds the catalog being served and swaps it atomically. A reload compiles the project and builds
 * the unrestricted schema before anything is swapped; a reload with errors keeps the last good
 * catalog and only records the errors. Requests read `current` once and keep that snapshot.
 */
export class CatalogStore {
  private snapshot: CatalogSnapshot;
  private stopWatching: (() => void) | undefined;

  private constructor(private readonly options: CatalogStoreOptions, first: LoadedCatalog) {
    this.snapshot = { loaded: first, errors: [], checkedAt: first.loadedAt };
  }

  /** Compiles the project once; throws CatalogLoadError when it has errors. */
  static open(options: CatalogStoreOptions): CatalogStore {
    const result = options.compile(options.projectRoot);
    if (!result.catalog) throw new CatalogLoadError(result.diagnostics);
    const loaded = new LoadedCatalog(result.catalog, new Date(), options.buildSchema);
    loaded.schemaFor(FULL_ACCESS);
    return new CatalogStore(options, loaded);
  }

  get current(): CatalogSnapshot {
    return this.snapshot;
  }

  /** Recompiles now. Never throws: failures become the snapshot's `errors`. */
  reload(): ReloadOutcome {
    const checkedAt = new Date();
    let outcome: ReloadOutcome;
    try {
      const result = this.options.compile(this.options.projectRoot);
      if (!result.catalog) {
        this.snapshot = { loaded: this.snapshot.loaded, errors: result.diagnostics.filter((d) => d.severity === 'error'), checkedAt };
        outcome = 'failed';
      } else if (result.catalog.version === this.snapshot.loaded.catalog.version) {
        this.snapshot = { loaded: this.snapshot.loaded, errors: [], checkedAt };
        outcome = 'unchanged';
      } else {
        const loaded = new LoadedCatalog(result.catalog, checkedAt, this.options.buildSchema);
        // Build the schema before the swap: a catalog the schema cannot express must not go live.
        loaded.schemaFor(FULL_ACCESS);
        this.snapshot = { loaded, errors: [], checkedAt };
        outcome = 'updated';
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.snapshot = {
        loaded: this.snapshot.loaded,
        errors: [{ code: 'reload-failed', severity: 'error', message: `reloading the catalog failed: ${message}` }],
        checkedAt,
      };
      outcome = 'failed';
    }
    this.options.onReload?.(outcome, this.snapshot);
    return outcome;
  }

  /** Reloads whenever canon.yaml or the catalog folder changes, until `close()`. */
  watch(options: ProjectWatcherOptions = {}): void {
    if (this.stopWatching) return;
    const root = this.options.projectRoot;
    this.stopWatching = watchProject(root, () => catalogFolder(readText(join(root, 'canon.yaml'))), () => this.reload(), options);
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
