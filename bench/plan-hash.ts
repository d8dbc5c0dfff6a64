/**
 * `npx tsx bench/plan-hash.ts`: a fingerprint of compileRequest's output (sql, bindings, columns,
 * diagnostics) over bench:plan's requests (warm-up and timed) on every dialect, so a speed change
 * can show it kept the output byte-identical: run before and after, the hashes must match.
 *
 * Options: --requests N (default 4000), --warmup N (default 500), --dialects a,b (default: all
 * registered dialects), --verbose (one hash per dialect as well).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { dialectNames, getDialect } from '../adapters/dialect-registry.js';
import { compileProject } from '../compiler/compile-project.js';
import { compileRequest } from '../compiler/compile-request.js';
import { directorySource } from '../compiler/source/fs-source.js';
import { benchRequests } from './plan-requests.js';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '500' },
    dialects: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const catalog = compileProject(directorySource(process.cwd())).catalog;
if (!catalog) throw new Error('the starter catalog does not compile');
const { warm, timed } = benchRequests(catalog, Number(options.requests), Number(options.warmup));
const requests = [...warm, ...timed];
const names = options.dialects ? options.dialects.split(',') : dialectNames();

// bigint bindings would make JSON.stringify throw; tag them so they hash distinctly from numbers.
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? `${value}n` : value);

const total = createHash('sha256');
for (const name of names) {
  const dialect = getDialect(name);
  if (!dialect) throw new Error(`unknown dialect ${name}`);
  const perDialect = createHash('sha256');
  for (const request of requests) {
    const out = compileRequest(catalog, request, dialect);
    const text = JSON.stringify([out.sql, out.bindings, out.columns, out.diagnostics], replacer);
    perDialect.update(text).update('\n');
  }
  const digest = perDialect.digest('hex');
  total.update(`${name}:${digest}\n`);
  if (options.verbose) console.log(`${name.padEnd(10)} ${digest}`);
}
console.log(`${requests.length} requests x ${names.length} dialects: ${total.digest('hex')}`);
