/** `canon sql` and `canon query` flag handling and error reporting (no database needed). */
import { describe, expect, it } from 'vitest';
import { queryCommand } from '../../cli/commands/query.js';
import { sqlCommand } from '../../cli/commands/sql.js';

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, out: () => out, err: () => err };
}

describe('canon sql', () => {
  it('prints formatted SQL with its bindings listed', async () => {
    const c = capture();
    const code = await sqlCommand(['win_rate', '--grain', 'fiscal_quarter', '--by', 'account.segment', '--where', "stage != 'closed_lost'", '--dialect', 'postgres'], c.io);
    expect(code).toBe(0);
    expect(c.out()).toMatch(/^WITH RECURSIVE|^WITH/);
    expect(c.out()).toContain('-- bindings (');
    expect(c.out()).toContain('"closed_lost"');
    expect(c.out()).not.toContain("'closed_lost'");
  });

  it('reports request errors like compiler diagnostics and exits 1', async () => {
    const c = capture();
    expect(await sqlCommand(['win_rat', '--dialect', 'duckdb'], c.io)).toBe(1);
    expect(c.err()).toContain("error[unknown-metric]: unknown metric 'win_rat'");
    expect(c.err()).toContain("did you mean 'win_rate'");
    const f = capture();
    expect(await sqlCommand(['win_rate', '--where', "stag = 'x'"], f.io)).toBe(1);
    expect(f.err()).toContain('<expression>:1:1: error[invalid-filter]');
  });

  it('exits 2 on bad flags', async () => {
    for (const args of [['win_rate', '--grain', 'fortnight'], ['win_rate', '--dialect', 'oracle'], ['win_rate', '--limit', 'ten'], ['win_rate', '--bogus'], []]) {
      const c = capture();
      expect(await sqlCommand(args, c.io)).toBe(2);
    }
    const q = capture();
    expect(await queryCommand(['win_rate', '--format', 'xml'], q.io)).toBe(2);
  });

  it('explains a query without running it', async () => {
    const c = capture();
    expect(await queryCommand(['win_rate', '--grain', 'month', '--compare', 'previous_period', '--explain'], c.io)).toBe(0);
    expect(c.out()).toContain('keys: metric_time (month, America/Los_Angeles)');
    expect(c.out()).toContain('output win_rate__change_pct');
  });
});
