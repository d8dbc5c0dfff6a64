import type { Diagnostic, Severity } from './diagnostic.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one per diagnostic, so problems show as annotations on the
 * pull request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * The hint and related locations follow the message on their own lines (escaped as %0A).
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(githubLine).join('');
}

export function githubLine(d: Diagnostic): string {
  const props: string[] = [];
  if (d.range) {
    props.push(`file=${escapeProperty(d.range.file)}`);
    props.push(`line=${d.range.start.line}`, `col=${d.range.start.col}`);
    props.push(`endLine=${d.range.end.line}`, `endColumn=${d.range.end.col}`);
  }
  props.push(`title=${escapeProperty(`canon ${d.code}`)}`);
  const lines = [d.message];
  if (d.hint) lines.push(`hint: ${d.hint}`);
  for (const r of d.related ?? []) {
    lines.push(`note: ${r.range ? `${r.range.file}:${r.range.start.line}:${r.range.start.col}: ` : ''}${r.message}`);
  }
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(lines.join('\n'))}\n`;
}

/** Message text: `%`, CR and LF would end or corrupt the command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally must not contain the `:` and `,` that delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
