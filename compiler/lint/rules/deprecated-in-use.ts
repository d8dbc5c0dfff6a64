import { directMetricReferences } from '../../catalog/dependencies.js';
import type { Metric } from '../../catalog/types.js';
import { fieldRange, metricsByName, type LintFinding, type LintRule } from '../lint-rule.js';

/** A deprecated metric still feeding live ones cannot be removed; say which metrics hold it up. */
export const deprecatedInUse: LintRule = {
  code: 'deprecated-in-use',
  defaultSeverity: 'warning',
  description: 'Metrics that are not deprecated do not use deprecated metrics.',
  check(catalog) {
    const findings: LintFinding[] = [];
    for (const metric of metricsByName(catalog)) {
      if (metric.status === 'deprecated') continue;
      for (const ref of [...new Set(directMetricReferences(metric))].sort()) {
        const used = catalog.metrics[ref];
        if (used?.status !== 'deprecated') continue;
        findings.push({
          message: `metric '${metric.name}' uses deprecated metric '${ref}'`,
          range: fieldRange(metric, referenceField(metric, ref)),
          hint: `Replace '${ref}' with its successor, or deprecate '${metric.name}' too.`,
          related: used.range ? [{ message: `'${ref}' is deprecated here`, range: fieldRange(used, 'status')! }] : [],
        });
      }
    }
    return findings;
  },
};

/** The field of `metric` that names `ref`. */
function referenceField(metric: Metric, ref: string): string {
  if (metric.type === 'derived') return 'expr';
  if (metric.type === 'ratio') return metric.numerator.metric === ref ? 'numerator' : 'denominator';
  return 'name';
}
