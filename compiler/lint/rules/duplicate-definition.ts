import type { Catalog, Metric, MetricInput } from '../../catalog/types.js';
import type { Expr } from '../../expr/ast.js';
import { exprToText } from '../../expr/expr-to-text.js';
import { metricsByName, type LintFinding, type LintRule } from '../lint-rule.js';

/**
 * The "inconsistent definitions" pitfall in reverse: the same computation published under two names
 * drifts apart as soon as one copy is edited. Definitions are compared after normalisation (canonical
 * expression text, ratio inputs expanded to their own definitions), so formatting differences and
 * renamed-but-identical inputs do not hide a copy.
 */
export const duplicateDefinition: LintRule = {
  code: 'duplicate-definition',
  defaultSeverity: 'warning',
  description: 'No two metrics compute the same thing under different names.',
  check(catalog) {
    const groups = new Map<string, Metric[]>();
    for (const metric of metricsByName(catalog)) {
      const key = definitionKey(catalog, metric, new Set());
      groups.set(key, [...(groups.get(key) ?? []), metric]);
    }
    const findings: LintFinding[] = [];
    for (const group of groups.values()) {
      const [first, ...copies] = group;
      for (const copy of copies) {
        findings.push({
          message: `metric '${copy.name}' has the same definition as '${first!.name}'`,
          ...(copy.range ? { range: copy.range } : {}),
          hint: `Keep one of them; if both names are needed, make '${copy.name}' a derived metric with \`expr: ${first!.name}\` or deprecate it.`,
          related: first!.range ? [{ message: `'${first!.name}' is defined here`, range: first!.range }] : [],
        });
      }
    }
    return findings;
  },
};

function filterText(filter: Expr | null): string {
  return filter ? exprToText(filter) : '';
}

/** A canonical string for what a metric computes; ignores names and metadata. */
export function definitionKey(catalog: Catalog, metric: Metric, expanding: Set<string>): string {
  switch (metric.type) {
    case 'simple':
      return `simple(${metric.measure} | ${filterText(metric.filter)})`;
    case 'cumulative':
      return `cumulative(${metric.measure} | ${filterText(metric.filter)} | ${metric.window ? `${metric.window.count} ${metric.window.grain}` : ''} | ${metric.grainToDate ?? ''})`;
    case 'conversion':
      return `conversion(${metric.entity} | ${metric.baseMeasure} | ${metric.conversionMeasure} | ${metric.window.count} ${metric.window.grain} | ${metric.calculation})`;
    case 'derived':
      return `derived(${exprToText(metric.expr)})`;
    case 'ratio': {
      const input = (i: MetricInput): string => {
        const used = catalog.metrics[i.metric];
        // Expand an input to its definition, so ratios over two same-but-renamed metrics still match.
        const inner = used && !expanding.has(used.name) ? definitionKey(catalog, used, new Set([...expanding, metric.name])) : i.metric;
        return `${inner} | ${filterText(i.filter)}`;
      };
      return `ratio(${input(metric.numerator)} / ${input(metric.denominator)})`;
    }
  }
}
