import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/compile-project.js';
import { diffCatalogs } from '../../compiler/diff/diff-catalogs.js';
import { checkVersionDiscipline } from '../../compiler/diff/version-discipline.js';
import { buildChangelog, loadChangelog } from '../../compiler/history/build-changelog.js';
import { renderChangelogMarkdown } from '../../compiler/history/render-changelog.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { gitSource, gitSources } from '../../compiler/source/git-source.js';
import { BASE_FILES, kpi, TempRepo } from './repo-fixture.js';

const OPPS = kpi('opps_created', 'type: simple\nmeasure: opportunities_created\nstatus: certified');
const PIPELINE = kpi('pipeline', 'type: simple\nmeasure: pipeline_amount\nunit: currency');
const OLD = kpi('old_kpi', 'type: simple\nmeasure: opportunities_created\nfilter: "stage = \'proposal\'"');
const newBiz = (filter: string, version = 1, owner = 'sales_ops'): string =>
  kpi('new_biz', `type: simple\nmeasure: opportunities_created\nfilter: "${filter}"\nversion: ${version}`).replace('owner: sales_ops', `owner: ${owner}`);
const won = (name: string): string => kpi(name, 'type: simple\nmeasure: opportunities_created\nfilter: "is_won"\ntags: [sales]').replace(/focus_areas: \[pipeline_health\]/, 'focus_areas: [retention]');
const kpis = (...metrics: string[]): Record<string, string> => ({ 'metrics/kpis.yaml': `metrics:\n${metrics.join('')}` });

describe('changelog over a real git history', () => {
  const repo = new TempRepo();
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo.write({ ...BASE_FILES, ...kpis(OPPS, newBiz("opportunity_type = 'new_business'"), PIPELINE, OLD), 'README.md': 'hello\n' });
    sha['initial'] = repo.commit('Initial catalog');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'new_business'"), PIPELINE, OLD, won('won_deals')));
    sha['add'] = repo.commit('Add won deals KPI', 'Bea Builder <bea@example.com>');
    repo.write({ 'README.md': 'not the catalog\n' });
    sha['readme'] = repo.commit('Docs only');
    // Same meaning, different formatting: no entry.
    repo.write(kpis(OPPS, newBiz("opportunity_type='new_business'"), PIPELINE, OLD, won('won_deals')));
    sha['reformat'] = repo.commit('Reformat filter');
    repo.write(kpis(OPPS, newBiz("opportunity_type in ('new_business', 'expansion')"), PIPELINE, OLD, won('won_deals')));
    sha['unbumped'] = repo.commit('Count expansion as new business');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2), PIPELINE, OLD, won('won_deals')));
    sha['bumped'] = repo.commit('Only expansion, v2');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2, 'revops'), PIPELINE, OLD, won('won_deals')));
    sha['owner'] = repo.commit('Hand new_biz to revops');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2, 'revops'), PIPELINE, OLD, won('deals_won')));
    sha['rename'] = repo.commit('Rename won_deals to deals_won');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2, 'revops'), PIPELINE, OLD.replace('direction', 'status: deprecated\n    direction'), won('deals_won')));
    sha['deprecate'] = repo.commit('Deprecate old_kpi');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2, 'revops'), PIPELINE, won('deals_won')));
    sha['remove'] = repo.commit('Remove old_kpi');
    repo.write({ 'metrics/kpis.yaml': 'metrics:\n  - name: [broken\n' });
    sha['broken'] = repo.commit('Oops');
    repo.write(kpis(OPPS, newBiz("opportunity_type = 'expansion'", 2, 'revops'), won('deals_won')));
    sha['fixed'] = repo.commit('Fix the file, drop pipeline');
  });
  afterAll(() => repo.cleanup());

  it('reads a revision with git like the folder reads the working tree', () => {
    const fromGit = gitSource(repo.dir, 'HEAD');
    const fromDisk = directorySource(repo.dir);
    expect(fromGit.listFiles()).toEqual(fromDisk.listFiles());
    for (const path of fromGit.listFiles()) expect(fromGit.readFile(path)).toBe(fromDisk.readFile(path));
    expect(fromGit.readFile('README.md')).toBeUndefined();
    expect(gitSource(repo.dir, sha['initial']!).readFile('metrics/kpis.yaml')).toContain('old_kpi');
  });

  it('reads many revisions in one batch exactly as one at a time', () => {
    const revs = Object.values(sha);
    const batch = gitSources(repo.dir, revs);
    for (const rev of revs) {
      const single = gitSource(repo.dir, rev);
      const many = batch.get(rev)!;
      expect(many.listFiles()).toEqual(single.listFiles());
      for (const path of single.listFiles()) expect(many.readFile(path)).toBe(single.readFile(path));
    }
  });

  it('records one entry per metric change, newest first, with commit metadata', async () => {
    const entries = await buildChangelog(repo.dir, { cacheDir: false });
    const lines = entries.map((e) => [e.commit.slice(0, 7), e.kind, e.metric ?? null, e.previousName ?? null]);
    const s = (k: string): string => sha[k]!.slice(0, 7);
    expect(lines).toEqual([
      [s('fixed'), 'removed', 'pipeline', null],
      [s('broken'), 'invalid', null, null],
      [s('remove'), 'removed', 'old_kpi', null],
      [s('deprecate'), 'deprecated', 'old_kpi', null],
      [s('rename'), 'renamed', 'deals_won', 'won_deals'],
      [s('owner'), 'non_breaking', 'new_biz', null],
      [s('bumped'), 'breaking', 'new_biz', null],
      [s('unbumped'), 'breaking', 'new_biz', null],
      [s('add'), 'added', 'won_deals', null],
      [s('initial'), 'added', 'new_biz', null],
      [s('initial'), 'added', 'old_kpi', null],
      [s('initial'), 'added', 'opps_created', null],
      [s('initial'), 'added', 'pipeline', null],
      [s('initial'), 'added', null, null],
    ]);
    expect(entries.at(-1)).toMatchObject({ model: 'opportunities', summary: 'Added model `opportunities`' });
    const add = entries.find((e) => e.kind === 'added' && e.metric === 'won_deals')!;
    expect(add).toMatchObject({ author: 'Bea Builder', subject: 'Add won deals KPI', focusAreas: ['retention'], owner: 'sales_ops', version: 1 });
    expect(add.date.slice(0, 10)).toBe('2026-01-12');
    const bumped = entries.find((e) => e.commit === sha['bumped'])!;
    expect(bumped.summary).toBe(
      "Definition of `new_biz` (v1 → v2): filter: opportunity_type in ('new_business', 'expansion') → opportunity_type = 'expansion'",
    );
    expect(entries.find((e) => e.commit === sha['owner'])!.summary).toBe('Updated `new_biz`: owner: sales_ops → revops');
    expect(entries.find((e) => e.kind === 'invalid')!.summary).toMatch(/^Catalog did not compile, version skipped: metrics\/kpis\.yaml:2:/);
  });

  it('filters by date, metric (through renames), focus area and owner', async () => {
    const all = await buildChangelog(repo.dir, { cacheDir: false });
    const since = await buildChangelog(repo.dir, { cacheDir: false, since: '2026-02-20', until: '2026-03-02' });
    expect(since.map((e) => e.commit)).toEqual(all.filter((e) => e.date >= '2026-02-20' && e.date < '2026-03-03').map((e) => e.commit));
    expect(since.length).toBeGreaterThan(0);
    const history = await buildChangelog(repo.dir, { cacheDir: false, metric: 'deals_won' });
    expect(history.map((e) => [e.kind, e.metric])).toEqual([
      ['renamed', 'deals_won'],
      ['added', 'won_deals'],
    ]);
    const retention = await buildChangelog(repo.dir, { cacheDir: false, focusArea: 'retention' });
    expect(retention.every((e) => e.focusAreas.includes('retention'))).toBe(true);
    expect(retention).toHaveLength(2);
    const revops = await buildChangelog(repo.dir, { cacheDir: false, owner: 'revops' });
    expect(revops.map((e) => [e.kind, e.metric])).toEqual([['non_breaking', 'new_biz']]);
  });

  it('gives the same entries from the on-disk cache, keyed by tree hash', async () => {
    const cacheDir = join(repo.dir, '.canon', 'cache');
    const cold = await buildChangelog(repo.dir);
    expect(existsSync(cacheDir)).toBe(true);
    expect(readdirSync(cacheDir).sort()).toEqual(['diffs', 'versions']);
    const warm = await buildChangelog(repo.dir);
    expect(warm).toEqual(cold);
    expect(warm).toEqual(await buildChangelog(repo.dir, { cacheDir: false }));
  });

  it('renders Markdown grouped by focus area with labels', async () => {
    const markdown = renderChangelogMarkdown(await loadChangelog(repo.dir, { cacheDir: false }));
    expect(markdown).toContain('## Pipeline Health\n');
    expect(markdown).toContain('## Retention\n');
    expect(markdown).toContain('## Semantic models and project\n');
    expect(markdown).toMatch(/- 2026-\d\d-\d\d \*\*renamed\*\* v1 Renamed `won_deals` to `deals_won`; .* — Ada Analyst, `[0-9a-f]{7}`\n/);
  });

  it('applies version discipline between two revisions', () => {
    const at = (rev: string) => compileProject(gitSource(repo.dir, sha[rev]!)).catalog!;
    const check = (from: string, to: string) => {
      const base = at(from);
      const head = at(to);
      return checkVersionDiscipline(diffCatalogs(base, head), base, head).map((d) => [d.code, d.severity]);
    };
    expect(check('reformat', 'unbumped')).toEqual([['version-not-bumped', 'error']]);
    expect(check('unbumped', 'bumped')).toEqual([]);
    expect(check('bumped', 'owner')).toEqual([]);
    expect(check('owner', 'rename')).toEqual([['metric-renamed', 'warning']]);
    expect(check('deprecate', 'remove')).toEqual([]);
    expect(check('owner', 'remove')).toEqual([
      ['metric-renamed', 'warning'],
      ['removed-without-deprecation', 'error'],
    ]);
  });
});

describe('changelog of a project in a subfolder of the repository', () => {
  const repo = new TempRepo();
  afterAll(() => repo.cleanup());

  it('walks only that project, given its folder', async () => {
    const inSub = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`analytics/${p}`, t]));
    repo.write({ ...inSub({ ...BASE_FILES, ...kpis(OPPS) }), 'other/metrics/x.yaml': 'not: canon\n' });
    repo.commit('Project in analytics/');
    repo.write(inSub(kpis(OPPS, PIPELINE)));
    repo.write({ 'other/metrics/x.yaml': 'still: not canon\n' });
    repo.commit('Add pipeline');
    const entries = await buildChangelog(join(repo.dir, 'analytics'), { cacheDir: false });
    expect(entries.map((e) => [e.kind, e.metric ?? e.model])).toEqual([
      ['added', 'pipeline'],
      ['added', 'opps_created'],
      ['added', 'opportunities'],
    ]);
    expect(await buildChangelog(repo.dir, { cacheDir: false })).toEqual([]);
  });
});
