import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { request as httpRequest, type Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { MetricRequest } from '../compiler/request/request.js';

/**
 * The mixed workload of the server benchmark (and of the bounded load test): dashboard-like metric
 * requests over the starter catalog. `uncached` shifts each request's time range by a counter, so
 * every request has its own bindings and so its own cache key; `one-at-a-time` does the same with
 * ranges ending a day earlier, so its requests never share a cache key with an `uncached` run, and
 * `warm-up` with ranges ending two days earlier (the requests that warm the server up before the
 * one-at-a-time ones are timed).
 */
export type WorkloadMode = 'cached' | 'uncached' | 'one-at-a-time' | 'warm-up';

const RANGE_END: Readonly<Record<WorkloadMode, string>> = { cached: '2026-07-01', uncached: '2026-07-01', 'one-at-a-time': '2026-06-30', 'warm-up': '2026-06-29' };

const SHAPES: readonly { metrics: string[]; grain: string; groupBy?: string[] }[] = [
  { metrics: ['bookings'], grain: 'MONTH' },
  { metrics: ['win_rate', 'deals_won'], grain: 'QUARTER' },
  { metrics: ['leads_created', 'mqls'], grain: 'WEEK', groupBy: ['source'] },
  { metrics: ['average_deal_size'], grain: 'FISCAL_QUARTER', groupBy: ['segment'] },
  { metrics: ['arr', 'customer_count'], grain: 'MONTH' },
  { metrics: ['deals_closed'], grain: 'YEAR', groupBy: ['account__segment'] },
  { metrics: ['opportunities_created'], grain: 'MONTH', groupBy: ['segment'] },
  { metrics: ['new_customers'], grain: 'QUARTER' },
];

const QUERY = 'query Bench($input: MetricQuery!) { query(input: $input) { rows rowCount cached } }';

function day(offset: number): string {
  return new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The i-th request of a workload, as GraphQL input. */
export function workloadInput(i: number, mode: WorkloadMode): Record<string, unknown> {
  const shape = SHAPES[i % SHAPES.length]!;
  // Cached: a fixed range per shape. Otherwise: one more day off the start per round of shapes.
  const offset = mode === 'cached' ? 0 : Math.floor(i / SHAPES.length) % 700;
  return { ...shape, timeRange: { from: day(offset), to: RANGE_END[mode] } };
}

/** The same request as the compiler takes it, for the direct baseline. */
export function workloadRequest(i: number, mode: WorkloadMode): MetricRequest {
  const input = workloadInput(i, mode) as { metrics: string[]; grain: string; groupBy?: string[]; timeRange: { from: string; to: string } };
  return {
    metrics: input.metrics,
    grain: input.grain.toLowerCase() as MetricRequest['grain'] & string,
    timeRange: input.timeRange,
    ...(input.groupBy ? { groupBy: input.groupBy.map((g) => g.replace('__', '.')) } : {}),
  };
}

export function workloadBody(i: number, mode: WorkloadMode): string {
  return JSON.stringify({ query: QUERY, variables: { input: workloadInput(i, mode) }, operationName: 'Bench' });
}

/**
 * POST one body to the server's /graphql over a kept-alive loopback connection and wait for the
 * whole answer: for timing requests one at a time, where autocannon's concurrency is not wanted.
 */
export function postOnce(url: string, body: string, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const request = httpRequest(
      `${url}/graphql`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => resolvePromise({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

export interface LoadResult {
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly mode: WorkloadMode;
  /** Concurrent clients. Default 50. */
  readonly connections?: number;
  /** Seconds. Default 10. */
  readonly durationSec?: number;
  /** Stop after this many requests instead (autocannon then ignores the duration). */
  readonly maxRequests?: number;
  readonly headers?: Record<string, string>;
}

/** autocannon against the server's /graphql with the mixed workload; bounded in time and count. */
export async function runLoad({ url, mode, connections = 50, durationSec = 10, maxRequests, headers = {} }: LoadOptions): Promise<LoadResult> {
  let counter = 0;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration: durationSec,
    ...(maxRequests ? { amount: maxRequests } : {}),
    // The cached workload is a fixed cycle of bodies: given as such, autocannon builds each request
    // once instead of calling back per request, so the load generator (sharing the machine with
    // the server) spends less CPU per request. The other workloads make a new body per request.
    requests:
      mode === 'cached'
        ? SHAPES.map((_, i) => ({ method: 'POST' as const, headers: { 'content-type': 'application/json', ...headers }, body: workloadBody(i, mode) }))
        : [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              setupRequest: (request) => ({ ...request, body: workloadBody(counter++, mode) }),
            },
          ],
  });
  return {
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * The same load from a child Node process, so the load generator has its own event loop and V8
 * heap instead of competing with the server for the benchmark's thread. autocannon's
 * `setupRequest` is a function and cannot cross a process boundary, so the child builds the
 * bodies itself from this module's workload; only the options and the result travel over IPC.
 * Bounded: the child runs one `runLoad` (fixed duration or count) and exits; it is killed if it
 * outlives the duration by a margin.
 */
export function runLoadInChild(options: LoadOptions): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), [LOAD_CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: childExecArgv() });
  const limitMs = ((options.durationSec ?? 10) + 30) * 1000;
  return new Promise<LoadResult>((resolvePromise, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, result?: LoadResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill();
      if (error) reject(error);
      else resolvePromise(result!);
    };
    const timer = setTimeout(() => finish(new Error(`load generator did not finish within ${limitMs / 1000} s`)), limitMs);
    child.once('message', (result) => finish(undefined, result as LoadResult));
    child.once('error', (error) => finish(error));
    child.once('exit', (code) => finish(new Error(`load generator exited with code ${code} before reporting`)));
    child.send(options);
  });
}

const LOAD_CHILD_FLAG = '--canon-load-child';

/**
 * The child runs this very file. Started by tsx, the parent's flags already load TypeScript; under
 * vitest (whose workers transform in-process) they do not, so the child gets tsx's loader itself.
 */
function childExecArgv(): string[] {
  const typescript = import.meta.url.endsWith('.ts');
  return typescript && !process.execArgv.some((flag) => flag.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
}

// Child side of runLoadInChild: one run with the options from the parent, the result back, exit.
if (process.argv.includes(LOAD_CHILD_FLAG) && process.send) {
  // The parent gone (killed, crashed) means nobody reads the result: stop rather than linger.
  process.once('disconnect', () => process.exit(0));
  process.once('message', (options) => {
    void runLoad(options as LoadOptions).then(
      (result) => process.send!(result, () => process.exit(0)),
      (error: unknown) => {
        process.stderr.write(`load generator failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
