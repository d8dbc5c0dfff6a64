import type { SourcePosition, SourceRange } from '../source/source.js';

/** Where an expression's text sits in its file: the position of its first character. */
export interface ExprOrigin {
  /** Project-relative path of the YAML file. */
  readonly file: string;
  /** 1-based line of the first character. */
  readonly line: number;
  /** 1-based column of the first character. */
  readonly col: number;
  /** 0-based offset of the first character in the file. */
  readonly offset: number;
}

/** Used when the caller has no file, e.g. a request filter typed into the API. */
export const requestOrigin: ExprOrigin = { file: '<expression>', line: 1, col: 1, offset: 0 };

/**
 * Maps offsets in the expression text to file positions. Continuation lines are assumed to start
 * at the same column as the first line, which is how YAML block scalars (`|`, `>`) lay text out:
 * the parser hands us the text with that indentation stripped, so each later line lost
 * `origin.col - 1` characters that we add back.
 */
export class PositionMap {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly origin: ExprOrigin,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(this.text.length, Number.isFinite(offset) ? offset : this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const column = clamped - this.lineStarts[lo]!;
    return {
      line: this.origin.line + lo,
      col: this.origin.col + column,
      offset: this.origin.offset + clamped + lo * (this.origin.col - 1),
    };
  }

  /** Range from `start` to `end` (exclusive), as text offsets. */
  range(start: number, end: number): SourceRange {
    return { file: this.origin.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** A zero-width range at the end of the text, for "found end of expression". */
  endRange(): SourceRange {
    return this.range(this.text.length, this.text.length);
  }
}
