import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FULL_ACCESS } from '../../server/access/access-scope.js';
import type { CatalogSnapshot } from '../../server/catalog/catalog-snapshot.js';
import type { CanonContext } from '../../server/context.js';
import { canonError } from '../../server/errors.js';
import { compileOperation } from '../../server/http/compiled-operation.js';
import { yogaGraphql, yogaGraphqlJit } from '../../server/http/yoga-graphql.js';
import type { MetricQueryService, MetricResultView } from '../../server/query/metric-query-service.js';
import { pureQueryOperation } from '../../server/query/pure-query-operation.js';
import { buildCatalogSchema } from '../../server/schema/build-schema.js';
import { REPO_ROOT, realEngine } from './helpers.js';

const engine = realEngine();
const catalog = engine.compileProject(REPO_ROOT).catalog!;
const schema = buildCatalogSchema(catalog, FULL_ACCESS, engine.dialectNames);

const view: MetricResultView = {
  columns: [{ name: 'metric_time__quarter', kind: 'time' }, { name: 'bookings', kind: 'metric', unit: 'currency', format: '$0,0' }] as unknown as MetricResultView['columns'],
  rows: [{ metric_time__quarter: '2024-01-01', bookings: 12.5 }, { metric_time__quarter: '2024-04-01', bookings: null }],
  rowCount: 2,
  sql: 'select 1',
  bindings: ['2024-01-01', 3],
  cached: false,
  catalogVersion: catalog.version,
  warehouse: 'local',
  dialect: 'duckdb',
};

/** The context the resolvers get, with a query service that answers `answer()`. */
const contextWith = (answer: () => Promise<MetricResultView>): CanonContext => ({
  snapshot: { loaded: { catalog } } as unknown as CatalogSnapshot,
  principal: { id: 'test', scope: FULL_ACCESS },
  queries: { run: answer } as unknown as MetricQueryService,
  changelog: undefined as never,
  limits: { maxRows: 100, timeoutMs: 1000 },
  served: [],
});

const TEXT = `query Dash($input: MetricQuery!, $other: MetricQuery!, $withSql: Boolean = true, $skipRows: Boolean = false) {
  query(input: $input) { ...Result }
  second: query(input: $other) { __typename rows @skip(if: $skipRows) cached sql @include(if: $withSql) }
}
fragment Result on MetricResult { columns { name kind unit format } rows rowCount sql bindings cached catalogVersion warehouse dialect }`;
const variables = {
  input: { metrics: ['bookings'], grain: 'QUARTER', groupBy: ['account__segment'], timeRange: { from: '2024-01-01', to: '2025-01-01' }, orderBy: [{ field: 'bookings', descending: true }] },
  other: { metrics: ['win_rate', 'bookings'], grain: 'MONTH', compareTo: 'PREVIOUS_YEAR', limit: 5, filters: [{ dimension: 'segment', op: 'IN', values: ['enterprise', 'smb'] }] },
};

/** graphql-js's result and the compiled operation's, with the inputs each resolver call received. */
async function both(answer: () => Promise<MetricResultView>, vars: Record<string, unknown> = variables): Promise<{ viaJs: ExecutionResult; compiled: ExecutionResult; inputs: unknown[][] }> {
  const document = yogaGraphql.parse(TEXT);
  const operation = pureQueryOperation(document, 'Dash')!;
  const inputs: unknown[][] = [[], []];
  const run = (i: number) => (_snapshot: unknown, input: unknown) => {
    inputs[i]!.push(input);
    return answer();
  };
  const js = contextWith(answer);
  (js.queries as unknown as { run: unknown }).run = run(0);
  const jit = contextWith(answer);
  (jit.queries as unknown as { run: unknown }).run = run(1);
  const viaJs = await yogaGraphql.execute({ schema, document, contextValue: js, variableValues: vars, operationName: 'Dash' });
  const compiled = await compileOperation(schema, document, operation, 'Dash')(jit, vars);
  return { viaJs, compiled, inputs };
}

describe('compiled operations (graphql-jit) against graphql-js execute', () => {
  it('is graphql-jit on yoga\'s copy of graphql-js', () => {
    expect(yogaGraphqlJit).toBeDefined();
  });

  it('gives the same result (fragments, aliases, __typename, @skip/@include, defaults), from resolvers given the same coerced input', async () => {
    for (const vars of [variables, { ...variables, withSql: false, skipRows: true }]) {
      const { viaJs, compiled, inputs } = await both(async () => view, vars);
      expect(viaJs.errors).toBeUndefined();
      expect(JSON.stringify(compiled)).toBe(JSON.stringify(viaJs));
      expect(JSON.stringify(inputs[1])).toBe(JSON.stringify(inputs[0]));
    }
  });

  it('keeps literal arguments data: quotes, backslashes and template syntax in a literal reach the resolver as text', async () => {
    const hostile = 'x\' + "\\"); globalThis.pwned = 1; //" + ${globalThis.pwned = 2} \u2028 */ `';
    const text = `query Lit { query(input: { metrics: [bookings], grain: MONTH, where: ${JSON.stringify(hostile)}, orderBy: [{ field: ${JSON.stringify('a\\"b')} }] }) { rowCount } }`;
    const document = yogaGraphql.parse(text);
    expect(yogaGraphql.validate(schema, document)).toEqual([]);
    const inputs: unknown[] = [];
    const context = contextWith(async () => view);
    (context.queries as unknown as { run: unknown }).run = (_snapshot: unknown, input: unknown) => {
      inputs.push(input);
      return Promise.resolve(view);
    };
    const compiled = await compileOperation(schema, document, pureQueryOperation(document, undefined)!, undefined)(context, undefined);
    const viaJs = await yogaGraphql.execute({ schema, document, contextValue: contextWith(async () => view) });
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(viaJs));
    expect((inputs[0] as { where: string }).where).toBe(hostile);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('gives graphql-js\'s errors for coded and unexpected resolver errors, the original exception kept', async () => {
    for (const thrown of [canonError('ROW_LIMIT', 'Too many rows.', { maxRows: 100 }), new Error('duckdb: select failed at line 3')]) {
      const { viaJs, compiled } = await both(async () => {
        throw thrown;
      });
      expect(JSON.stringify(compiled)).toBe(JSON.stringify(viaJs));
      expect(compiled.errors?.map((e) => e.originalError)).toEqual(viaJs.errors?.map(() => thrown));
      expect(compiled.errors?.every((e) => e instanceof yogaGraphql.GraphQLError)).toBe(true);
    }
  });

  it('answers variables that do not coerce without data, running nothing', async () => {
    for (const input of [{ metrics: ['no_such_metric'], grain: 'DAY' }, { metrics: ['bookings'], grain: 'HOURLY' }, { grain: 'DAY' }, { metrics: ['bookings'], filters: [{ dimension: 'segment', in: ['smb'] }] }]) {
      const { viaJs, compiled, inputs } = await both(async () => view, { input, other: variables.other });
      expect('data' in viaJs).toBe(false);
      expect('data' in compiled).toBe(false);
      expect(compiled.errors?.length).toBeGreaterThan(0);
      expect(inputs[1]).toEqual([]);
    }
  });

  it('reports a null in a non-null field as graphql-js does: an error wrapping an exception (INTERNAL once masked)', async () => {
    const { viaJs, compiled } = await both(async () => ({ ...view, rows: [null] as unknown as MetricResultView['rows'] }));
    expect(compiled.data).toEqual(viaJs.data);
    expect(compiled.errors?.map((e) => [e.message, e.path, e.originalError instanceof Error])).toEqual(viaJs.errors?.map((e) => [e.message, e.path, true]));
  });
});
