/**
 * `npx tsx bench/expr.ts`: microseconds per expression for `parseExpression` and `checkExpression`
 * over a mix shaped like real catalogs (keys, filters, derived formulas, a case, an `in` list),
 * plus one 10,000-character `in` list of ~5,000 values. Medians of N rounds after warm-up rounds.
 * Figures, not pass/fail: nothing here asserts.
 *
 * Options: --runs N (rounds, default 300), --warmup N (rounds before measuring, default 300; the
 * JIT needs a few thousand calls before figures settle), --big-runs N (default 20).
 *
 * The figures recorded before and after the fast path (see `recorded` below) are printed first,
 * as comment lines, so a run can be read against them.
 */
import { parseArgs } from 'node:util';
import type { Expr } from '../compiler/expr/ast.js';
import { checkExpression, type CheckOptions } from '../compiler/expr/check-expression.js';
import { parseExpression } from '../compiler/expr/parse-expression.js';
import { mapScope, type ExprScope, type ScopeEntry } from '../compiler/expr/scope.js';

const dim = (name: string, type: 'categorical' | 'time' | 'boolean' | 'number', unit?: 'currency' | 'percent'): ScopeEntry =>
  unit === undefined ? { kind: 'dimension', model: 'opportunities', name, entityPath: [], type } : { kind: 'dimension', model: 'opportunities', name, entityPath: [], type, unit };
const metric = (name: string, unit: 'currency' | 'percent' | 'count' | 'ratio' | 'days' | 'number'): ScopeEntry => ({ kind: 'metric', name, unit });
const column = (name: string): ScopeEntry => ({ kind: 'column', name });

const scope: ExprScope = mapScope({
  'opportunity.type': dim('type', 'categorical'),
  'opportunity.source': dim('source', 'categorical'),
  stage: dim('stage', 'categorical'),
  is_won: dim('is_won', 'boolean'),
  is_closed: dim('is_closed', 'boolean'),
  closed_at: dim('closed_at', 'time'),
  created_at: dim('created_at', 'time'),
  converted_at: dim('converted_at', 'time'),
  survey_type: dim('survey_type', 'categorical'),
  segment: dim('segment', 'categorical'),
  amount: dim('amount', 'number', 'currency'),
  account_id: column('account_id'),
  arr_change: column('arr_change'),
  discount: column('discount'),
  arr: metric('arr', 'currency'),
  open_pipeline: metric('open_pipeline', 'currency'),
  win_rate: metric('win_rate', 'percent'),
  sales_cycle_length: metric('sales_cycle_length', 'days'),
  starting_arr: metric('starting_arr', 'currency'),
  contraction_arr: metric('contraction_arr', 'currency'),
  churned_arr: metric('churned_arr', 'currency'),
  expansion_revenue: metric('expansion_revenue', 'currency'),
  customer_count: metric('customer_count', 'count'),
  customers_added: metric('customers_added', 'count'),
});

interface Case {
  readonly text: string;
  readonly options: CheckOptions;
}

const model: CheckOptions = { context: 'model' };
const filter: CheckOptions = { context: 'filter', expect: 'boolean' };
const derived: CheckOptions = { context: 'derived', expect: 'number' };

/** Roughly the proportions of the starter catalog: many bare keys, filters, then derived formulas. */
const mix: readonly Case[] = [
  { text: 'account_id', options: model },
  { text: 'arr_change', options: model },
  { text: 'is_won', options: filter },
  { text: "survey_type = 'nps'", options: filter },
  { text: 'converted_at is not null', options: filter },
  { text: "opportunity.type = 'new_business' and amount > 0", options: filter },
  { text: "opportunity.source in ('organic', 'paid_search', 'paid_social', 'events')", options: filter },
  { text: "closed_at >= '2026-01-01' and not is_closed", options: filter },
  { text: 'days_between(created_at, closed_at)', options: model },
  { text: "case when segment = 'enterprise' then amount * 1.1 else amount end", options: { context: 'filter', expect: 'number' } },
  { text: 'arr / 12', options: derived },
  { text: 'open_pipeline * win_rate / sales_cycle_length', options: derived },
  { text: '(arr - lag(arr, 1 quarter)) / lag(arr, 1 quarter)', options: derived },
  { text: '(starting_arr + coalesce(expansion_revenue, 0) + coalesce(contraction_arr, 0) + coalesce(churned_arr, 0)) / starting_arr', options: derived },
  { text: 'customer_count - coalesce(customers_added, 0)', options: derived },
];

/** An `in` list filling the 10,000-character limit: ~5,000 one-digit numbers, or ~2,000 short strings. */
function bigInList(operand: string, value: (i: number) => string): string {
  const values: string[] = [];
  let length = operand.length + 6;
  for (let i = 0; length + value(i).length + 1 <= 10_000; i++) {
    values.push(value(i));
    length += value(i).length + 1;
  }
  return `${operand} in (${values.join(',')})`;
}

/**
 * Recorded 2026-11-23 on the shared 2-core machine under tsx, load average ~13 (so figures move by
 * up to 2x between runs; two runs each). Before: chevrotain lexer + CstParser + CST visitor for every
 * expression (commit 08d3f52). After: the hand-written fast path (`quick-parser.ts`), chevrotain only
 * for text with problems.
 */
const recorded = `# recorded figures, median µs per expression (before -> after; two runs each, heavily loaded machine)
#   parse, mix (per expression)                      36.7, 27.4  ->  2.8, 4.0
#   check, mix (per expression)                       5.6,  2.0  ->  2.8, 2.5   (unchanged; noise)
#   parse + check, mix                               56.0, 28.6  ->  8.0, 3.3
#   parse 'opportunity.type = ... and amount > 0'    31.5, 18.5  ->  3.6, 1.5
#   parse '(arr - lag(arr, 1 quarter)) / lag(...)'   48.4, 28.2  ->  4.3, 4.4
#   parse, 10,000-char in list (4,992 numbers)     481411, 273302  ->  9950, 5638
#   parse, 10,000-char in list (2,014 strings)      39917, 16511  ->  1453, 1698
#   check, 10,000-char in lists                     392 / 152 -> 703 / 144 (unchanged; noise)`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median µs per expression of `work` over `items`, one sample per round. */
function time<T>(items: readonly T[], work: (item: T) => void, rounds: number, warmup: number): number {
  const samples: number[] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    const t0 = performance.now();
    for (const item of items) work(item);
    const elapsed = performance.now() - t0;
    if (r >= warmup) samples.push((elapsed * 1000) / items.length);
  }
  return median(samples);
}

function parsed(text: string): Expr {
  const result = parseExpression(text);
  if (!result.ast) throw new Error(`bench expression does not parse: ${text}\n${JSON.stringify(result.diagnostics)}`);
  return result.ast;
}

function main(): void {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, warmup: { type: 'string' }, 'big-runs': { type: 'string' } } });
  const runs = Number(values.runs ?? 300);
  const warmup = Number(values.warmup ?? 300);
  const bigRuns = Number(values['big-runs'] ?? 20);

  // Every case must parse and check cleanly, or the figures would time the error paths.
  const trees = mix.map((c) => {
    const ast = parsed(c.text);
    const checked = checkExpression(ast, scope, c.options);
    if (checked.diagnostics.length > 0) throw new Error(`bench expression does not check: ${c.text}\n${JSON.stringify(checked.diagnostics)}`);
    return { ast, options: c.options };
  });
  const bigLists = [bigInList('account_id', (i) => String(i % 10)), bigInList('segment', (i) => `'${(i % 1000).toString(36)}'`)].map((text) => {
    const ast = parsed(text);
    return { text, ast, values: ast.kind === 'in' ? ast.values.length : 0 };
  });

  const rows: [string, number][] = [
    ['parse, mix (per expression)', time(mix, (c) => parseExpression(c.text), runs, warmup)],
    ['check, mix (per expression)', time(trees, (t) => checkExpression(t.ast, scope, t.options), runs, warmup)],
    ['parse + check, mix', time(mix, (c) => checkExpression(parsed(c.text), scope, c.options), runs, warmup)],
  ];
  for (const c of [mix[5]!, mix[12]!]) rows.push([`parse '${c.text}'`, time([c], (x) => parseExpression(x.text), runs * 10, warmup * 10)]);
  for (const big of bigLists) {
    rows.push([`parse, ${big.text.length}-char in list (${big.values} values)`, time([big.text], (x) => parseExpression(x), bigRuns, 5)]);
    rows.push([`check, ${big.text.length}-char in list (${big.values} values)`, time([big.ast], (x) => checkExpression(x, scope, filter), bigRuns, 5)]);
  }

  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(recorded);
  console.log(`expression language, median µs per expression (${runs} rounds after ${warmup} warm-up)`);
  for (const [label, us] of rows) console.log(`${label.padEnd(width)}  ${us.toFixed(1).padStart(10)} µs`);
}

main();
