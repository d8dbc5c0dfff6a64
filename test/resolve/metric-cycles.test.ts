import { describe, expect, it } from 'vitest';
import { located, resolveFiles, baseFiles, show } from './fixture.js';

const FILE = 'metrics/z_cycle.yaml';

function derived(name: string, expr: string): string {
  return `  - name: ${name}
    description: Part of a cycle.
    type: derived
    expr: "${expr}"
    owner: sales_ops
`;
}

function resolveWith(text: string) {
  return resolveFiles({ ...baseFiles(), [FILE]: `metrics:\n${text}` });
}

describe('metric cycles', () => {
  it('a metric defined in terms of itself (length 1)', () => {
    const result = resolveWith(derived('self_ref', 'lag(self_ref, 1 month) + won_revenue'));
    expect(result.catalog).toBeUndefined();
    const cycles = result.diagnostics.filter((d) => d.code === 'metric-cycle');
    expect(cycles.map(show)).toEqual([`${FILE}:5:16 metric-cycle`]);
    expect(cycles[0]!.message).toContain('self_ref -> self_ref');
    expect(cycles[0]!.hint).toContain('itself');
  });

  it('two metrics referring to each other, through a ratio (length 2)', () => {
    const text = `  - name: cyc_a
    description: Ratio half of a cycle.
    type: ratio
    numerator: cyc_b
    denominator: deals_won
    owner: sales_ops
${derived('cyc_b', 'cyc_a * 2')}`;
    const result = resolveWith(text);
    const cycles = result.diagnostics.filter((d) => d.code === 'metric-cycle');
    expect(cycles.map(show)).toEqual([`${FILE}:5:16 metric-cycle`]);
    expect(cycles[0]!.message).toContain('cyc_a -> cyc_b -> cyc_a');
    expect(cycles[0]!.related?.map((r) => `${r.message} @${r.range?.start.line}:${r.range?.start.col}`)).toEqual([
      "'cyc_a' uses 'cyc_b' @5:16",
      "'cyc_b' uses 'cyc_a' @11:12",
    ]);
  });

  it('a cycle of four, reported once with every step', () => {
    const text = [derived('m_a', 'm_b + 1'), derived('m_b', 'm_c + 1'), derived('m_c', 'm_d + 1'), derived('m_d', 'm_a + won_revenue'), derived('m_e', 'm_a + 1')].join('');
    const result = resolveWith(text);
    const cycles = result.diagnostics.filter((d) => d.code === 'metric-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toBe('metrics refer to each other in a cycle: m_a -> m_b -> m_c -> m_d -> m_a');
    expect(show(cycles[0]!)).toBe(`${FILE}:5:12 metric-cycle`);
    expect(cycles[0]!.related?.map((r) => `${r.range?.start.line}:${r.range?.start.col}`)).toEqual(['5:12', '10:12', '15:12', '20:12']);
    // m_e depends on the cycle but is not part of it: no second report, no knock-on errors.
    expect(result.diagnostics.map((d) => d.code)).toEqual(['metric-cycle']);
  });

  it('still reports other mistakes in the formulas of a cycle', () => {
    const result = resolveWith(derived('loop_a', 'loop_b + won_revenu') + derived('loop_b', 'loop_a * 2'));
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual(['metric-cycle', 'unknown-metric']);
  });

  it('does not mistake shared inputs (a diamond) for a cycle', () => {
    const result = resolveWith(derived('d_top', 'd_left + d_right') + derived('d_left', 'won_revenue * 2') + derived('d_right', 'won_revenue / 2'));
    expect(located(result.diagnostics, 'metric-cycle')).toEqual([]);
    expect(result.catalog).toBeDefined();
  });
});
