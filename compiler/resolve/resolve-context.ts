import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DocPath, Located, RawCatalogDocument } from '../load/documents.js';
import type { SourceRange } from '../source/source.js';

/** One named definition as written: where it sits, so every later diagnostic can point back at it. */
export interface Definition<T> {
  readonly raw: T;
  readonly doc: Located<RawCatalogDocument>;
  /** Path of the definition inside its document, e.g. `['metrics', 3]`. */
  readonly path: DocPath;
}

/** Range of a field of a definition (`at(def, 'numerator')`), or of the definition itself. */
export function at(def: Definition<unknown>, ...subpath: DocPath): SourceRange {
  return def.doc.locate([...def.path, ...subpath]);
}

/** Range of a field's key (`owner:` rather than its value). */
export function keyAt(def: Definition<unknown>, ...subpath: DocPath): SourceRange {
  return def.doc.locate([...def.path, ...subpath], true);
}

/** Collects resolver diagnostics; every one carries a range. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  /** Kept as diagnostics arrive: counting on each call made checks quadratic in the error count. */
  private errors = 0;

  error(code: string, message: string, range: SourceRange, hint?: string, related?: Diagnostic['related']): void {
    this.push({ code, severity: 'error', message, range, ...(hint ? { hint } : {}), ...(related ? { related } : {}) });
  }

  warning(code: string, message: string, range: SourceRange, hint?: string): void {
    this.push({ code, severity: 'warning', message, range, ...(hint ? { hint } : {}) });
  }

  push(...diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) {
      this.diagnostics.push(d);
      if (d.severity === 'error') this.errors++;
    }
  }

  get errorCount(): number {
    return this.errors;
  }
}

/** `did you mean` hint, or a fallback listing what exists when nothing is close. */
export function unknownNameHint(suggestion: string | undefined, fallback: string): string {
  return suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : fallback;
}
