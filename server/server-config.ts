import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AccessScope, Permission } from './access/access-scope.js';

/**
 * Server settings: the `server:` and `cache:` sections of canon.yaml, overridden by the
 * environment. Secrets (API keys, JWT secrets) are only ever read from environment variables that
 * canon.yaml names, never from the file itself.
 *
 * ```yaml
 * cache: { redis_url: redis://127.0.0.1:6379, ttl_seconds: 300, max_entries: 1000 }
 * server:
 *   query_timeout_ms: 30000
 *   max_rows: 10000
 *   auth:
 *     api_keys: [{ key_env: CANON_KEY_SALES, team: sales }]
 *     jwt: { secret_env: CANON_JWT_SECRET, issuer: canon, audience: canon-api, team_claim: team }
 *   teams:
 *     sales: { focus_areas: [pipeline_health], metrics: [cac], permissions: [browse, query] }
 * ```
 */
export interface ServerConfig {
  readonly cache: CacheConfig;
  readonly auth: AuthConfig;
  readonly limits: QueryLimits;
}

export interface CacheConfig {
  /** Redis URL; absent = in-process LRU. From `CANON_REDIS_URL` or `cache.redis_url`. */
  readonly redisUrl?: string;
  /** How long a result is reused. Default 300 s: dashboards refresh often, warehouses load daily. */
  readonly ttlMs: number;
  /** In-memory LRU size. Default 1000 results. */
  readonly maxEntries: number;
}

export interface ApiKeyGrant {
  readonly key: string;
  /** Who the key belongs to, for logs (never the key itself). */
  readonly principal: string;
  /** Team whose scope applies; absent = full access. */
  readonly team?: string;
}

export interface JwtConfig {
  /** HS256 shared secret (from `secret_env`). */
  readonly secret?: string;
  /** JWKS endpoint for RS256/ES256 tokens. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Claim naming the principal's team. Default `team`. */
  readonly teamClaim: string;
}

export interface AuthConfig {
  readonly apiKeys: readonly ApiKeyGrant[];
  readonly jwt?: JwtConfig;
  /** Team name -> scope. A team not listed here is refused (FORBIDDEN), never given full access. */
  readonly teams: Readonly<Record<string, AccessScope>>;
  /** True when any key or JWT is configured: then anonymous requests are refused. */
  readonly required: boolean;
}

export interface QueryLimits {
  /** Longest a warehouse query may run. Default 30 s. */
  readonly timeoutMs: number;
  /** Most rows a query may return. Default 10,000. */
  readonly maxRows: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

/** Reads canon.yaml (if any) under `projectRoot` and the environment. Throws ServerConfigError on bad settings. */
export function readServerConfig(projectRoot: string, env: Env = process.env): ServerConfig {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = parse(readFileSync(join(projectRoot, 'canon.yaml'), 'utf8'));
    if (isObject(parsed)) raw = parsed;
  } catch {
    // Missing or broken canon.yaml: the compiler reports it; the server starts with defaults.
  }
  return serverConfigFrom(raw, env);
}

export function serverConfigFrom(raw: Readonly<Record<string, unknown>>, env: Env = process.env): ServerConfig {
  const cache = objectAt(raw, 'cache');
  const server = objectAt(raw, 'server');
  const auth = objectAt(server, 'auth');
  const limits = objectAt(server, 'limits');
  const teams = readTeams(objectAt(server, 'teams'));
  const apiKeys = [...readApiKeys(auth['api_keys'], env), ...readEnvApiKeys(env['CANON_API_KEYS'])];
  const jwt = readJwt(objectAt(auth, 'jwt'), env);
  for (const grant of apiKeys) {
    if (grant.team !== undefined && !(grant.team in teams)) {
      throw new ServerConfigError(`API key of '${grant.principal}' names team '${grant.team}', which server.teams does not define`);
    }
  }
  return {
    cache: {
      redisUrl: env['CANON_REDIS_URL'] || stringAt(cache, 'redis_url'),
      ttlMs: numberAt(cache, 'ttl_seconds', 300) * 1000,
      maxEntries: numberAt(cache, 'max_entries', 1000),
    },
    auth: { apiKeys, teams, required: apiKeys.length > 0 || jwt !== undefined, ...(jwt ? { jwt } : {}) },
    limits: {
      timeoutMs: numberAt(limits, 'query_timeout_ms', numberAt(server, 'query_timeout_ms', 30_000)),
      maxRows: numberAt(limits, 'max_rows', numberAt(server, 'max_rows', 10_000)),
    },
  };
}

function readTeams(raw: Record<string, unknown>): Record<string, AccessScope> {
  const teams: Record<string, AccessScope> = {};
  for (const [name, value] of Object.entries(raw)) {
    const team = isObject(value) ? value : {};
    const metrics = stringList(team['metrics'], `server.teams.${name}.metrics`);
    const focusAreas = stringList(team['focus_areas'], `server.teams.${name}.focus_areas`);
    const permissions = stringList(team['permissions'], `server.teams.${name}.permissions`);
    for (const p of permissions ?? []) {
      if (p !== 'browse' && p !== 'query' && p !== 'compile') {
        throw new ServerConfigError(`server.teams.${name}.permissions: '${p}' is not one of browse, query, compile`);
      }
    }
    teams[name] = {
      ...(metrics ? { metrics } : {}),
      ...(focusAreas ? { focusAreas } : {}),
      ...(permissions ? { permissions: permissions as Permission[] } : {}),
    };
  }
  return teams;
}

function readApiKeys(raw: unknown, env: Env): ApiKeyGrant[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ServerConfigError('server.auth.api_keys must be a list');
  return raw.flatMap((entry: unknown, i): ApiKeyGrant[] => {
    if (!isObject(entry) || typeof entry['key_env'] !== 'string') {
      throw new ServerConfigError(`server.auth.api_keys[${i}] needs key_env (the variable holding the key)`);
    }
    const key = env[entry['key_env']];
    // A key whose variable is unset is simply not accepted; it must not become an empty key.
    if (!key) return [];
    const team = typeof entry['team'] === 'string' ? entry['team'] : undefined;
    const principal = typeof entry['name'] === 'string' ? entry['name'] : (team ?? entry['key_env']);
    return [{ key, principal, ...(team ? { team } : {}) }];
  });
}

/** `CANON_API_KEYS=key1=sales,key2` : a key alone has full access, `key=team` the team's scope. */
function readEnvApiKeys(raw: string | undefined): ApiKeyGrant[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part, i) => {
      const at = part.indexOf('=');
      const key = at < 0 ? part : part.slice(0, at);
      const team = at < 0 ? undefined : part.slice(at + 1);
      return { key, principal: team ?? `env-key-${i + 1}`, ...(team ? { team } : {}) };
    });
}

function readJwt(raw: Record<string, unknown>, env: Env): JwtConfig | undefined {
  const secretEnv = stringAt(raw, 'secret_env') ?? 'CANON_JWT_SECRET';
  const secret = env[secretEnv] || undefined;
  const jwksUrl = stringAt(raw, 'jwks_url') ?? env['CANON_JWKS_URL'];
  if (!secret && !jwksUrl) return undefined;
  const issuer = stringAt(raw, 'issuer');
  const audience = stringAt(raw, 'audience');
  return {
    ...(secret ? { secret } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
    teamClaim: stringAt(raw, 'team_claim') ?? 'team',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(raw: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const value = raw[key];
  return isObject(value) ? value : {};
}

function stringAt(raw: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = raw[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function numberAt(raw: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ServerConfigError(`${key} must be a positive number`);
  }
  return value;
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new ServerConfigError(`${where} must be a list of names`);
  }
  return value as string[];
}
