import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../cli/commands/validate.js';

const REPO = join(import.meta.dirname, '..', '..');
const CASES = join(REPO, 'test', 'corpus', 'cases');

/** A corpus case folder by its name without the number, so renumbering does not break this file. */
function corpus(name: string): string {
  const folder = readdirSync(CASES).find((f) => f.replace(/^\d+-/, '') === name);
  if (!folder) throw new Error(`no corpus case named ${name}`);
  return join(CASES, folder);
}

function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const code = validateCommand(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    color: false,
    now: () => (clock += 5),
  });
  return { code, stdout, stderr };
}

describe('canon validate', () => {
  it('passes the starter catalog and summarises it', () => {
    const { code, stdout } = run(REPO);
    expect(code).toBe(0);
    expect(stdout).toMatch(/catalog is valid/);
    expect(stdout).toMatch(/\d+ semantic models?, \d+ measures?/);
    expect(stdout).toMatch(/\d+ metrics? \(\d+ simple/);
    expect(stdout).toMatch(/\d+ owners?, \d+ focus areas?/);
    expect(stdout).toMatch(/\d+ warnings?, checked in 5 ms/);
  });

  it('accepts canon.yaml itself as the path', () => {
    expect(run(join(CASES, '00-clean-baseline', 'canon.yaml')).code).toBe(0);
  });

  it('exits 1 and prints compiler-style errors with a caret', () => {
    const { code, stdout } = run(corpus('unknown-measure'));
    expect(code).toBe(1);
    expect(stdout).toContain("metrics/kpis.yaml:6:14: error[unknown-measure]: metric 'deals_won' uses measure 'deals_wonn_count'");
    expect(stdout).toContain('  6 |     measure: deals_wonn_count\n    |              ^^^^^^^^^^^^^^^^');
    expect(stdout).toContain("hint: did you mean 'deals_won_count'?");
    expect(stdout).toMatch(/canon validate: 1 error, 0 warnings in 5 ms/);
  });

  it('prints JSON and GitHub annotations', () => {
    const json = run(corpus('unknown-measure'), '--format', 'json');
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { version: number; summary: { errors: number }; diagnostics: { code: string; line: number }[] };
    expect(parsed.version).toBe(1);
    expect(parsed.summary.errors).toBe(1);
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'unknown-measure', line: 6, column: 14 });
    const github = run(corpus('unknown-measure'), '--format=github');
    expect(github.stdout).toMatch(/^::error file=metrics\/kpis\.yaml,line=6,col=14,endLine=6,endColumn=\d+,title=canon unknown-measure::/);
  });

  it('passes warnings unless --strict', () => {
    const lenient = run(corpus('empty-file'));
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('warning[empty-file]');
    expect(lenient.stdout).toContain('1 warning, checked in');
    const strict = run(corpus('empty-file'), '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('(warnings fail with --strict)');
  });

  it('exits 2 on usage errors', () => {
    expect(run('--bogus').code).toBe(2);
    expect(run(join(CASES, 'no-such-case')).stderr).toContain('no such folder');
    expect(run(join(CASES, 'no-such-case')).code).toBe(2);
    expect(run(REPO, '--format', 'xml').code).toBe(2);
    expect(run(REPO, REPO).code).toBe(2);
    expect(run(join(REPO, 'docs')).code).toBe(2); // neither canon.yaml nor metrics/
    expect(run(join(REPO, 'package.json')).code).toBe(2);
  });

  it('prints help and exits 0', () => {
    const { code, stdout } = run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: canon validate [path]');
  });
});
