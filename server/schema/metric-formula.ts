import type { Catalog, Measure, Metric, Window } from '../../compiler/catalog/types.js';
import { exprToText as exprText } from '../../compiler/expr/expr-to-text.js';
import type { Expr } from '../../compiler/expr/ast.js';

/** A measure by name, wherever its model is. */
export function findMeasure(catalog: Catalog, name: string): Measure | undefined {
  const model = catalog.measureIndex[name];
  return model ? catalog.models[model]?.measures.find((m) => m.name === name) : undefined;
}

export function windowText(window: Window): string {
  return `${window.count} ${window.grain}${window.count === 1 ? '' : 's'}`;
}

export function optionalText(expr: Expr | null | undefined): string | null {
  return expr ? exprText(expr) : null;
}

function measureText(catalog: Catalog, name: string): string {
  const measure = findMeasure(catalog, name);
  if (!measure) return name;
  const arg = measure.expr ? exprText(measure.expr) : '*';
  const agg = measure.agg === 'percentile' ? `percentile(${arg}, ${measure.percentile ?? ''})` : `${measure.agg}(${arg})`;
  return measure.filter ? `${agg} where ${exprText(measure.filter)}` : agg;
}

function where(filter: Expr | null): string {
  return filter ? ` where ${exprText(filter)}` : '';
}

/** The definition on one line, in the expression language where it has one, for browsing. */
export function metricFormula(catalog: Catalog, metric: Metric): string {
  switch (metric.type) {
    case 'simple':
      return `${measureText(catalog, metric.measure)}${where(metric.filter)}`;
    case 'ratio': {
      const side = (input: { metric: string; filter: Expr | null }): string =>
        input.filter ? `(${input.metric} where ${exprText(input.filter)})` : input.metric;
      return `${side(metric.numerator)} / ${side(metric.denominator)}`;
    }
    case 'derived':
      return exprText(metric.expr);
    case 'cumulative': {
      const span = metric.window
        ? ` over the trailing ${windowText(metric.window)}`
        : metric.grainToDate
          ? ` ${metric.grainToDate}-to-date`
          : ' running total';
      return `${measureText(catalog, metric.measure)}${where(metric.filter)}${span}`;
    }
    case 'conversion':
      return `${metric.calculation} from ${metric.baseMeasure} to ${metric.conversionMeasure} per ${metric.entity} within ${windowText(metric.window)}`;
  }
}
