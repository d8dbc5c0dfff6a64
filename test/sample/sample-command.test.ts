import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openConnection } from '../../adapters/connect.js';
import { run } from '../../cli/commands/sample.js';

const root = mkdtempSync(join(tmpdir(), 'canon-sample-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function quietly(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await run(args), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe('canon sample', () => {
  it('loads the local DuckDB file when there is no canon.yaml, and prints row counts', async () => {
    const dir = join(root, 'bare');
    const { code, out } = await quietly(['--project', dir, '--scale', '0.05', '--seed', '7']);
    expect(code).toBe(0);
    expect(out).toMatch(/accounts\s+100\n/);
    expect(out).toMatch(/Loaded [\d,]+ rows in [\d.]+ s\./);
    const connection = await openConnection({ type: 'duckdb', settings: { path: '.canon/sample.duckdb' } }, dir);
    try {
      const { rows } = await connection.query('select count(*) as n from accounts', []);
      expect(rows).toEqual([{ n: 100 }]);
    } finally {
      await connection.close();
    }
  });

  it('loads the warehouse named in canon.yaml', async () => {
    const dir = join(root, 'project');
    rmSync(dir, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'canon.yaml'), 'project: t\ndefault_warehouse: local\nwarehouses:\n  local:\n    type: duckdb\n    path: .canon/x.duckdb\n  lite:\n    type: sqlite\n    path: data/lite.sqlite\n');
    const { code } = await quietly(['--project', dir, '--warehouse', 'lite', '--scale', '0.05']);
    expect(code).toBe(0);
    const connection = await openConnection({ type: 'sqlite', settings: { path: 'data/lite.sqlite' } }, dir);
    try {
      const { rows } = await connection.query('select count(*) as n from reps', []);
      expect(Number(rows[0]?.['n'])).toBeGreaterThan(0);
    } finally {
      await connection.close();
    }
  });

  it('rejects bad options and unknown warehouses with usage errors', async () => {
    expect((await quietly(['--project', root, '--scale', '-1'])).code).toBe(2);
    expect((await quietly(['--project', root, '--seed', 'abc'])).code).toBe(2);
    expect((await quietly(['--project', root, '--bogus'])).code).toBe(2);
    const dir = join(root, 'project');
    const unknown = await quietly(['--project', dir, '--warehouse', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("no warehouse 'nope'");
  });

  it('reports an unreachable warehouse as an error, not a crash', async () => {
    const dir = join(root, 'down');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'canon.yaml'), 'project: t\ndefault_warehouse: pg\nwarehouses:\n  pg:\n    type: postgres\n    host: 127.0.0.1\n    port: 1\n');
    const { code, err } = await quietly(['--project', dir, '--scale', '0.05']);
    expect(code).toBe(1);
    expect(err).toContain('WAREHOUSE_UNAVAILABLE');
    expect(err).toContain('127.0.0.1:1');
  });
});
