import type { ProjectSource, SourceRange } from '../source/source.js';
import type { Diagnostic, Severity } from './diagnostic.js';

export interface PrettyOptions {
  /** ANSI colours. Default false: the CLI turns them on only for a TTY without NO_COLOR. */
  readonly color?: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', cyan: '\u001b[36m', dim: '\u001b[2m' };
const SEVERITY_COLOUR: Readonly<Record<Severity, string>> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.blue };

/** Lines shown of a file are bounded so a minified one-line file cannot flood the terminal. */
const MAX_SHOWN_LINE = 200;

/**
 * Compiler-style text, one block per diagnostic:
 *
 * ```
 * metrics/kpis/sales.yaml:12:15: error[unknown-measure]: metric `win_rate` names unknown measure `deals_wonn`
 *    12 |     measure: deals_wonn
 *       |              ^^^^^^^^^^
 *   hint: did you mean 'deals_won'?
 *   note: metrics/models.yaml:40:9: measure `deals_won` is defined here
 * ```
 */
export function formatPretty(diagnostics: readonly Diagnostic[], source: ProjectSource, options: PrettyOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ANSI.reset}` : text);
  const lines = new Map<string, readonly string[] | undefined>();
  const lineOf = (file: string, line: number): string | undefined => {
    if (!lines.has(file)) lines.set(file, source.readFile(file)?.split(/\r?\n/));
    return lines.get(file)?.[line - 1];
  };
  const blocks = diagnostics.map((d) => {
    const out: string[] = [];
    const head = `${paint(SEVERITY_COLOUR[d.severity] + ANSI.bold, d.severity)}${paint(ANSI.bold, `[${d.code}]`)}: ${d.message}`;
    out.push(d.range ? `${paint(ANSI.bold, where(d.range))}: ${head}` : head);
    if (d.range) out.push(...snippet(d.range, lineOf(d.range.file, d.range.start.line), paint, SEVERITY_COLOUR[d.severity]));
    if (d.hint) out.push(`  ${paint(ANSI.cyan + ANSI.bold, 'hint')}: ${d.hint}`);
    for (const note of d.related ?? []) {
      out.push(`  ${paint(ANSI.bold, 'note')}: ${note.range ? `${where(note.range)}: ` : ''}${note.message}`);
    }
    return out.join('\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

/** One-line summary: `2 errors, 1 warning`. */
export function formatCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function where(range: SourceRange): string {
  return `${range.file}:${range.start.line}:${range.start.col}`;
}

function snippet(
  range: SourceRange,
  text: string | undefined,
  paint: (code: string, text: string) => string,
  colour: string,
): string[] {
  if (text === undefined) return [];
  // Tabs would make the caret drift; show them as one space each, as columns count them.
  const shown = text.replace(/\t/g, ' ').slice(0, MAX_SHOWN_LINE);
  const number = String(range.start.line);
  const gutter = ' '.repeat(number.length);
  const startCol = Math.min(range.start.col, shown.length + 1);
  // Multi-line ranges are underlined to the end of their first line.
  const endCol = range.end.line === range.start.line ? Math.max(range.end.col, startCol + 1) : Math.max(shown.length + 1, startCol + 1);
  const width = Math.max(1, Math.min(endCol, shown.length + 1) - startCol);
  const caret = `${' '.repeat(startCol - 1)}${'^'.repeat(width)}`;
  return [
    `  ${paint(ANSI.dim, `${number} |`)} ${shown}`,
    `  ${paint(ANSI.dim, `${gutter} |`)} ${paint(colour + ANSI.bold, caret)}`,
  ];
}
