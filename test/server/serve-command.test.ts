import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY } from '../../server/example-query.js';
import { copyProject, REPO_ROOT } from './helpers.js';

/** Reads the child's stdout until the GraphiQL URL line appears. */
function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/GraphiQL\s+(http:\/\/\S+)\/graphql/);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`canon serve exited with ${code} before listening:\n${out}\n${err}`)));
  });
}

describe('canon serve', () => {
  const project = copyProject();
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    project.remove();
  });

  it('generates the sample warehouse on first run, serves GraphQL, /health and /metrics, and stops on SIGTERM', async () => {
    const database = join(project.root, '.canon', 'sample.duckdb');
    expect(existsSync(database)).toBe(false);
    child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'cli/main.ts'), 'serve', '--port', '0', '--project', project.root, '--sample-scale', '0.02', '--no-watch'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await waitForUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(database)).toBe(true);

    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE_QUERY }),
    });
    const body = (await response.json()) as { data?: { query: { rows: Record<string, unknown>[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.query.rows.length).toBeGreaterThan(0);

    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; warehouse: { reachable: boolean } };
    expect(health).toMatchObject({ status: 'ok', warehouse: { reachable: true } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/canon_graphql_requests_total\{operation="anonymous",outcome="ok"\} 1/);
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('Canon metrics API');
    expect(html).toContain('win_rate');

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);

  it('refuses to start on a catalog with errors, naming file:line:col', async () => {
    const broken = copyProject();
    try {
      const file = join(broken.root, 'metrics', 'kpis', 'pipeline-health.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('measure: open_pipeline_amount', 'measure: open_pipeline_amuont'));
      const run = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'cli/main.ts'), 'serve', '--port', '0', '--project', broken.root], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      run.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => run.on('exit', resolve));
      expect(code).toBe(1);
      expect(stderr).toMatch(/metrics\/kpis\/pipeline-health\.yaml:\d+:\d+: error/);
      expect(stderr).toContain('open_pipeline_amuont');
      expect(existsSync(join(broken.root, '.canon'))).toBe(false);
    } finally {
      broken.remove();
    }
  }, 120_000);
});
