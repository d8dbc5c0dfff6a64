import { watch, readdirSync, statSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface ProjectWatcherOptions {
  /** Quiet time after the last change before `onChange` runs: editors write files in bursts. Default 150 ms. */
  readonly debounceMs?: number;
  /**
   * Interval of the fallback poll over file names, sizes and mtimes. fs.watch with `recursive` works
   * on Node 20 on Linux, but misses a catalog folder that is deleted and re-created and events on
   * some network file systems; the poll catches those. Default 1000 ms.
   */
  readonly pollMs?: number;
}

/**
 * Calls `onChange` (debounced) when canon.yaml or any file under the catalog folder changes.
 * Returns a function that stops watching.
 */
export function watchProject(
  root: string,
  catalogFolder: () => string,
  onChange: () => void,
  { debounceMs = 150, pollMs = 1000 }: ProjectWatcherOptions = {},
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const trigger = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
  };

  const watchers: FSWatcher[] = [];
  let watchedFolder = '';
  const attach = (): void => {
    const folder = catalogFolder();
    if (folder === watchedFolder && watchers.length > 0) return;
    for (const w of watchers.splice(0)) w.close();
    watchedFolder = folder;
    tryWatch(root, false, (name) => {
      if (name === 'canon.yaml' || name === folder.split('/')[0]) trigger();
    }, watchers);
    tryWatch(join(root, folder), true, () => trigger(), watchers);
  };
  attach();

  let signature = projectSignature(root, watchedFolder);
  const poll = setInterval(() => {
    const next = projectSignature(root, catalogFolder());
    if (next !== signature) {
      signature = next;
      attach();
      trigger();
    }
  }, pollMs);
  poll.unref();

  return () => {
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    for (const w of watchers.splice(0)) w.close();
  };
}

function tryWatch(path: string, recursive: boolean, listener: (name: string) => void, into: FSWatcher[]): void {
  try {
    const watcher = watch(path, { recursive, persistent: false }, (_event, name) => listener(String(name ?? '')));
    // A watched folder that disappears emits an error; the poll takes over until it returns.
    watcher.on('error', () => watcher.close());
    into.push(watcher);
  } catch {
    // The folder may not exist yet; the poll notices when it appears.
  }
}

/** Names, sizes and mtimes of canon.yaml and every file under the catalog folder. */
export function projectSignature(root: string, folder: string): string {
  const parts: string[] = [];
  const add = (path: string): void => {
    try {
      const s = statSync(path);
      parts.push(`${path}:${s.size}:${s.mtimeMs}`);
    } catch {
      parts.push(`${path}:-`);
    }
  };
  add(join(root, 'canon.yaml'));
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else add(path);
    }
  };
  walk(join(root, folder));
  return parts.join('\n');
}
