import { metricsByName, type LintRule } from '../lint-rule.js';

/** A focus area with a dozen "top" KPIs has none: leadership attention is the scarce resource. */
export const tooManyTopKpis: LintRule = {
  code: 'too-many-top-kpis',
  defaultSeverity: 'warning',
  description: 'A focus area has at most lint.max_top_kpis_per_focus_area metrics marked top_kpi.',
  check(catalog) {
    const limit = catalog.project.lint.maxTopKpisPerFocusArea;
    const metrics = metricsByName(catalog).filter((m) => m.topKpi && m.status !== 'deprecated');
    return Object.keys(catalog.focusAreas)
      .sort()
      .flatMap((name) => {
        const area = catalog.focusAreas[name]!;
        const top = metrics.filter((m) => m.focusAreas.includes(name));
        if (top.length <= limit) return [];
        return [
          {
            message: `focus area '${name}' has ${top.length} top KPIs, more than the limit of ${limit}`,
            ...(area.range ? { range: area.range } : {}),
            hint: `Keep the ${limit} that leadership reviews and set \`top_kpi: false\` on the others (or raise lint.max_top_kpis_per_focus_area in canon.yaml).`,
            related: top.map((m) => ({ message: `top KPI '${m.name}'`, ...(m.range ? { range: m.range } : {}) })),
          },
        ];
      });
  },
};
