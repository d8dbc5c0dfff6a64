import type { ExecutionResult } from 'graphql';
import type { AccessScope } from './access/access-scope.js';
import type { AuthOutcome } from './access/authenticate.js';
import type { CatalogSnapshot } from './catalog/catalog-snapshot.js';
import type { ChangelogService } from './history/changelog-service.js';
import type { CachedSource, MetricQueryService, MetricResultView } from './query/metric-query-service.js';
import type { QueryLimits } from './server-config.js';

/** Who is asking. */
export interface Principal {
  /** For logs: a key's name or a token's subject; never a secret. */
  readonly id: string;
  readonly scope: AccessScope;
}

/** A response that is a pure function of result-cache entries: it holds while each is still cached. */
export interface MemoisableAnswer {
  readonly sources: readonly CachedSource[];
  readonly operationName: string;
}

/** Per-request state shared by the plugins, captured once when the request arrives. */
export interface RequestState {
  readonly snapshot: CatalogSnapshot;
  principal?: Principal;
  /**
   * Set when the request was authenticated before yoga saw it (the HTTP front door): the auth
   * plugin answers with this outcome instead of authenticating a second time.
   */
  auth?: AuthOutcome;
  operationName?: string;
  /** Set by the response memo plugin when the response may be remembered (see MemoisableAnswer). */
  memoisable?: MemoisableAnswer;
  /** `performance.now()` when the front door received the request: its Prometheus latency starts there. */
  arrivedAt?: number;
  /** The request's query text, when the front door read it (see ValidatedDocuments). */
  queryText?: string;
  /**
   * Set when the front door already executed the request and hands its result (with errors) to
   * yoga to be answered: yoga's execution is replaced by it (see useDirectExecution).
   */
  executed?: { readonly result: ExecutionResult } | { readonly error: unknown };
}

/** Request -> its state; a WeakMap so nothing outlives the request. */
export class RequestStates {
  private readonly states = new WeakMap<Request, RequestState>();
  set(request: Request, state: RequestState): void {
    this.states.set(request, state);
  }
  get(request: Request): RequestState | undefined {
    return this.states.get(request);
  }
}

/** What every resolver receives. */
export interface CanonContext {
  readonly snapshot: CatalogSnapshot;
  readonly principal: Principal;
  readonly queries: MetricQueryService;
  /** The git definition changelog, built once per HEAD commit. */
  readonly changelog: ChangelogService;
  readonly limits: QueryLimits;
  /** Answers the `query` fields of this request returned, for the response memo. */
  readonly served: MetricResultView[];
}
