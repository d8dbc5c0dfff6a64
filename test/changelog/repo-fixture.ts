import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real git repository in a temporary folder holding a small Canon project, so tests walk true
 * history with the git CLI. Identity is set locally in the repo, never globally.
 */
export class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'canon-history-'));
  private clock = Date.parse('2026-01-05T10:00:00Z');

  constructor() {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Ada Analyst');
    this.git('config', 'user.email', 'ada@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();
  }

  write(files: Readonly<Record<string, string>>): void {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
  }

  remove(path: string): void {
    rmSync(join(this.dir, path));
  }

  /** Commit everything, a week after the previous commit (dates make `--since` testable). Returns the SHA. */
  commit(message: string, author?: string): string {
    this.git('add', '-A');
    const date = new Date(this.clock).toISOString();
    this.clock += 7 * 86_400_000;
    const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    const args = ['commit', '-q', '-m', message, ...(author ? [`--author=${author}`] : [])];
    execFileSync('git', args, { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    return this.git('rev-parse', 'HEAD');
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const CANON_YAML = `project: history_test
catalog: metrics
default_warehouse: local
time_zone: UTC
warehouses:
  local:
    type: duckdb
    path: .canon/test.duckdb
`;

export const BASE_FILES: Readonly<Record<string, string>> = {
  'canon.yaml': CANON_YAML,
  'metrics/owners.yaml': `owners:
  - { name: sales_ops, label: Sales Operations, kind: team }
  - { name: revops, label: Revenue Operations, kind: team }
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
      - { name: is_won, type: boolean }
      - { name: created_at, type: time, grain: day, data_type: timestamp }
    measures:
      - { name: opportunities_created, agg: count, expr: opportunity_id, unit: count }
      - { name: pipeline_amount, agg: sum, expr: amount, unit: currency }
`,
};

/** One KPI file in the shape analysts write; `extra` is spliced into the metric. */
export function kpi(name: string, fields: string): string {
  return `  - name: ${name}
    label: ${name.replace(/_/g, ' ')}
    description: Test KPI ${name}.
    owner: sales_ops
    indicator: leading
    focus_areas: [pipeline_health]
    cadence: monthly
${/\bunit:/.test(fields) ? '' : '    unit: count\n'}    direction: higher_is_better
${fields
  .trim()
  .split('\n')
  .map((l) => `    ${l.trim()}`)
  .join('\n')}
`;
}
