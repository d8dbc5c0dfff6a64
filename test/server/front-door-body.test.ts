import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCanonServer, type CanonServer } from '../../server/create-server.js';
import { serverConfigFrom } from '../../server/server-config.js';
import { copyProject, httpGql, loadSmallSample, metricValue, realEngine } from './helpers.js';

const DASH = 'query Dash($input: MetricQuery!) { query(input: $input) { rows cached } }';
const body = (day: number): string => JSON.stringify({ query: DASH, variables: { input: { metrics: ['bookings'], grain: 'QUARTER', timeRange: { from: `2024-01-${String(day).padStart(2, '0')}`, to: '2025-01-01' } } } });

/**
 * Writes a request over a raw socket in parts (`gapMs` apart), then, unless `close`, waits for the
 * whole answer (the server closes: `connection: close`); with `close` it hangs up after the parts.
 */
function rawPost(port: number, parts: readonly string[], options: { gapMs?: number; close?: boolean; headers?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.once('connect', async () => {
      for (const part of parts) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, options.gapMs ?? 30));
      }
      if (options.close) socket.destroy();
    });
  });
}

const head = (length: number, extra = ''): string =>
  `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer admin-key\r\nconnection: close\r\n${extra}content-length: ${length}\r\n\r\n`;

describe('HTTP front door: reading request bodies', () => {
  const project = copyProject();
  let server: CanonServer;
  let url: string;
  let port: number;

  beforeAll(async () => {
    const engine = realEngine();
    await loadSmallSample(project.root);
    const config = serverConfigFrom({ server: { auth: { api_keys: [] } } }, { CANON_API_KEYS: 'admin-key' });
    server = createCanonServer({ projectRoot: project.root, engine, config, watch: false, log: () => {} });
    url = await server.listen(0, '127.0.0.1');
    port = Number(new URL(url).port);
    // yoga validates the text once; later ones take the direct path.
    expect((await httpGql(url, DASH, JSON.parse(body(1)).variables, { authorization: 'Bearer admin-key' })).body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server?.close();
    project.remove();
  });

  it('answers a body that arrives in several packets once its content-length is complete', async () => {
    const direct = await metricValue(server, 'canon_http_direct_executions_total');
    const text = body(2);
    const answer = await rawPost(port, [head(Buffer.byteLength(text)) + text.slice(0, 10), text.slice(10, 40), text.slice(40)]);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('"cached":false');
    expect(await metricValue(server, 'canon_http_direct_executions_total')).toBe(direct + 1);
  });

  it('answers nothing for a body cut short, and keeps serving', async () => {
    const text = body(3);
    const answer = await rawPost(port, [head(Buffer.byteLength(text)) + text.slice(0, 20)], { close: true });
    expect(answer).toBe('');
    const after = await httpGql(url, DASH, JSON.parse(body(3)).variables, { authorization: 'Bearer admin-key' });
    expect(after.status).toBe(200);
    expect(after.text).toContain('"cached":false');
  });

  it('still refuses an unauthenticated body in parts', async () => {
    const text = body(4);
    const answer = await rawPost(port, [head(Buffer.byteLength(text)).replace('authorization: Bearer admin-key\r\n', '') + text.slice(0, 30), text.slice(30)]);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toContain('UNAUTHENTICATED');
  });
});
