import { describe, expect, it } from 'vitest';
import { resultCacheKey } from '../../server/cache/result-cache.js';
import { FULL_ACCESS } from '../../server/access/access-scope.js';
import { normalisedJson, principalKey, requestKey } from '../../server/query/request-key.js';
import { RequestMemo } from '../../server/query/request-memo.js';

describe('request memo', () => {
  it('keeps the most recently used entries up to its bound', () => {
    const memo = new RequestMemo<number>(2);
    memo.set('v1', 'a', 1);
    memo.set('v1', 'b', 2);
    expect(memo.get('v1', 'a')).toBe(1); // a is now the most recent
    memo.set('v1', 'c', 3);
    expect(memo.get('v1', 'b')).toBeUndefined();
    expect(memo.get('v1', 'a')).toBe(1);
    expect(memo.get('v1', 'c')).toBe(3);
  });

  it('drops everything when the catalog version changes', () => {
    const memo = new RequestMemo<number>();
    memo.set('v1', 'a', 1);
    expect(memo.get('v2', 'a')).toBeUndefined();
    memo.set('v2', 'b', 2);
    expect(memo.size).toBe(1);
    expect(memo.get('v1', 'a')).toBeUndefined();
  });
});

describe('request key', () => {
  it('ignores key order and null fields, keeps array order', () => {
    expect(normalisedJson({ metrics: ['a', 'b'], grain: 'month', where: null })).toBe(normalisedJson({ grain: 'month', metrics: ['a', 'b'] }));
    expect(normalisedJson({ metrics: ['a', 'b'] })).not.toBe(normalisedJson({ metrics: ['b', 'a'] }));
  });

  it('tells scopes, warehouses and row caps apart', () => {
    const input = { metrics: ['bookings'] };
    const keys = new Set([
      requestKey(FULL_ACCESS, 'local', 100, input),
      requestKey({ focusAreas: ['pipeline_health'] }, 'local', 100, input),
      requestKey(FULL_ACCESS, 'postgres', 100, input),
      requestKey(FULL_ACCESS, 'local', 10, input),
    ]);
    expect(keys.size).toBe(4);
  });

  it('tells principals with the same scope but other permissions apart', () => {
    expect(principalKey({ permissions: ['browse'] })).not.toBe(principalKey(FULL_ACCESS));
    expect(principalKey({ permissions: ['query', 'browse'] })).toBe(principalKey({ permissions: ['browse', 'query'] }));
  });
});

describe('result cache key', () => {
  const parts = { catalogVersion: 'v1', warehouse: 'local', dialect: 'duckdb', sql: 'select ?\nfrom t', bindings: ['a', 1] };

  it('is the same for the same parts, and differs when any part differs', () => {
    expect(resultCacheKey(parts)).toBe(resultCacheKey({ ...parts, bindings: ['a', 1] }));
    for (const changed of [{ catalogVersion: 'v2' }, { warehouse: 'other' }, { dialect: 'postgres' }, { sql: 'select ?\nfrom u' }, { bindings: ['a', '1'] }]) {
      expect(resultCacheKey({ ...parts, ...changed })).not.toBe(resultCacheKey(parts));
    }
  });

  it('keeps parts apart: moving characters from one part to the next changes the key', () => {
    expect(resultCacheKey({ ...parts, warehouse: 'loc', dialect: 'alduckdb' })).not.toBe(resultCacheKey(parts));
    expect(resultCacheKey({ ...parts, dialect: 'duckdb4:', sql: 'select' })).not.toBe(resultCacheKey({ ...parts, dialect: 'duckdb', sql: '4:select' }));
  });
});
