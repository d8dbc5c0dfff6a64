/** A readable print of a logical plan (`canon query --explain`): leaves, then how outputs use them. */
import { exprToText } from '../expr/expr-to-text.js';
import type { Leaf, MeasureInput, QueryPlan, Shift, ValueExpr } from './plan.js';

function shiftText(shift: Shift | null): string {
  if (shift === null) return '';
  const parts = [shift.months ? `${shift.months} month(s)` : '', shift.days ? `${shift.days} day(s)` : ''].filter(Boolean);
  return ` shifted forward ${parts.join(' ')}`;
}

function rangeText(leaf: Leaf): string {
  const r = leaf.range;
  return r.from || r.to ? ` range [${r.from ?? '-inf'}, ${r.to ?? '+inf'})` : '';
}

function inputLines(input: MeasureInput, indent: string): string[] {
  const lines = [`${indent}measure ${input.measure} on model ${input.model}${input.timeDimension ? ` by ${input.timeDimension}` : ''}`];
  for (const d of input.dimensions) {
    const path = d.hops.map((h) => `${h.entity}->${h.to}${h.fanOut ? ' (one-to-many: de-duplicated on the primary key)' : ''}`).join(', ');
    lines.push(`${indent}  dimension ${d.model}.${d.name}${path ? ` via ${path}` : ''}`);
  }
  for (const f of input.filters) lines.push(`${indent}  filter ${exprToText(f)}`);
  return lines;
}

const LEAF_TEXT: { readonly [K in Leaf['kind']]: (leaf: Extract<Leaf, { kind: K }>) => string[] } = {
  aggregate: (l) => [
    `${l.id}: aggregate${l.snapshot ? ` at the ${l.snapshot.choice === 'max' ? 'last' : 'first'} ${l.snapshot.dimension} of each period` : ''}${shiftText(l.shift)}${rangeText(l)}`,
    ...inputLines(l.input, '  '),
  ],
  cumulative: (l) => [
    `${l.id}: cumulative ${l.window ? `trailing ${l.window.count} ${l.window.grain}(s)` : l.grainToDate ? `${l.grainToDate}-to-date` : 'running total'} over a date spine${shiftText(l.shift)}${rangeText(l)}`,
    ...inputLines(l.input, '  '),
  ],
  conversion: (l) => [
    `${l.id}: conversion on entity ${l.entity} within ${l.window.count} ${l.window.grain}(s)${shiftText(l.shift)}${rangeText(l)}`,
    ...inputLines(l.base, '  base '),
    ...inputLines(l.conversion, '  conversion '),
  ],
};

function valueText(v: ValueExpr): string {
  switch (v.kind) {
    case 'leaf': return `${v.leaf}.${v.column}`;
    case 'ratio': return `(${valueText(v.numerator)} / ${valueText(v.denominator)}, NULL when zero)`;
    case 'change': return v.relative ? `(${valueText(v.current)} - ${valueText(v.previous)}) / ${valueText(v.previous)}` : `${valueText(v.current)} - ${valueText(v.previous)}`;
    case 'formula': return `${exprToText(v.expr)} where ${Object.entries(v.inputs).map(([k, x]) => `${k} = ${valueText(x)}`).join(', ')}`;
  }
}

export function explainPlan(plan: QueryPlan): string {
  const lines: string[] = [];
  lines.push(`keys: ${[...plan.dimensions.map((d) => d.request), ...(plan.time ? [`metric_time (${plan.time.grain}, ${plan.time.timeZone})`] : [])].join(', ') || '(none: one row)'}`);
  if (plan.range.from || plan.range.to) lines.push(`time range: [${plan.range.from ?? '-inf'}, ${plan.range.to ?? '+inf'})`);
  for (const leaf of plan.leaves) lines.push(...(LEAF_TEXT[leaf.kind] as (l: Leaf) => string[])(leaf));
  lines.push(`combine: union of the keys of unshifted leaves, each leaf LEFT JOINed on them (full outer join semantics)`);
  for (const o of plan.outputs) lines.push(`output ${o.column} = ${valueText(o.value)}`);
  if (plan.orderBy.length > 0) lines.push(`order by ${plan.orderBy.map((o) => `${o.column}${o.descending ? ' desc' : ''}`).join(', ')}`);
  if (plan.limit !== null) lines.push(`limit ${plan.limit}`);
  return lines.join('\n');
}
