import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileProject } from '../../compiler/compile-project.js';
import { directorySource } from '../../compiler/source/fs-source.js';
import type { CanonServer } from '../../server/create-server.js';
import type { CanonEngine } from '../../server/engine.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A copy of the starter project (canon.yaml + metrics/) in a temp dir, safe to edit. */
export function copyProject(canonYaml?: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'canon-server-'));
  cpSync(join(REPO_ROOT, 'metrics'), join(root, 'metrics'), { recursive: true });
  if (canonYaml !== undefined) writeFileSync(join(root, 'canon.yaml'), canonYaml);
  else cpSync(join(REPO_ROOT, 'canon.yaml'), join(root, 'canon.yaml'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The compiler for browsing; query parts fail loudly if a test reaches them. */
export function browseEngine(): CanonEngine {
  return {
    compileProject: (root) => compileProject(directorySource(root)),
    dialectNames: ['duckdb', 'mysql', 'postgres', 'sqlite'],
    compileRequest: () => {
      throw new Error('compileRequest not available in browse tests');
    },
    openConnection: () => Promise.reject(new Error('no warehouse in browse tests')),
    loadSample: () => Promise.reject(new Error('no sample in browse tests')),
  };
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
