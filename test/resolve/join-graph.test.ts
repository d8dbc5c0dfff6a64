import { describe, expect, it } from 'vitest';
import { lookupDimension } from '../../compiler/catalog/dimension-lookup.js';
import { findJoinPath, joinEdges } from '../../compiler/catalog/join-graph.js';
import type { SemanticModel } from '../../compiler/catalog/types.js';
import { baseCatalog } from './fixture.js';

const TOUCHES = `semantic_models:
  - name: touches
    table: touches
    entities:
      - { name: touch, type: primary, expr: touch_id }
      - { name: opportunity, type: foreign, expr: opportunity_id }
      - { name: lead, type: foreign, expr: lead_id }
    measures:
      - { name: touch_count, agg: count }
`;

/** A bare model for graph-only tests: `entities` as [name, type]. */
function model(name: string, entities: [string, 'primary' | 'unique' | 'foreign'][]): SemanticModel {
  return {
    name,
    label: name,
    description: '',
    table: name,
    entities: entities.map(([n, type]) => ({ name: n, type, expr: { kind: 'column', name: `${n}_id` } })),
    dimensions: [],
    measures: [],
  };
}

describe('join graph', () => {
  const catalog = baseCatalog({ 'metrics/touches.yaml': TOUCHES });

  it('has an edge from a model to each model holding one of its entities as primary or unique', () => {
    expect(joinEdges(catalog.models, 'opportunities')).toEqual([{ from: 'opportunities', to: 'accounts', entity: 'account' }]);
    expect(joinEdges(catalog.models, 'touches').map((e) => `${e.entity}->${e.to}`)).toEqual(['lead->leads', 'opportunity->opportunities']);
    // Nothing joins *to* a model through a foreign key it merely shares.
    expect(joinEdges(catalog.models, 'reps')).toEqual([]);
  });

  it('finds a direct path', () => {
    expect(findJoinPath(catalog, 'opportunities', 'accounts')).toEqual({
      kind: 'found',
      path: { steps: [{ from: 'opportunities', to: 'accounts', entity: 'account' }], entityPath: ['account'] },
    });
  });

  it('finds a 2-hop and a 3-hop path', () => {
    const two = findJoinPath(catalog, 'pipeline_snapshots', 'accounts');
    expect(two.kind === 'found' && two.path.entityPath).toEqual(['opportunity', 'account']);
    const three = findJoinPath(catalog, 'pipeline_snapshots', 'reps');
    expect(three.kind === 'found' && three.path.entityPath).toEqual(['opportunity', 'account', 'rep']);
  });

  it('the path from a model to itself is empty', () => {
    expect(findJoinPath(catalog, 'accounts', 'accounts')).toEqual({ kind: 'found', path: { steps: [], entityPath: [] } });
  });

  it('reports two different shortest paths as ambiguous', () => {
    const result = findJoinPath(catalog, 'touches', 'accounts');
    expect(result.kind).toBe('ambiguous');
    expect(result.kind === 'ambiguous' && result.paths.map((p) => p.entityPath.join('.'))).toEqual(['lead.account', 'opportunity.account']);
    // Naming the route removes the ambiguity.
    const viaLead = findJoinPath(catalog, 'touches', 'accounts', ['lead', 'account']);
    expect(viaLead.kind === 'found' && viaLead.path.entityPath).toEqual(['lead', 'account']);
  });

  it('reports no path when none exists in the join direction', () => {
    expect(findJoinPath(catalog, 'accounts', 'opportunities')).toEqual({ kind: 'none' });
    expect(findJoinPath(catalog, 'reps', 'accounts')).toEqual({ kind: 'none' });
  });

  it('stops at 3 hops', () => {
    const chain = {
      a: model('a', [['a', 'primary'], ['b', 'foreign']]),
      b: model('b', [['b', 'primary'], ['c', 'foreign']]),
      c: model('c', [['c', 'unique'], ['d', 'foreign']]),
      d: model('d', [['d', 'primary'], ['e', 'foreign']]),
      e: model('e', [['e', 'primary']]),
    };
    const found = findJoinPath({ models: chain }, 'a', 'd');
    expect(found.kind === 'found' && found.path.entityPath).toEqual(['b', 'c', 'd']);
    expect(findJoinPath({ models: chain }, 'a', 'e')).toEqual({ kind: 'none' });
  });
});

describe('lookupDimension (metric filters and requests)', () => {
  const catalog = baseCatalog({ 'metrics/touches.yaml': TOUCHES });
  const look = (base: string, path: string) => lookupDimension(catalog.models, base, path.split('.'));

  it("finds the base model's own dimension by bare name or through its own entity", () => {
    expect(look('opportunities', 'stage')).toMatchObject({ kind: 'found', dimension: { model: 'opportunities', name: 'stage' }, entityPath: [] });
    expect(look('opportunities', 'opportunity.stage')).toMatchObject({ kind: 'found', entityPath: [] });
  });

  it('follows the shortest path whose last hop is the named entity', () => {
    expect(look('pipeline_snapshots', 'account.segment')).toMatchObject({ kind: 'found', dimension: { model: 'accounts' }, entityPath: ['opportunity', 'account'] });
    expect(look('pipeline_snapshots', 'rep.team')).toMatchObject({ kind: 'found', entityPath: ['opportunity', 'account', 'rep'] });
  });

  it('reports ambiguity, unreachable models and unknown names distinctly', () => {
    expect(look('touches', 'account.segment').kind).toBe('ambiguous');
    expect(look('touches', 'lead.account.segment')).toMatchObject({ kind: 'found', entityPath: ['lead', 'account'] });
    expect(look('accounts', 'opportunity.stage')).toEqual({ kind: 'no-join-path', model: 'opportunities' });
    const unknown = look('opportunities', 'segmnt');
    expect(unknown.kind).toBe('unknown');
    expect(unknown.kind === 'unknown' && unknown.candidates).toContain('account.segment');
  });
});
