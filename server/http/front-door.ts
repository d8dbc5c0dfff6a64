import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLParams } from 'graphql-yoga';
import { isRefusal, type Authenticate } from '../access/authenticate.js';
import type { CatalogStore } from '../catalog/catalog-store.js';
import type { RequestState, RequestStates } from '../context.js';
import type { RequestRecorder } from '../observability/request-recorder.js';
import type { ServerMetrics } from '../observability/server-metrics.js';
import type { PreParsedParams } from '../plugins/use-pre-parsed-params.js';
import type { MetricQueryService } from '../query/metric-query-service.js';
import { principalKey } from '../query/request-key.js';
import { bodyParams, directContentType, executeDirectly, type DirectExecutionOptions } from './direct-execution.js';
import { ResponseBytesMemo } from './response-bytes-memo.js';

/** The part of a yoga instance the front door uses. */
export interface YogaHandler {
  readonly fetchAPI: { readonly Request: typeof Request };
  handleRequest(request: Request, serverContext: Record<string, unknown>): Response | Promise<Response>;
  requestListener(req: IncomingMessage, res: ServerResponse): unknown;
}

export interface FrontDoorOptions {
  readonly yoga: YogaHandler;
  readonly store: CatalogStore;
  readonly states: RequestStates;
  /** The same authenticator the auth plugin uses. */
  readonly authenticate: Authenticate;
  readonly queries: MetricQueryService;
  readonly metrics: ServerMetrics;
  readonly recorder: RequestRecorder;
  /** Shared with usePreParsedParams. */
  readonly preParsed: PreParsedParams;
  readonly memo?: ResponseBytesMemo;
  /**
   * Executes queries yoga has validated before without its pipeline (see direct-execution.ts).
   * Without it every miss goes through yoga.
   */
  readonly direct?: DirectExecutionOptions;
  /** Default `/graphql`. */
  readonly graphqlEndpoint?: string;
  /** Larger bodies (and bodies without a content-length) go to yoga as they are. Default 64 KiB. */
  readonly maxBodyBytes?: number;
  readonly log?: (message: string) => void;
}

/**
 * Request headers that shape yoga's response to a given body and principal, so they are part of
 * the memo key: `accept` picks the result format, `content-type` the parser, and the CORS ones
 * the `access-control-*` response headers. Credentials are not here: the key holds the scope they
 * resolve to, checked on every request.
 */
const RESPONSE_SHAPING_HEADERS = ['accept', 'content-type', 'origin', 'access-control-request-method', 'access-control-request-headers'] as const;

/**
 * The Node HTTP listener in front of yoga. A POST of a JSON GraphQL body is read here once;
 * the request is authenticated (always, with the auth plugin's own authenticator); then, when the
 * same principal scope sent the same body with the same response-shaping headers under this
 * catalog version, and every result-cache entry the remembered answer was built from is still the
 * one cached (TTL and eviction apply), the remembered bytes are sent at once: no Request object,
 * no GraphQL. Otherwise, a dashboard query (only `query(...)` fields) whose text yoga has
 * already validated against this principal's schema is executed here directly (see
 * direct-execution.ts; errors are still answered by yoga). Otherwise the request goes to yoga
 * with its body already parsed and its snapshot and authentication outcome already in the
 * request state (so yoga neither reads the body nor authenticates again), and when yoga says the answer is memoisable (use-response-memo: every
 * top-level field a `query` answered from the cache, no errors) the bytes it sends are kept.
 * Everything else (GET, GraphiQL, /health, /metrics, other media types, streamed bodies) is
 * yoga's own Node listener, untouched.
 */
export function createFrontDoor(options: FrontDoorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { yoga, store, states, authenticate, queries, metrics, recorder, preParsed, graphqlEndpoint = '/graphql', maxBodyBytes = 64 * 1024 } = options;
  const memo = options.memo ?? new ResponseBytesMemo();
  const log = options.log ?? (() => {});

  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer, started: number): Promise<void> => {
    const snapshot = store.current;
    const version = snapshot.loaded.catalog.version;
    const outcome = await authenticate((name) => header(req.headers, name));
    const state: RequestState = { snapshot, auth: outcome, arrivedAt: started };
    let key: string | undefined;
    if (!isRefusal(outcome)) {
      key = memoKey(principalKey(outcome.scope), req.headers, body);
      const hit = memo.get(version, key);
      if (hit) {
        if (await queries.stillCached(hit.sources)) {
          res.writeHead(200, hit.headers);
          res.end(hit.body);
          metrics.memoResponses.inc();
          recorder.record(hit.operationName, 200, (performance.now() - started) / 1000);
          return;
        }
        memo.delete(key);
      }
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const params = bodyParams(parsed);
    if (params) state.queryText = params.query;
    const contentType = params && options.direct ? directContentType(req.headers) : undefined;
    if (params && contentType && options.direct && !isRefusal(outcome)) {
      const direct = await executeDirectly(options.direct, snapshot, outcome, params, contentType);
      if (direct?.kind === 'answered') {
        const headers = { 'content-type': direct.contentType, 'content-length': String(Buffer.byteLength(direct.body, 'utf8')) };
        // Bytes are made only for the memo: otherwise the socket encodes the string once.
        if (key !== undefined && direct.memoisable && store.current.loaded.catalog.version === version) {
          memo.set(version, key, { ...direct.memoisable, headers, body: Buffer.from(direct.body, 'utf8') });
        }
        res.writeHead(200, headers);
        res.end(direct.body, 'utf8');
        metrics.directExecutions.inc();
        recorder.record(direct.operationName, 200, (performance.now() - started) / 1000);
        return;
      }
      // The resolvers ran and the result has errors: yoga answers it without running them again.
      if (direct) state.executed = direct.executed;
    }

    const request = toFetchRequest(yoga, req, body, parsed, preParsed, graphqlEndpoint);
    states.set(request, state);
    const response = await yoga.handleRequest(request, { req, res });
    const headers = responseHeaders(response);
    const sent = await response.arrayBuffer();
    // whatwg-node's Response hands back a Buffer already; Buffer.from would copy it.
    const bytes = Buffer.isBuffer(sent) ? sent : Buffer.from(sent);
    headers['content-length'] = String(bytes.length);
    // A request that began before a reload is not remembered: its version is no longer served, and
    // storing it would empty the memo of the current version's entries.
    const current = store.current.loaded.catalog.version === version;
    if (key !== undefined && current && state.memoisable && response.status === 200 && !('set-cookie' in headers)) {
      memo.set(version, key, { ...state.memoisable, headers: headers as Record<string, string>, body: bytes });
    }
    if (response.statusText) res.writeHead(response.status, response.statusText, headers);
    else res.writeHead(response.status, headers);
    res.end(bytes);
  };

  return (req, res) => {
    if (!takesFrontDoor(req, graphqlEndpoint, maxBodyBytes)) {
      void yoga.requestListener(req, res);
      return;
    }
    const started = performance.now();
    readBody(req)
      .then((body) => answer(req, res, body, started))
      .catch((error: unknown) => {
        // A client gone before its body arrived is nobody's error.
        if (!req.complete) {
          res.destroy();
          return;
        }
        log(`http: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] }));
      });
  };
}

/**
 * A POST of a small JSON body to the GraphQL endpoint (exactly: no query string), answered as one
 * JSON document (not an event stream or multipart, which yoga streams).
 */
function takesFrontDoor(req: IncomingMessage, endpoint: string, maxBodyBytes: number): boolean {
  if (req.method !== 'POST' || req.url !== endpoint) return false;
  const { headers } = req;
  const contentType = headers['content-type']?.split(',')[0];
  if (contentType !== 'application/json' && !contentType?.startsWith('application/json;')) return false;
  const length = headers['content-length'];
  if (length === undefined || !/^\d+$/.test(length) || Number(length) > maxBodyBytes) return false;
  if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return false;
  const accept = headers.accept;
  return accept === undefined || !(accept.includes('text/event-stream') || accept.includes('multipart/mixed'));
}

/**
 * The body, as soon as its last byte arrived: `takesFrontDoor` admits only bodies framed by a
 * content-length, so the chunk that completes that length is the end. Waiting for the stream's
 * 'end' instead costs a trip through its end-of-stream machinery (a tick later; ~30 µs of an
 * uncached request one at a time, measured in place). 'end' still settles a body that came short
 * (the parser then errors or the client closed: rejected below).
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const expected = Number(req.headers['content-length']);
    let received = 0;
    const whole = (): Buffer => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received === expected) resolve(whole());
    });
    req.once('end', () => {
      if (received !== expected) resolve(whole());
    });
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before sending its whole body'));
    });
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function memoKey(principal: string, headers: IncomingHttpHeaders, body: Buffer): string {
  let key = principal;
  for (const name of RESPONSE_SHAPING_HEADERS) key += `\u0000${header(headers, name) ?? ''}`;
  return `${key}\u0000${body.toString('latin1')}`;
}

/**
 * The request as yoga takes it. A body that parses to a JSON object is handed over parsed (see
 * usePreParsedParams) and the Request carries none; anything else keeps its bytes, so yoga's
 * parser answers it exactly as it would have.
 */
function toFetchRequest(yoga: YogaHandler, req: IncomingMessage, body: Buffer, params: unknown, preParsed: PreParsedParams, endpoint: string): Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  // The path is all yoga's plugins read of the URL; the host only says who was asked.
  const host = /^[\w.-]+(:\d+)?$|^\[[\da-fA-F:.]+\](:\d+)?$/.test(headers['host'] ?? '') ? headers['host'] : 'localhost';
  const url = `http://${host}${endpoint}`;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const request = new yoga.fetchAPI.Request(url, { method: 'POST', headers });
    preParsed.set(request, params as GraphQLParams);
    return request;
  }
  return new yoga.fetchAPI.Request(url, { method: 'POST', headers, body: new Uint8Array(body) });
}

function responseHeaders(response: Response): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}
