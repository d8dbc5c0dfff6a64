/**
 * Golden SQL: every golden case compiled for every registered dialect must equal the reviewed text
 * in test/dialects/golden/<dialect>/<case>.sql (and its bindings JSON) byte for byte, and compiling
 * twice must give the same bytes. `UPDATE_GOLDEN=1 npx vitest run test/dialects` rewrites the files;
 * review the diff by eye before committing it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectNames, getDialect } from '../../adapters/dialect-registry.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest } from '../../compiler/compile-request.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import { GOLDEN_CASE_NAMES, GOLDEN_CASES } from './golden-cases.js';
import { GOLDEN_DIALECTS } from './golden-dialects.js';
import { GOLDEN_DIR, goldenPaths } from './golden-files.js';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const project = compileProject(directorySource('.'));
const catalog = project.catalog;

describe('golden SQL', () => {
  it('the starter catalog compiles', () => {
    expect(project.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(catalog).toBeDefined();
  });

  it('covers exactly the registered dialects', () => {
    expect([...GOLDEN_DIALECTS]).toEqual(dialectNames());
  });

  it('holds no expectation for a dialect or case that no longer exists', () => {
    for (const dialect of readdirSync(GOLDEN_DIR).sort()) {
      expect(GOLDEN_DIALECTS as readonly string[]).toContain(dialect);
      for (const file of readdirSync(join(GOLDEN_DIR, dialect))) {
        expect(GOLDEN_CASE_NAMES as readonly string[]).toContain(file.replace(/(\.bindings\.json|\.sql)$/, ''));
      }
    }
  });

  for (const dialectName of GOLDEN_DIALECTS) {
    describe(dialectName, () => {
      for (const name of GOLDEN_CASE_NAMES) {
        it(name, () => {
          const dialect = getDialect(dialectName);
          if (!dialect || !catalog) throw new Error(`no dialect ${dialectName} or no catalog`);
          const first = compileRequest(catalog, GOLDEN_CASES[name], dialect);
          expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          const second = compileRequest(catalog, GOLDEN_CASES[name], dialect);
          expect(second.sql).toBe(first.sql);
          expect(second.bindings).toEqual(first.bindings);

          const sqlText = `${first.sql}\n`;
          const bindingsText = `${JSON.stringify(first.bindings, null, 2)}\n`;
          const paths = goldenPaths(dialectName, name);
          if (UPDATE) {
            mkdirSync(join(GOLDEN_DIR, dialectName), { recursive: true });
            writeFileSync(paths.sql, sqlText);
            writeFileSync(paths.bindings, bindingsText);
          }
          expect(existsSync(paths.sql), `missing ${paths.sql}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
          expect(sqlText).toBe(readFileSync(paths.sql, 'utf8'));
          expect(bindingsText).toBe(readFileSync(paths.bindings, 'utf8'));
          // Every placeholder has exactly one binding.
          expect(first.sql.split('?').length - 1).toBe(first.bindings.length);
        });
      }
    });
  }
});
