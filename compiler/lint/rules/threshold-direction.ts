import type { Metric } from '../../catalog/types.js';
import { fieldRange, metricsByName, type LintFinding, type LintRule } from '../lint-rule.js';

type Threshold = Metric['thresholds'][number];

/** `below` or `above`: the side of the band a threshold alerts on. */
function sideOf(t: Threshold): 'below' | 'above' | undefined {
  return t.below !== undefined ? 'below' : t.above !== undefined ? 'above' : undefined;
}

function bound(t: Threshold): number {
  return (t.below ?? t.above)!;
}

/**
 * Thresholds must alert on the bad side of the metric: a higher-is-better KPI (win rate) warns when
 * it falls below a bound, a lower-is-better one (CAC) when it rises above. And the critical band lies
 * beyond the warning band, or the critical alert would fire first and the warning never.
 */
export const thresholdDirection: LintRule = {
  code: 'threshold-direction',
  defaultSeverity: 'error',
  description: 'Thresholds agree with the direction, and critical is more extreme than warning.',
  check(catalog) {
    const findings: LintFinding[] = [];
    for (const metric of metricsByName(catalog)) {
      const expected = metric.direction === 'higher_is_better' ? 'below' : metric.direction === 'lower_is_better' ? 'above' : undefined;
      metric.thresholds.forEach((t, i) => {
        const side = sideOf(t);
        if (expected && side && side !== expected) {
          findings.push({
            message: `metric '${metric.name}' is ${metric.direction} but its ${t.level} threshold alerts when it is ${side} ${bound(t)}`,
            range: fieldRange(metric, `thresholds.${i}`),
            hint: `Use \`${expected}:\` for a ${metric.direction} metric (or fix \`direction\`).`,
          });
        }
      });
      for (const side of ['below', 'above'] as const) {
        if (expected && side !== expected) continue;
        const warningIndex = metric.thresholds.findIndex((t) => t.level === 'warning' && sideOf(t) === side);
        const criticalIndex = metric.thresholds.findIndex((t) => t.level === 'critical' && sideOf(t) === side);
        if (warningIndex < 0 || criticalIndex < 0) continue;
        const warning = bound(metric.thresholds[warningIndex]!);
        const critical = bound(metric.thresholds[criticalIndex]!);
        const ok = side === 'below' ? critical < warning : critical > warning;
        if (!ok) {
          findings.push({
            message: `metric '${metric.name}' has a critical threshold (${side} ${critical}) that is not beyond its warning threshold (${side} ${warning})`,
            range: fieldRange(metric, `thresholds.${criticalIndex}`),
            hint:
              side === 'below'
                ? `A critical bound for \`below\` must be lower than the warning bound ${warning}.`
                : `A critical bound for \`above\` must be higher than the warning bound ${warning}.`,
          });
        }
      }
      if (!expected) {
        const sides = new Set(metric.thresholds.map(sideOf).filter((s) => s !== undefined));
        if (sides.size > 1) {
          findings.push({
            message: `metric '${metric.name}' has thresholds on both sides (below and above) and no direction`,
            range: fieldRange(metric, 'thresholds'),
            hint: 'Set `direction:` and express every threshold on the bad side of it.',
          });
        }
      }
    }
    return findings;
  },
};
