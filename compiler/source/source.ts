/** A position in a source file. Lines and columns are 1-based; offset is 0-based UTF-16. */
export interface SourcePosition {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/** A span of text in one file, as shown to analysts (file:line:col). */
export interface SourceRange {
  /** Path relative to the project root, with forward slashes (e.g. `metrics/kpis/sales.yaml`). */
  readonly file: string;
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/**
 * Where project files come from. The compiler reads files only through this interface so the same
 * code compiles the working tree, a git revision (issue 5) or an in-memory fixture in tests.
 */
export interface ProjectSource {
  /** Human-readable description, e.g. the folder or `git:abc123`. */
  readonly label: string;
  /** Paths relative to the project root, forward slashes, sorted. Includes `canon.yaml` if present. */
  listFiles(): readonly string[];
  /** Text of a file; `undefined` when it does not exist. */
  readFile(path: string): string | undefined;
}
