/**
 * `npx tsx bench/changelog.ts`: how long `canon changelog` takes on a long history. Builds a git
 * repository with N commits (default 1,000) to a small catalog — metrics added, formulas changed
 * with a version bump, owners changed, metrics deprecated then removed, README-only commits — then
 * times the changelog cold (empty `.canon/cache/`) and warm (cache filled by the cold run), and the
 * CLI end to end on the warm cache. Figures, not pass/fail.
 *
 * Options: --commits N (default 1000), --keep (leave the repository in place and print its path).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildChangelog } from '../compiler/history/build-changelog.js';

const { values } = parseArgs({
  options: { commits: { type: 'string', default: '1000' }, keep: { type: 'boolean' } },
});
const COMMITS = Number(values.commits);

const CANON_YAML = `project: bench
catalog: metrics
default_warehouse: local
time_zone: UTC
warehouses:
  local: { type: duckdb, path: .canon/bench.duckdb }
`;

const STATIC_FILES: Readonly<Record<string, string>> = {
  'canon.yaml': CANON_YAML,
  'metrics/owners.yaml': `owners:
  - { name: sales_ops, label: Sales Operations, kind: team }
  - { name: revops, label: Revenue Operations, kind: team }
  - { name: marketing_ops, label: Marketing Operations, kind: team }
`,
  'metrics/focus_areas.yaml': `focus_areas:
  - { name: pipeline_health, label: Pipeline Health, description: Enough pipeline?, owner: sales_ops }
  - { name: retention, label: Retention, description: Do customers stay?, owner: revops }
`,
  'metrics/models.yaml': `semantic_models:
  - name: opportunities
    label: Opportunities
    description: One row per opportunity.
    table: opportunities
    default_time_dimension: created_at
    entities:
      - { name: opportunity, type: primary, expr: opportunity_id }
    dimensions:
      - { name: stage, type: categorical }
      - { name: opportunity_type, type: categorical }
      - { name: amount_band, type: categorical }
      - { name: created_at, type: time, grain: day, data_type: timestamp }
    measures:
      - { name: opportunities_created, agg: count, expr: opportunity_id, unit: count }
      - { name: pipeline_amount, agg: sum, expr: amount, unit: currency }
`,
};

interface BenchMetric {
  name: string;
  measure: 'opportunities_created' | 'pipeline_amount';
  filter: string;
  owner: string;
  focus: string;
  status: 'draft' | 'certified' | 'deprecated';
  version: number;
  description: string;
}

const OWNERS = ['sales_ops', 'revops', 'marketing_ops'];
const TYPES = ['new_business', 'expansion', 'renewal'];

function kpisYaml(metrics: readonly BenchMetric[]): string {
  const body = metrics
    .map(
      (m) => `  - name: ${m.name}
    label: ${m.name.replace(/_/g, ' ')}
    description: ${m.description}
    type: simple
    measure: ${m.measure}
    filter: "${m.filter}"
    owner: ${m.owner}
    indicator: leading
    focus_areas: [${m.focus}]
    cadence: monthly
    unit: ${m.measure === 'pipeline_amount' ? 'currency' : 'count'}
    direction: higher_is_better
    status: ${m.status}
    version: ${m.version}
`,
    )
    .join('');
  return `metrics:\n${body}`;
}

/**
 * A git fast-import stream: one process writes the whole history, where 1,000 `git commit` runs
 * would take longer than the benchmark itself.
 */
function historyStream(commits: number): string {
  const out: string[] = [];
  const metrics: BenchMetric[] = [];
  let next = 0;
  const blob = (path: string, text: string): void => {
    out.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(text)}`, text);
  };
  for (let i = 0; i < commits; i++) {
    const when = 1_767_225_600 + i * 3_600; // 2026-01-01, one commit an hour
    let message: string;
    const files: Record<string, string> = i === 0 ? { ...STATIC_FILES } : {};
    const live = metrics.filter((m) => m.status !== 'deprecated');
    const op = i === 0 ? 'add' : (['add', 'formula', 'owner', 'describe', 'deprecate', 'remove', 'readme'] as const)[i % 7]!;
    if (op === 'add' || live.length < 3) {
      const m: BenchMetric = {
        name: `kpi_${next++}`,
        measure: next % 2 === 0 ? 'pipeline_amount' : 'opportunities_created',
        filter: `opportunity_type = '${TYPES[next % 3]}'`,
        owner: OWNERS[next % 3]!,
        focus: next % 2 === 0 ? 'pipeline_health' : 'retention',
        status: 'certified',
        version: 1,
        description: 'A benchmark KPI.',
      };
      metrics.push(m);
      message = `Add ${m.name}`;
    } else if (op === 'formula') {
      const m = live[i % live.length]!;
      m.filter = `opportunity_type in ('${TYPES[i % 3]}', '${TYPES[(i + 1) % 3]}') and stage != 'closed_lost'`;
      m.version += 1;
      message = `Change the filter of ${m.name}`;
    } else if (op === 'owner') {
      const m = live[i % live.length]!;
      m.owner = OWNERS[(OWNERS.indexOf(m.owner) + 1) % OWNERS.length]!;
      message = `Hand ${m.name} to ${m.owner}`;
    } else if (op === 'describe') {
      const m = live[i % live.length]!;
      m.description = `A benchmark KPI, reviewed in commit ${i}.`;
      message = `Describe ${m.name}`;
    } else if (op === 'deprecate') {
      const m = live[0]!;
      m.status = 'deprecated';
      message = `Deprecate ${m.name}`;
    } else if (op === 'remove') {
      const gone = metrics.findIndex((m) => m.status === 'deprecated');
      message = gone >= 0 ? `Remove ${metrics[gone]!.name}` : 'Nothing to remove';
      if (gone >= 0) metrics.splice(gone, 1);
    } else {
      files['README.md'] = `Commit ${i}: documentation only.\n`;
      message = 'Docs';
    }
    if (op !== 'readme') files['metrics/kpis.yaml'] = kpisYaml(metrics);
    out.push('commit refs/heads/main', `mark :${i + 1}`, `author Bench <bench@example.com> ${when} +0000`, `committer Bench <bench@example.com> ${when} +0000`);
    out.push(`data ${Buffer.byteLength(message)}`, message);
    if (i > 0) out.push(`from :${i}`);
    for (const [path, text] of Object.entries(files)) blob(path, text);
    out.push('');
  }
  return out.join('\n') + '\n';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'canon-bench-changelog-'));
  try {
    const git = (args: string[], input?: string): string =>
      execFileSync('git', args, { cwd: dir, input, maxBuffer: 1 << 30 }).toString('utf8');
    const t0 = performance.now();
    git(['init', '-q', '-b', 'main']);
    git(['fast-import', '--quiet'], historyStream(COMMITS));
    git(['checkout', '-q', 'main']);
    const built = performance.now() - t0;
    const touching = Number(git(['rev-list', '--count', 'HEAD', '--', 'metrics', 'canon.yaml']).trim());
    console.log(`repository: ${COMMITS} commits (${touching} touch the catalog), built in ${seconds(built)}`);

    const t1 = performance.now();
    const cold = await buildChangelog(dir);
    const coldMs = performance.now() - t1;
    const t2 = performance.now();
    const warm = await buildChangelog(dir);
    const warmMs = performance.now() - t2;
    if (JSON.stringify(cold) !== JSON.stringify(warm)) throw new Error('warm changelog differs from cold changelog');

    // Twice, keeping the faster: the cache key includes a fingerprint of the compiler's source, so
    // if compiler/ was edited since the in-process runs the first CLI run re-fills the cache.
    let cliMs = Infinity;
    for (let run = 0; run < 2; run++) {
      const t3 = performance.now();
      const cli = spawnSync(join('node_modules', '.bin', 'tsx'), [join('cli', 'main.ts'), 'changelog', '--project', dir, '--format', 'json'], {
        maxBuffer: 1 << 30,
      });
      cliMs = Math.min(cliMs, performance.now() - t3);
      if (cli.status !== 0) throw new Error(`canon changelog failed: ${cli.stderr.toString()}`);
    }

    // The CLI runs through tsx: time an empty command too, so the changelog's own share is visible.
    const t4 = performance.now();
    spawnSync(join('node_modules', '.bin', 'tsx'), [join('cli', 'main.ts'), 'changelog', '--help']);
    const startMs = performance.now() - t4;

    const kinds = new Map<string, number>();
    for (const e of cold) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    console.log(`entries: ${cold.length} (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    console.log('');
    console.log('| run | time | per catalog commit | cold / this |');
    console.log('|---|---:|---:|---:|');
    const row = (label: string, ms: number): void =>
      console.log(`| ${label} | ${seconds(ms)} | ${(ms / touching).toFixed(2)} ms | ${(coldMs / ms).toFixed(1)}x |`);
    row('buildChangelog, cold cache', coldMs);
    row('buildChangelog, warm cache', warmMs);
    row('canon changelog CLI, warm (incl. process start)', cliMs);
    row('canon changelog --help (process start only)', startMs);
    if (values.keep) console.log(`\nrepository kept at ${dir}`);
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
