import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { FULL_ACCESS, type AccessScope } from '../access/access-scope.js';
import type { Principal, RequestStates } from '../context.js';
import type { AuthConfig } from '../server-config.js';

export interface ApiAuthOptions {
  readonly auth: AuthConfig;
  readonly states: RequestStates;
  /** Only this path is guarded; /health and /metrics stay open for probes. Default `/graphql`. */
  readonly graphqlEndpoint?: string;
  readonly log?: (message: string) => void;
}

/** A refusal, with the HTTP status and code it is answered with. */
interface Refusal {
  readonly status: 401 | 403;
  readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN';
  readonly message: string;
}

/**
 * API keys (`Authorization: Bearer <key>` or `X-API-Key: <key>`) and JWTs (HS256 secret or a JWKS),
 * resolved to a principal and its access scope. With no key and no JWT configured every request is
 * an anonymous principal with full access (a local `canon serve`). The GraphiQL page itself is
 * served without credentials; the queries it sends need them.
 */
export function useApiAuth({ auth, states, graphqlEndpoint = '/graphql', log = () => {} }: ApiAuthOptions): Plugin {
  const keys = auth.apiKeys.map((grant) => ({ grant, digest: sha256(grant.key) }));
  const jwks: JWTVerifyGetKey | undefined = auth.jwt?.jwksUrl ? createRemoteJWKSet(new URL(auth.jwt.jwksUrl)) : undefined;
  const secret = auth.jwt?.secret ? new TextEncoder().encode(auth.jwt.secret) : undefined;

  const teamScope = (team: string): AccessScope | Refusal => {
    const scope = auth.teams[team];
    return scope ?? { status: 403, code: 'FORBIDDEN', message: `Team '${team}' has no access to this catalog.` };
  };

  const fromApiKey = (token: string): Principal | Refusal | undefined => {
    const digest = sha256(token);
    const match = keys.find((k) => timingSafeEqual(k.digest, digest));
    if (!match) return undefined;
    const scope = match.grant.team === undefined ? FULL_ACCESS : teamScope(match.grant.team);
    return 'status' in scope ? scope : { id: match.grant.principal, scope };
  };

  const fromJwt = async (token: string): Promise<Principal | Refusal> => {
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

  const authenticate = async (request: Request): Promise<Principal | Refusal> => {
    if (!auth.required) return { id: 'anonymous', scope: FULL_ACCESS };
    const header = request.headers.get('authorization');
    const token = request.headers.get('x-api-key') ?? (header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() || undefined);
    if (!token) return { status: 401, code: 'UNAUTHENTICATED', message: 'Send an API key (Authorization: Bearer <key> or X-API-Key) or a JWT.' };
    const byKey = fromApiKey(token);
    if (byKey) return byKey;
    if (auth.jwt && token.split('.').length === 3) return fromJwt(token);
    return { status: 401, code: 'UNAUTHENTICATED', message: 'The API key is not valid.' };
  };

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      // CORS preflights carry no credentials by design; yoga's CORS plugin answers them.
      if (request.method === 'OPTIONS') return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      const outcome = await authenticate(request);
      if ('status' in outcome) {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message: outcome.message, extensions: { code: outcome.code } }] }), {
            status: outcome.status,
            headers: { 'content-type': 'application/json', ...(outcome.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) },
          }),
        );
        return;
      }
      const state = states.get(request);
      if (state) state.principal = outcome;
    },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
