import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CanonServer } from '../../server/create-server.js';
import { loadEngine, type CanonEngine } from '../../server/engine.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A copy of the starter project (canon.yaml + metrics/) in a temp dir, safe to edit. */
export function copyProject(canonYaml?: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'canon-server-'));
  cpSync(join(REPO_ROOT, 'metrics'), join(root, 'metrics'), { recursive: true });
  if (canonYaml !== undefined) writeFileSync(join(root, 'canon.yaml'), canonYaml);
  else cpSync(join(REPO_ROOT, 'canon.yaml'), join(root, 'canon.yaml'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The real compiler, dialects, adapters and sample generator (no stand-ins). */
const engine = await loadEngine();
export function realEngine(): CanonEngine {
  return engine;
}

/** Fills the project's default (embedded) warehouse with a small sample: a few hundred rows per table. */
export async function loadSmallSample(root: string, scale = 0.02): Promise<void> {
  const catalog = engine.compileProject(root).catalog!;
  const connection = await engine.openConnection(catalog.project.warehouses[catalog.project.defaultWarehouse]!, root);
  try {
    await engine.loadSample(connection, { scale });
  } finally {
    await connection.close();
  }
}

export interface GraphQLResponse {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POST a query through yoga.fetch (in-process, no port). */
export async function gql(
  server: CanonServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse> {
  const response = await server.yoga.fetch('http://canon/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}

export function codes(response: GraphQLResponse): string[] {
  return (response.body.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
}

/** POST a query over real HTTP to a listening server (through its Node front door). */
export async function httpGql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse & { text: string; headers: Headers }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as GraphQLResponse['body'], text, headers: response.headers };
}

/** A prom-client metric's value for one label set (or its sum over all). */
export async function metricValue(server: CanonServer, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await server.metrics.registry.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, value]) => (v.labels as Record<string, unknown>)[k] === value))
    .reduce((sum, v) => sum + v.value, 0);
}
