/**
 * The floor under bench:server's HTTP figures: a plain Node HTTP server (no Canon code) answering
 * a ~1 KB JSON body to the same lean client in the same process, back to back and after a sleep of
 * `--gap` ms before each request (as a server request follows its warehouse query). The round trip
 * and the server's `writeHead` + `end` alone, p50 over `--requests` after 500 not counted.
 *
 *   npx tsx bench/http-floor.ts [--requests 3000] [--gap 5]
 *
 * On this 2-core VM (2026-12-07): 43 µs back to back, 419 µs after a 5 ms sleep (writeHead + end
 * 11 -> 62 µs). Figures, not pass/fail.
 */
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { LeanHttpClient } from './server-lean-client.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' }, gap: { type: 'string', default: '5' } } });
const REQUESTS = Number(values.requests);
const GAP_MS = Number(values.gap);
const SKIPPED = 500;

const body = JSON.stringify({
  data: { query: { rows: Array.from({ length: 30 }, (_, i) => ({ metric_time: `2024-01-${String(i + 1).padStart(2, '0')}`, bookings: i * 1000.5 })), rowCount: 30, cached: false } },
});
let writeUs: number[] = [];
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const started = performance.now();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
    writeUs.push((performance.now() - started) * 1000);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const client = new LeanHttpClient('127.0.0.1', (server.address() as { port: number }).port);

const median = (list: number[]): string => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!.toFixed(0);

for (const gap of [0, GAP_MS]) {
  writeUs = [];
  const roundTrips: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    if (gap > 0) await sleep(gap);
    const started = performance.now();
    await client.post('/graphql', '{"query":"{ ok }"}');
    if (i >= SKIPPED) roundTrips.push((performance.now() - started) * 1000);
  }
  const label = gap === 0 ? 'back to back' : `after ${gap} ms asleep`;
  process.stdout.write(`${label.padEnd(20)} round trip p50 ${median(roundTrips)} µs; writeHead + end p50 ${median(writeUs.slice(SKIPPED))} µs\n`);
}
client.close();
server.close();
