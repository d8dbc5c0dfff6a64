import { fieldRange, metricsByName, type LintRule } from '../lint-rule.js';

/** The description is the definition readers trust; without it two teams read one name two ways. */
export const missingDescription: LintRule = {
  code: 'missing-description',
  defaultSeverity: 'error',
  description: 'Every metric has a description saying what it counts and how.',
  check(catalog) {
    return metricsByName(catalog)
      .filter((m) => m.description.trim() === '')
      .map((m) => ({
        message: `metric '${m.name}' has no description`,
        range: fieldRange(m, 'name'),
        hint: 'Add `description:` saying in one or two sentences what the metric counts, over which records.',
      }));
  },
};
