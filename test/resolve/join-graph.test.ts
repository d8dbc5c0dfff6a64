import { describe, expect, it } from 'vitest';
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
