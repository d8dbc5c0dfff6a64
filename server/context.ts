import type { AccessScope } from './access/access-scope.js';
import type { CatalogSnapshot } from './catalog/catalog-snapshot.js';
import type { ChangelogService } from './history/changelog-service.js';
import type { MetricQueryService, MetricResultView } from './query/metric-query-service.js';
import type { QueryLimits } from './server-config.js';

/** Who is asking. */
export interface Principal {
  /** For logs: a key's name or a token's subject; never a secret. */
  readonly id: string;
  readonly scope: AccessScope;
}

/** Per-request state shared by the plugins, captured once when the request arrives. */
export interface RequestState {
  readonly snapshot: CatalogSnapshot;
  principal?: Principal;
  operationName?: string;
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
