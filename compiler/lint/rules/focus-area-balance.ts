import type { Indicator, Metric } from '../../catalog/types.js';
import { metricsByName, type LintRule } from '../lint-rule.js';

/**
 * A focus area measured only by lagging indicators tells you what went wrong too late to act; one
 * measured only by leading indicators never confirms the outcome. Each area needs both.
 */
function missingIndicator(indicator: Indicator): LintRule {
  const other: Indicator = indicator === 'leading' ? 'lagging' : 'leading';
  return {
    code: `focus-area-missing-${indicator}`,
    defaultSeverity: 'warning',
    description: `Every focus area with metrics has at least one ${indicator} indicator.`,
    check(catalog) {
      // Members of each area in one pass over the metrics (not one pass per area), in name order.
      const membersOf = new Map<string, Metric[]>();
      for (const m of metricsByName(catalog)) {
        if (m.status === 'deprecated') continue;
        for (const area of new Set(m.focusAreas)) {
          const list = membersOf.get(area);
          if (list) list.push(m);
          else membersOf.set(area, [m]);
        }
      }
      return Object.keys(catalog.focusAreas)
        .sort()
        .flatMap((name) => {
          const area = catalog.focusAreas[name]!;
          const members = membersOf.get(name) ?? [];
          if (members.length === 0 || members.some((m) => m.indicator === indicator)) return [];
          return [
            {
              message: `focus area '${name}' has no ${indicator} indicator among its ${members.length} metric${members.length === 1 ? '' : 's'}`,
              ...(area.range ? { range: area.range } : {}),
              hint:
                indicator === 'leading'
                  ? `Add a metric with \`indicator: leading\` that moves before the outcome (e.g. pipeline created, activation rate), so the team can act in time.`
                  : `Add a metric with \`indicator: lagging\` that confirms the outcome (e.g. revenue, churn), so the ${other} indicators are checked against results.`,
            },
          ];
        });
    },
  };
}

export const focusAreaMissingLeading = missingIndicator('leading');
export const focusAreaMissingLagging = missingIndicator('lagging');
