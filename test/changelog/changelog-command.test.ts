import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogCommand } from '../../cli/commands/changelog.js';
import type { ChangelogEntry } from '../../compiler/history/types.js';
import { BASE_FILES, kpi, TempRepo } from './repo-fixture.js';

async function canonChangelog(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await changelogCommand(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd });
  return { code, out, err };
}

describe('canon changelog', () => {
  const repo = new TempRepo();
  beforeAll(() => {
    repo.write({ ...BASE_FILES, 'metrics/kpis.yaml': `metrics:\n${kpi('opps', 'type: simple\nmeasure: opportunities_created')}` });
    repo.commit('Initial catalog');
    repo.write({ 'metrics/kpis.yaml': `metrics:\n${kpi('opps', 'type: simple\nmeasure: opportunities_created').replace('sales_ops', 'revops')}` });
    repo.commit('Hand opps to revops');
  });
  afterAll(() => repo.cleanup());

  it('prints Markdown grouped by focus area', async () => {
    const { code, out } = await canonChangelog(repo.dir, '--no-cache');
    expect(code).toBe(0);
    expect(out).toMatch(/^# Metric definition changelog\n\n_3 changes in 2 commits, 2026-01-05 to 2026-01-12\._\n\n## Pipeline Health\n\n- 2026-01-12 \*\*update\*\* v1 Updated `opps`: owner: sales_ops → revops — Ada Analyst, `[0-9a-f]{7}`\n/);
  });

  it('prints filtered JSON entries', async () => {
    const { code, out } = await canonChangelog(repo.dir, '--format', 'json', '--owner', 'revops', '--since', '2026-01-10');
    expect(code).toBe(0);
    const entries = JSON.parse(out) as ChangelogEntry[];
    expect(entries.map((e) => [e.kind, e.metric, e.owner, e.subject])).toEqual([['non_breaking', 'opps', 'revops', 'Hand opps to revops']]);
  });

  it('rejects bad options with exit 2', async () => {
    expect((await canonChangelog(repo.dir, '--since', 'last tuesday')).code).toBe(2);
    expect((await canonChangelog(repo.dir, '--format', 'xml')).code).toBe(2);
    expect((await canonChangelog(repo.dir, '--bogus')).code).toBe(2);
  });
});
