import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from '../context.js';
import type { AuthConfig } from '../server-config.js';
import { FULL_ACCESS, type AccessScope } from './access-scope.js';

/** A refusal, with the HTTP status and code it is answered with. */
export interface Refusal {
  readonly status: 401 | 403;
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  readonly message: string;
}

/** Who a request is from, or why it is refused. */
export type AuthOutcome = Principal | Refusal;

export function isRefusal(outcome: AuthOutcome): outcome is Refusal {
  return 'status' in outcome;
}

/** Reads one request header (lower-case name); the same function serves Node and fetch requests. */
export type HeaderReader = (name: string) => string | null | undefined;

/** Authenticates one request from its headers. */
export type Authenticate = (header: HeaderReader) => AuthOutcome | Promise<AuthOutcome>;

/**
 * API keys (`Authorization: Bearer <key>` or `X-API-Key: <key>`) and JWTs (HS256 secret or a JWKS),
 * resolved to a principal and its access scope. With no key and no JWT configured every request is
 * an anonymous principal with full access (a local `canon serve`). API keys answer synchronously
 * (a hash and a constant-time compare); only JWTs need a promise.
 */
export function createAuthenticator(auth: AuthConfig, log: (message: string) => void = () => {}): Authenticate {
  const keys = auth.apiKeys.map((grant) => ({ grant, digest: sha256(grant.key) }));
  const jwks: JWTVerifyGetKey | undefined = auth.jwt?.jwksUrl ? createRemoteJWKSet(new URL(auth.jwt.jwksUrl)) : undefined;
  const secret = auth.jwt?.secret ? new TextEncoder().encode(auth.jwt.secret) : undefined;
  const anonymous: Principal = { id: 'anonymous', scope: FULL_ACCESS };

  const teamScope = (team: string): AccessScope | Refusal => {
    const scope = auth.teams[team];
    return scope ?? { status: 403, code: 'FORBIDDEN', message: `Team '${team}' has no access to this catalog.` };
  };

  const fromApiKey = (token: string): AuthOutcome | undefined => {
    const digest = sha256(token);
    const match = keys.find((k) => timingSafeEqual(k.digest, digest));
    if (!match) return undefined;
    const scope = match.grant.team === undefined ? FULL_ACCESS : teamScope(match.grant.team);
    return 'status' in scope ? scope : { id: match.grant.principal, scope };
  };

  const fromJwt = async (token: string): Promise<AuthOutcome> => {
    const jwt = auth.jwt!;
    let payload: JWTPayload;
    try {
      const options = { ...(jwt.issuer ? { issuer: jwt.issuer } : {}), ...(jwt.audience ? { audience: jwt.audience } : {}) };
      payload = secret
        ? (await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] })).payload
        : (await jwtVerify(token, jwks!, options)).payload;
    } catch (error) {
      log(`auth: token refused: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 401, code: 'UNAUTHENTICATED', message: 'The token is invalid or expired.' };
    }
    const id = typeof payload.sub === 'string' ? payload.sub : 'jwt';
    const team = payload[jwt.teamClaim];
    if (typeof team === 'string') {
      const scope = teamScope(team);
      return 'status' in scope ? scope : { id, scope };
    }
    // A token carrying no team must not fall back to full access.
    return { status: 403, code: 'FORBIDDEN', message: `The token has no '${jwt.teamClaim}' claim naming a team.` };
  };

  return (header) => {
    if (!auth.required) return anonymous;
    const authorization = header('authorization');
    const token = header('x-api-key') ?? (authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() || undefined);
    if (!token) return { status: 401, code: 'UNAUTHENTICATED', message: 'Send an API key (Authorization: Bearer <key> or X-API-Key) or a JWT.' };
    const byKey = fromApiKey(token);
    if (byKey) return byKey;
    if (auth.jwt && token.split('.').length === 3) return fromJwt(token);
    return { status: 401, code: 'UNAUTHENTICATED', message: 'The API key is not valid.' };
  };
}

/** The body and headers a refusal is answered with, wherever it is answered. */
export function refusalResponse(refusal: Refusal): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: refusal.status,
    headers: { 'content-type': 'application/json', ...(refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) },
    body: JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }),
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
