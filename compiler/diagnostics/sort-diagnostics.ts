import type { Diagnostic } from './diagnostic.js';

/**
 * By file, line, column, then code — the order compileProject promises — so every phase's output is
 * deterministic on its own (the loader is also called directly by tests and the bench).
 */
export function byLocation(a: Diagnostic, b: Diagnostic): number {
  const fa = a.range?.file ?? '';
  const fb = b.range?.file ?? '';
  return (
    (fa < fb ? -1 : fa > fb ? 1 : 0) ||
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.col ?? 0) - (b.range?.start.col ?? 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
