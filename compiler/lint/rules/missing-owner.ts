import { fieldRange, metricsByName, type LintRule } from '../lint-rule.js';

/** Every KPI needs someone accountable for it: a number nobody owns is a number nobody fixes. */
export const missingOwner: LintRule = {
  code: 'missing-owner',
  defaultSeverity: 'error',
  description: 'Every metric names an owner from owners.yaml.',
  check(catalog) {
    const owners = Object.keys(catalog.owners).sort();
    return metricsByName(catalog)
      .filter((m) => !m.owner)
      .map((m) => ({
        message: `metric '${m.name}' has no owner`,
        range: fieldRange(m, 'name'),
        hint: owners.length
          ? `Add \`owner:\` with one of: ${owners.slice(0, 8).join(', ')}${owners.length > 8 ? ', ...' : ''}.`
          : 'Add `owner:` naming a team or person defined under `owners:`.',
      }));
  },
};
