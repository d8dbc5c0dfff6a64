import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changelogCommand } from '../../cli/commands/changelog.js';
import type { ChangelogEntry } from '../../compiler/history/types.js';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { TempRepo } from '../changelog/repo-fixture.js';
import { codes, gql, realEngine, REPO_ROOT } from './helpers.js';

const SALES = { 'x-api-key': 'sales-key' };
const CS = { 'x-api-key': 'cs-key' };

const ENTRY_FIELDS = 'date author commit subject metric previousName model focusAreas owner kind summary version fields { field before after breaking }';

/** `canon changelog --format json` with these flags, in the repository. */
async function cliEntries(dir: string, ...flags: string[]): Promise<ChangelogEntry[]> {
  let out = '';
  let err = '';
  const code = await changelogCommand(['--format', 'json', ...flags], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: dir });
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as ChangelogEntry[];
}

/** A GraphQL DefinitionChange in the CLI's JSON shape: nulls are absent fields, kinds are lower case. */
function asCliEntry(change: Record<string, unknown>): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    if (value === null) continue;
    if (key === 'kind') entry[key] = (value as string).toLowerCase();
    else if (key === 'fields') entry[key] = (value as Record<string, unknown>[]).map(asCliEntry);
    else entry[key] = value;
  }
  return entry;
}

/** The CLI's entries with keys in one order, so toEqual compares content only. */
function normalised(entries: readonly unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(entries)) as unknown[];
}

/** Change the first `field:` line of one metric's block in a KPI file. */
function editMetric(repo: TempRepo, file: string, metric: string, field: string, value: string): void {
  const path = join(repo.dir, file);
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(`  - name: ${metric}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const at = text.indexOf(`    ${field}: `, start);
  const end = text.indexOf('\n', at);
  repo.write({ [file]: `${text.slice(0, at)}    ${field}: ${value}${text.slice(end)}` });
}

describe('changelog over GraphQL equals canon changelog --format json', () => {
  const repo = new TempRepo();
  let server: CanonServer;

  beforeAll(async () => {
    cpSync(join(REPO_ROOT, 'metrics'), join(repo.dir, 'metrics'), { recursive: true });
    cpSync(join(REPO_ROOT, 'canon.yaml'), join(repo.dir, 'canon.yaml'));
    repo.write({ '.gitignore': '.canon/\n' });
    repo.commit('Starter catalog');
    editMetric(repo, 'metrics/kpis/pipeline-health.yaml', 'pipeline_coverage', 'owner', 'finance');
    repo.commit('Finance owns pipeline coverage', 'Bea Builder <bea@example.com>');
    editMetric(repo, 'metrics/kpis/retention-expansion.yaml', 'net_revenue_retention', 'label', 'Net revenue retention (NRR)');
    repo.commit('Clearer NRR label');
    editMetric(repo, 'metrics/kpis/customer-experience.yaml', 'customer_satisfaction_score', 'owner', 'revops');
    repo.commit('RevOps owns CSAT');

    const config = serverConfigFrom(
      {
        server: {
          auth: {
            api_keys: [
              { key_env: 'KEY_SALES', team: 'sales' },
              { key_env: 'KEY_CS', team: 'cs' },
            ],
          },
          teams: { sales: { focus_areas: ['pipeline_health'] }, cs: { metrics: ['customer_satisfaction_score'] } },
        },
      },
      { KEY_SALES: 'sales-key', KEY_CS: 'cs-key', CANON_API_KEYS: 'admin-key' },
    );
    server = createCanonServer({ projectRoot: repo.dir, engine: realEngine(), config, watch: false, log: () => {} });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    repo.cleanup();
  });

  const ADMIN = { authorization: 'Bearer admin-key' };

  async function changelog(args: string, headers: Record<string, string> = ADMIN): Promise<Record<string, unknown>[]> {
    const response = await gql(server, `{ changelog${args} { ${ENTRY_FIELDS} } }`, {}, headers);
    expect(response.body.errors).toBeUndefined();
    return (response.body.data!['changelog'] as Record<string, unknown>[]).map(asCliEntry);
  }

  it('without filters', async () => {
    const expected = await cliEntries(repo.dir);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.slice(0, 3).map((e) => [e.metric, e.subject])).toEqual([
      ['customer_satisfaction_score', 'RevOps owns CSAT'],
      ['net_revenue_retention', 'Clearer NRR label'],
      ['pipeline_coverage', 'Finance owns pipeline coverage'],
    ]);
    expect(await changelog('')).toEqual(normalised(expected));
  }, 60_000);

  it('with a metric, a focus-area, an owner, a since and an until filter', async () => {
    expect(await changelog('(metric: pipeline_coverage)')).toEqual(normalised(await cliEntries(repo.dir, '--metric', 'pipeline_coverage')));
    expect(await changelog('(focusArea: retention_expansion)')).toEqual(normalised(await cliEntries(repo.dir, '--focus-area', 'retention_expansion')));
    expect(await changelog('(owner: finance)')).toEqual(normalised(await cliEntries(repo.dir, '--owner', 'finance')));
    const since = await cliEntries(repo.dir, '--since', '2026-01-12');
    expect(since.map((e) => e.subject)).toEqual(['RevOps owns CSAT', 'Clearer NRR label', 'Finance owns pipeline coverage']);
    expect(await changelog('(since: "2026-01-12")')).toEqual(normalised(since));
    expect(await changelog('(since: "2026-01-12", until: "2026-01-19")')).toEqual(normalised(await cliEntries(repo.dir, '--since', '2026-01-12', '--until', '2026-01-19')));
  }, 60_000);

  it('metric(name) { history } is that metric\'s changelog', async () => {
    const response = await gql(server, `{ metric(name: pipeline_coverage) { history { ${ENTRY_FIELDS} } } }`, {}, ADMIN);
    const history = ((response.body.data!['metric'] as { history: Record<string, unknown>[] }).history).map(asCliEntry);
    const expected = await cliEntries(repo.dir, '--metric', 'pipeline_coverage');
    expect(expected.map((e) => e.kind)).toEqual(['non_breaking', 'added']);
    expect(history).toEqual(normalised(expected));
  });

  it('a restricted key sees only its own metrics\' entries', async () => {
    const all = await cliEntries(repo.dir);
    const sales = await changelog('', SALES);
    expect(sales).toEqual(normalised(all.filter((e) => e.metric && e.focusAreas.includes('pipeline_health'))));
    expect(sales.length).toBeLessThan(all.length);
    expect(sales.some((e) => e['metric'] === 'net_revenue_retention')).toBe(false);

    const cs = await changelog('', CS);
    expect(cs.map((e) => [e['metric'], e['subject']])).toEqual([
      ['customer_satisfaction_score', 'RevOps owns CSAT'],
      ['customer_satisfaction_score', 'Starter catalog'],
    ]);
    // A hidden metric cannot even be named, and its focus area is not a value the key may use.
    expect(codes(await gql(server, '{ changelog(metric: net_revenue_retention) { commit } }', {}, SALES))).toEqual(['UNKNOWN_METRIC']);
    const history = await gql(server, `{ metric(name: pipeline_coverage) { history { metric } } }`, {}, SALES);
    expect(history.body.data).toEqual({ metric: { history: [{ metric: 'pipeline_coverage' }, { metric: 'pipeline_coverage' }] } });
  });

  it('rejects a since that is not a date', async () => {
    expect(codes(await gql(server, '{ changelog(since: "last tuesday") { commit } }', {}, ADMIN))).toEqual(['INVALID_REQUEST']);
  });

  it('follows HEAD: a new commit shows up on the next request', async () => {
    editMetric(repo, 'metrics/kpis/pipeline-health.yaml', 'pipeline_coverage', 'owner', 'revops');
    const sha = repo.commit('Back to RevOps');
    const [newest] = await changelog('(metric: pipeline_coverage)');
    expect(newest).toMatchObject({ commit: sha, subject: 'Back to RevOps', owner: 'revops' });
    expect(await changelog('')).toEqual(normalised(await cliEntries(repo.dir)));
  }, 60_000);
});
