import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../adapters/connect.js';
import type { WarehouseConnection } from '../../adapters/connection.js';
import { diffCommand } from '../../cli/commands/diff.js';
import type { DiffReport } from '../../compiler/diff/report.js';
import { generateSample } from '../../sample/generate-sample.js';
import { loadSample } from '../../sample/load-sample.js';
import { BASE_FILES, CANON_YAML, kpi, TempRepo } from '../changelog/repo-fixture.js';

/** `new_biz` with a filter, plus a ratio built on it (its values move when new_biz's do). */
const newBiz = (filter: string, version: number): string =>
  `metrics:\n${kpi('new_biz', `type: simple\nmeasure: opportunities_created\nfilter: "${filter}"\nversion: ${version}`)}` +
  kpi('all_opps', 'type: simple\nmeasure: opportunities_created') +
  kpi('new_biz_share', 'type: ratio\nnumerator: new_biz\ndenominator: all_opps\nunit: ratio');

/** Runs `canon diff` in the temp repo and captures its output. */
async function canonDiff(repo: TempRepo, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await diffCommand(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    cwd: repo.dir,
    env: {},
  });
  return { code, out, err };
}

describe('canon diff on a real repository and the DuckDB sample warehouse', () => {
  const repo = new TempRepo();
  let duck: WarehouseConnection;

  beforeAll(async () => {
    // canon.yaml's relative path resolves against the project: the warehouse lives in the temp repo.
    repo.write({ ...BASE_FILES, 'metrics/kpis.yaml': newBiz("opportunity_type = 'new_business'", 1), '.gitignore': '.canon/\n' });
    repo.commit('Initial catalog');
    duck = await openConnection({ type: 'duckdb', settings: { path: '.canon/test.duckdb' } }, repo.dir);
    await loadSample(duck, generateSample({ seed: 7, scale: 0.1 }));
    await duck.close();
  });
  afterAll(() => repo.cleanup());

  it('shows no change and exits 0 for a clean tree', async () => {
    const { code, out } = await canonDiff(repo, '--no-values');
    expect(code).toBe(0);
    expect(out).toContain('no definition changes');
  });

  it('fails a breaking change without a version bump', async () => {
    repo.write({ 'metrics/kpis.yaml': newBiz("opportunity_type in ('new_business', 'expansion')", 1) });
    const { code, out } = await canonDiff(repo, '--no-values');
    expect(code).toBe(1);
    expect(out).toContain('**version-not-bumped** `metrics/kpis.yaml:');
    expect(out).toContain("| `filter` | `opportunity_type = 'new_business'` | `opportunity_type in ('new_business', 'expansion')` | breaking |");
    expect(out).toContain('```diff');
    expect(out).toContain('_Values were not computed (--no-values).');

    const annotated = await canonDiff(repo, '--no-values', '--format', 'github', '--output', 'comment.md');
    expect(annotated.code).toBe(1);
    expect(annotated.out).toMatch(/^::error file=metrics\/kpis\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=canon version-not-bumped::/);
    expect(readFileSync(join(repo.dir, 'comment.md'), 'utf8')).toBe(out);
    repo.remove('comment.md');
  });

  it('reports old and new values that match direct SQL on DuckDB', async () => {
    repo.write({ 'metrics/kpis.yaml': newBiz("opportunity_type in ('new_business', 'expansion')", 2) });
    const { code, out } = await canonDiff(repo, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out) as DiffReport;
    expect(report.warehouse).toBe('local (duckdb)');
    expect(report.diagnostics).toEqual([]);
    const review = report.metrics.find((m) => m.name === 'new_biz')!;
    expect(review.notes).toEqual([]);
    expect(review.values).toHaveLength(6);

    // The same numbers, computed independently of the compiler (the project zone is UTC).
    duck = await openConnection({ type: 'duckdb', settings: { path: join(repo.dir, '.canon/test.duckdb') } }, repo.dir);
    const direct = await duck.query(
      `SELECT strftime(date_trunc('month', created_at), '%Y-%m-%d') AS period,
              count(opportunity_id) FILTER (WHERE opportunity_type = 'new_business') AS old_value,
              count(opportunity_id) FILTER (WHERE opportunity_type IN ('new_business', 'expansion')) AS new_value,
              count(opportunity_id) AS all_value
       FROM opportunities GROUP BY 1 ORDER BY 1`,
      [],
    );
    await duck.close();
    const expected = direct.rows
      .filter((r) => Number(r['old_value']) > 0 || Number(r['new_value']) > 0)
      .slice(-6)
      .map((r) => {
        const before = Number(r['old_value']);
        const after = Number(r['new_value']);
        return { period: String(r['period']), before, after, absolute: after - before, percent: Math.round(((after - before) / before) * 100 * 1e6) / 1e6 };
      });
    expect(review.values).toEqual(expected);
    expect(expected.some((p) => p.absolute > 0)).toBe(true);

    // The ratio built on new_biz gets its own section, with values that follow.
    const share = report.metrics.find((m) => m.name === 'new_biz_share')!;
    expect(share).toMatchObject({ viaMetrics: ['new_biz'], viaModels: [] });
    expect(share.change).toBeUndefined();
    const allByPeriod = new Map(direct.rows.map((r) => [String(r['period']), Number(r['all_value'])]));
    expect(share.values!.map((p) => [p.period, p.before, p.after])).toEqual(
      expected.map((p) => [p.period, p.before / allByPeriod.get(p.period)!, p.after / allByPeriod.get(p.period)!].map((v) => (typeof v === 'number' ? expect.closeTo(v, 9) : v))),
    );
    expect(review.dependents).toEqual(['new_biz_share']);

    const markdown = (await canonDiff(repo)).out;
    expect(markdown).toContain('### `new_biz_share` — may change through `new_biz`');
    expect(markdown).toContain('Values, last 6 months:');
    const last = expected.at(-1)!;
    expect(markdown).toContain(`| ${last.period.slice(0, 7)} | ${last.before} | ${last.after} | +${last.absolute} | +${last.percent.toFixed(1)}% |`);
  });

  it('says when only metadata changed that the SQL is unchanged', async () => {
    repo.write({ 'metrics/kpis.yaml': newBiz("opportunity_type = 'new_business'", 1).replace('owner: sales_ops', 'owner: revops') });
    const { code, out } = await canonDiff(repo);
    expect(code).toBe(0);
    expect(out).toContain('| `owner` | `sales_ops` | `revops` |  |');
    expect(out).toContain('_SQL unchanged: this change cannot move a number._');
    expect(out).not.toContain('Values, last');
  });

  it('reports the errors of a head that does not compile', async () => {
    repo.write({ 'metrics/kpis.yaml': newBiz("opportunity_type = 'new_business'", 1).replace('measure: opportunities_created', 'measure: opportunities_craeted') });
    const { code, out } = await canonDiff(repo, '--no-values');
    expect(code).toBe(1);
    expect(out).toContain('could not both be compiled');
    expect(out).toMatch(/\*\*[a-z-]+\*\* `metrics\/kpis\.yaml:\d+:\d+` .*opportunities_craeted/);
  });

  it('does not create an embedded warehouse that is not there', async () => {
    repo.write({
      'canon.yaml': CANON_YAML.replace('.canon/test.duckdb', '.canon/absent.duckdb'),
      'metrics/kpis.yaml': newBiz("opportunity_type = 'expansion'", 2),
    });
    const { out } = await canonDiff(repo);
    expect(out).toContain('has no database at');
    expect(existsSync(join(repo.dir, '.canon/absent.duckdb'))).toBe(false);
    repo.write({ 'canon.yaml': CANON_YAML });
  });

  it('compares two revisions and blocks removal without deprecation', async () => {
    repo.write({ 'metrics/kpis.yaml': 'metrics:\n' + kpi('all_opps', 'type: simple\nmeasure: opportunities_created') });
    const head = repo.commit('Replace new_biz');
    const { code, out } = await canonDiff(repo, 'HEAD~1', head, '--no-values');
    expect(code).toBe(1);
    expect(out).toContain('**removed-without-deprecation**');
    expect(out).toContain('Deprecate it first');
  });
});
