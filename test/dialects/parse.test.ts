/**
 * Every golden SQL file parses with a real SQL parser (node-sql-parser) for its dialect. Bindings
 * are inlined as literals first: what reaches the engine is the value, and several grammars
 * (postgresql, snowflake) reject `?`. Known grammar gaps are rewritten per parser-gaps.ts, each
 * one proven necessary below. DuckDB has no grammar in node-sql-parser (see golden-dialects.ts).
 */
import { readFileSync } from 'node:fs';
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import type { SqlValue } from '../../compiler/sql/values.js';
import { GOLDEN_CASE_NAMES } from './golden-cases.js';
import { GOLDEN_DIALECTS, PARSER_DATABASE, type GoldenDialect } from './golden-dialects.js';
import { goldenPaths } from './golden-files.js';
import { PARSER_GAPS, type ParserGap } from './parser-gaps.js';

const parser = new Parser();

function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

function inlined(dialect: GoldenDialect, name: string): string {
  const paths = goldenPaths(dialect, name);
  const sql = readFileSync(paths.sql, 'utf8');
  const bindings = JSON.parse(readFileSync(paths.bindings, 'utf8')) as SqlValue[];
  let i = 0;
  const out = sql.replace(/\?/g, () => literal(bindings[i++] ?? null));
  expect(i).toBe(bindings.length);
  return out;
}

function rewrite(sql: string, gaps: readonly ParserGap[]): string {
  return gaps.reduce((text, gap) => text.replace(gap.pattern, gap.replacement), sql);
}

/** The parser's complaint, with the text around where it stopped; null when it parses. */
function parseError(sql: string, database: string): string | null {
  try {
    parser.astify(sql, { database });
    return null;
  } catch (error) {
    const offset = (error as { location?: { start?: { offset?: number } } }).location?.start?.offset;
    const where = offset === undefined ? '' : ` near …${sql.slice(Math.max(0, offset - 80), offset)}⟨here⟩${sql.slice(offset, offset + 40)}…`;
    return `${(error as Error).message.slice(0, 200)}${where}`;
  }
}

describe('golden SQL parses', () => {
  for (const dialect of GOLDEN_DIALECTS) {
    const target = PARSER_DATABASE[dialect];
    describe(dialect, () => {
      if ('none' in target) {
        it(`has no parser: ${target.none}`, () => {
          expect(PARSER_GAPS[dialect]).toEqual([]);
        });
        return;
      }
      for (const name of GOLDEN_CASE_NAMES) {
        it(`${name} (node-sql-parser '${target.database}')`, () => {
          expect(parseError(rewrite(inlined(dialect, name), PARSER_GAPS[dialect]), target.database)).toBeNull();
        });
      }
      it('the parser is not vacuous: a broken statement is rejected', () => {
        const sql = rewrite(inlined(dialect, 'simple_by_month'), PARSER_GAPS[dialect]);
        expect(parseError(sql.replace(' FROM ', ' FROM FROM '), target.database)).not.toBeNull();
      });
      for (const gap of PARSER_GAPS[dialect]) {
        it(`grammar gap still needed: ${gap.construct}`, () => {
          const others = PARSER_GAPS[dialect].filter((g) => g !== gap);
          const needed = GOLDEN_CASE_NAMES.some((name) => {
            const sql = rewrite(inlined(dialect, name), others);
            return sql.replace(gap.pattern, gap.replacement) !== sql && parseError(sql, target.database) !== null;
          });
          expect(needed, `no golden ${dialect} file needs the rewrite of ${gap.construct}; remove it from parser-gaps.ts`).toBe(true);
        });
      }
    });
  }
});
