import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { lineDiff } from './line-diff.js';
import type { DiffReport, MetricReview } from './report.js';
import type { FieldChange } from './types.js';
import type { ValuePoint } from './value-impact.js';

/**
 * `canon diff` as Markdown fit for a pull-request comment: a summary line, the errors that block
 * the change, then per metric its field changes, SQL before and after, the metrics built on it and
 * what its numbers do. Deterministic for the same inputs.
 */
export function renderDiffMarkdown(report: DiffReport): string {
  const out: string[] = [`## Canon diff: ${report.base} → ${report.head}`, ''];
  out.push(summaryLine(report), '');
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const warnings = report.diagnostics.filter((d) => d.severity !== 'error');
  if (errors.length > 0) out.push('### Errors', '', ...errors.map(diagnosticLine), '');
  if (warnings.length > 0) out.push('### Warnings', '', ...warnings.map(diagnosticLine), '');
  for (const review of report.metrics) out.push(...metricSection(review, report), '');
  const models = report.diff?.models ?? [];
  if (models.length > 0) {
    out.push('### Semantic models', '');
    for (const model of models) {
      const affected = model.affectedMetrics.length > 0 ? ` — affects ${codeList(model.affectedMetrics)}` : '';
      out.push(`#### \`${model.name}\` ${model.kind}${model.breaking ? ' (breaking)' : ''}${affected}`, '');
      if (model.fields.length > 0) out.push(...fieldTable(model.fields), '');
    }
  }
  if (report.valuesNote) out.push(`_${report.valuesNote}_`, '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function summaryLine(report: DiffReport): string {
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const verdict = errors > 0 ? `❌ ${plural(errors, 'error')}` : '✅ no errors';
  if (!report.diff) return `**${verdict}** — the catalogs could not both be compiled, so no diff was made.`;
  const s = report.diff.summary;
  const parts = [
    `${s.breaking} breaking`,
    `${s.nonBreaking} non-breaking`,
    `${s.added} added`,
    `${s.removed} removed`,
    `${s.renamed} renamed`,
    `${s.deprecated} deprecated`,
  ];
  if (s.modelsChanged > 0) parts.push(plural(s.modelsChanged, 'model') + ' changed');
  if (report.diff.metrics.length === 0 && report.diff.models.length === 0) return `**${verdict}** — no definition changes.`;
  return `**${verdict}** — metrics: ${parts.join(', ')}.`;
}

function metricSection(review: MetricReview, report: DiffReport): string[] {
  const change = review.change;
  const what = change
    ? change.kind === 'renamed'
      ? `renamed from \`${change.previousName}\``
      : change.kind === 'changed'
        ? change.deprecated
          ? 'deprecated'
          : change.breaking
            ? 'breaking change'
            : 'non-breaking change'
        : change.kind
    : `may change through ${codeList([...review.viaMetrics, ...review.viaModels])}`;
  const version =
    change?.versionBefore !== undefined && change.versionAfter !== undefined
      ? ` (v${change.versionBefore} → v${change.versionAfter})`
      : '';
  const out = [`### \`${review.name}\` — ${what}${version}`, ''];
  if (change && change.fields.length > 0) out.push(...fieldTable(change.fields), '');
  if (review.dependents.length > 0) out.push(`**Used by:** ${codeList(review.dependents)}`, '');
  if (review.sqlUnchanged) {
    out.push('_SQL unchanged: this change cannot move a number._', '');
  } else if (review.sqlBefore !== undefined || review.sqlAfter !== undefined) {
    if (review.sqlBefore !== undefined && review.sqlAfter !== undefined) {
      out.push('SQL change (by month):', '', '```diff', lineDiff(review.sqlBefore.trim(), review.sqlAfter.trim()), '```', '');
    }
    out.push(`<details><summary>SQL${report.warehouse ? ` for ${report.warehouse}` : ''} before and after (by month)</summary>`, '');
    if (review.sqlBefore !== undefined) out.push('Before:', '', '```sql', review.sqlBefore.trim(), '```', '');
    if (review.sqlAfter !== undefined) out.push('After:', '', '```sql', review.sqlAfter.trim(), '```', '');
    out.push('</details>', '');
  }
  if (review.values && review.values.length > 0) out.push(...valueTable(review.values), '');
  for (const note of review.notes) out.push(`_${note}_`, '');
  return out;
}

function fieldTable(fields: readonly FieldChange[]): string[] {
  return [
    '| field | before | after | |',
    '|---|---|---|---|',
    ...fields.map((f) => `| \`${f.field}\` | ${cell(f.before)} | ${cell(f.after)} | ${f.breaking ? 'breaking' : ''} |`),
  ];
}

function valueTable(points: readonly ValuePoint[]): string[] {
  return [
    `Values, last ${plural(points.length, 'month')}:`,
    '',
    '| month | before | after | change | change % |',
    '|---|---:|---:|---:|---:|',
    ...points.map(
      (p) =>
        `| ${p.period.slice(0, 7)} | ${num(p.before)} | ${num(p.after)} | ${signed(p.absolute)} | ${p.percent === null ? '—' : `${signed(p.percent, 1)}%`} |`,
    ),
  ];
}

function diagnosticLine(d: Diagnostic): string {
  const where = d.range ? ` \`${d.range.file}:${d.range.start.line}:${d.range.start.col}\`` : '';
  const hint = d.hint ? ` _${d.hint}_` : '';
  return `- **${d.code}**${where} ${d.message}${hint}`;
}

function cell(text: string | undefined): string {
  if (text === undefined) return '—';
  return '`' + text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\n/g, ' ') + '`';
}

function num(n: number | null): string {
  if (n === null) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(Math.abs(n) < 10 ? 4 : 2);
}

function signed(n: number | null, digits?: number): string {
  if (n === null) return '—';
  const text = digits !== undefined ? n.toFixed(digits) : num(n);
  return n > 0 ? `+${text}` : text;
}

function codeList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
