/** `canon query` on a fresh checkout: the embedded sample warehouse is generated before the first query. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryCommand } from '../../cli/commands/query.js';

const project = mkdtempSync(join(tmpdir(), 'canon-query-fresh-'));
cpSync('canon.yaml', join(project, 'canon.yaml'));
cpSync('metrics', join(project, 'metrics'), { recursive: true });
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('canon query on a fresh checkout', () => {
  it('generates the missing DuckDB sample, then answers (and never leaves an empty file behind)', async () => {
    const database = join(project, '.canon', 'sample.duckdb');
    expect(existsSync(database)).toBe(false);
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await queryCommand(['deals_won', '--grain', 'year', '--format', 'json', '--project', project], io);
    expect(err).toContain('generating the sample RevOps warehouse');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { metric_time: string; deals_won: number }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.deals_won > 0)).toBe(true);
    // A second query reuses the warehouse instead of regenerating it.
    err = '';
    out = '';
    expect(await queryCommand(['deals_won', '--grain', 'year', '--format', 'json', '--project', project], io)).toBe(0);
    expect(err).not.toContain('generating');
  });
  it('does the same for an embedded SQLite warehouse named with --warehouse', async () => {
    const database = join(project, '.canon', 'sample.sqlite');
    expect(existsSync(database)).toBe(false);
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    const code = await queryCommand(['deals_won', '--grain', 'year', '--format', 'json', '--warehouse', 'sqlite', '--project', project], io);
    expect(err).toContain('generating the sample RevOps warehouse');
    expect(code).toBe(0);
    expect(existsSync(database)).toBe(true);
    const sqliteRows = JSON.parse(out) as { metric_time: string; deals_won: number }[];
    // The same deterministic sample as the DuckDB file: the same answer.
    out = '';
    expect(await queryCommand(['deals_won', '--grain', 'year', '--format', 'json', '--project', project], io)).toBe(0);
    expect(sqliteRows).toEqual(JSON.parse(out));
  });
});
