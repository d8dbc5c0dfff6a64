import { fieldRange, metricsByName, type LintFinding, type LintRule } from '../lint-rule.js';

/**
 * A target inside the alert band means the team "hits target" while the dashboard is red: for a
 * higher-is-better metric every target sits above its warning bound, for lower-is-better below it.
 */
export const targetDirection: LintRule = {
  code: 'target-direction',
  defaultSeverity: 'warning',
  description: 'Targets lie on the good side of the warning threshold.',
  check(catalog) {
    const findings: LintFinding[] = [];
    for (const metric of metricsByName(catalog)) {
      const below = metric.thresholds.find((t) => t.level === 'warning' && t.below !== undefined)?.below;
      const above = metric.thresholds.find((t) => t.level === 'warning' && t.above !== undefined)?.above;
      metric.targets.forEach((target, i) => {
        const badLow = metric.direction === 'higher_is_better' && below !== undefined && target.value <= below;
        const badHigh = metric.direction === 'lower_is_better' && above !== undefined && target.value >= above;
        if (!badLow && !badHigh) return;
        findings.push({
          message: `metric '${metric.name}' has a ${target.period} target of ${target.value}, inside its own warning band (${badLow ? `below ${below}` : `above ${above}`})`,
          range: fieldRange(metric, `targets.${i}`),
          hint: badLow
            ? `For a higher_is_better metric the target should exceed the warning bound ${below}.`
            : `For a lower_is_better metric the target should stay under the warning bound ${above}.`,
        });
      });
    }
    return findings;
  },
};
