import type { Plugin } from 'graphql-yoga';
import { createAuthenticator, isRefusal, refusalResponse, type Authenticate } from '../access/authenticate.js';
import type { RequestStates } from '../context.js';
import type { AuthConfig } from '../server-config.js';

export interface ApiAuthOptions {
  readonly auth: AuthConfig;
  readonly states: RequestStates;
  /** Only this path is guarded; /health and /metrics stay open for probes. Default `/graphql`. */
  readonly graphqlEndpoint?: string;
  readonly log?: (message: string) => void;
  /** Default: `createAuthenticator(auth, log)`; the server passes the one its HTTP front door shares. */
  readonly authenticate?: Authenticate;
}

/**
 * Every GraphQL request is authenticated (see createAuthenticator) and refused with 401/403 when it
 * has no valid credentials; the principal goes into the request state. A request the HTTP front
 * door already authenticated carries its outcome, which is used as it is (one check per request).
 * The GraphiQL page itself is served without credentials; the queries it sends need them.
 */
export function useApiAuth({ auth, states, graphqlEndpoint = '/graphql', log = () => {}, authenticate = createAuthenticator(auth, log) }: ApiAuthOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint) return;
      // CORS preflights carry no credentials by design; yoga's CORS plugin answers them.
      if (request.method === 'OPTIONS') return;
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      const state = states.get(request);
      const outcome = state?.auth ?? (await authenticate((name) => request.headers.get(name)));
      if (isRefusal(outcome)) {
        const refusal = refusalResponse(outcome);
        endResponse(new fetchAPI.Response(refusal.body, { status: refusal.status, headers: refusal.headers }));
        return;
      }
      if (state) state.principal = outcome;
    },
  };
}
