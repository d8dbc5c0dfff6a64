/**
 * Range templates (compiler/range-templates.ts) must give exactly what a full compile gives: the
 * same SQL text, bindings and columns, for every starter KPI, at every grain, in every dialect, in
 * zones whose midnights are ordinary and in zones where a backward transition repeats midnight,
 * across years, transitions, leap days and one-sided ranges. Each request below is compiled both
 * ways in a sequence that first builds a template for its shape and class, then fills it.
 */
import { describe, expect, it } from 'vitest';
import { dialectNames, getDialect } from '../../adapters/dialect-registry.js';
import type { Catalog } from '../../compiler/catalog/types.js';
import { compileProject } from '../../compiler/compile-project.js';
import { compileRequest } from '../../compiler/compile-request.js';
import { compileReusingRanges } from '../../compiler/range-templates.js';
import type { MetricRequest } from '../../compiler/request/request.js';
import { directorySource } from '../../compiler/source/fs-source.js';

const starter = compileProject(directorySource(process.cwd())).catalog!;

function inZone(catalog: Catalog, timeZone: string): Catalog {
  return { ...catalog, project: { ...catalog.project, timeZone } };
}

function day(base: string, days: number): string {
  return new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Ranges that share a class with their neighbours and ranges that sit on its edges: around the
 * 2024 and 2025 transitions in Los Angeles and Sao Paulo's 2018 midnight transition, across New
 * Year, on a leap day, long and short, and open at either end.
 */
function ranges(): { from?: string; to?: string }[] {
  const out: { from?: string; to?: string }[] = [];
  for (const anchor of ['2024-03-10', '2024-11-03', '2025-03-09', '2018-02-18', '2017-10-15', '2024-02-29', '2024-12-31']) {
    for (const shift of [-1, 0, 1]) {
      out.push({ from: day(anchor, shift), to: day(anchor, 40 + shift) });
      out.push({ from: day(anchor, -400 + shift), to: day(anchor, shift) });
    }
  }
  for (let i = 0; i < 12; i++) out.push({ from: day('2023-01-01', i * 37), to: day('2025-06-30', -i * 11) });
  out.push({ from: '2024-02-20' }, { to: '2025-01-01' }, { from: '2024-01-01', to: '' }, { from: '2026-01-01', to: '2025-01-01' });
  return out;
}

/** Requests compiled both ways, and how many of them the template answered (no plan attached). */
const counts = { compared: 0, filled: 0 };

function expectSame(catalog: Catalog, request: MetricRequest, dialectName: string): void {
  const dialect = getDialect(dialectName)!;
  const full = compileRequest(catalog, request, dialect);
  const reused = compileReusingRanges(catalog, request, dialect);
  const label = `${dialectName} ${catalog.project.timeZone} ${JSON.stringify(request)}`;
  expect(reused.sql, label).toBe(full.sql);
  expect(reused.bindings, label).toEqual(full.bindings);
  expect(reused.columns, label).toEqual(full.columns);
  expect(reused.diagnostics, label).toEqual(full.diagnostics);
  counts.compared++;
  if (full.plan && !reused.plan) counts.filled++;
}

/** Runs `check` and returns the share of its requests a template answered. */
function filledShare(check: () => void): number {
  const before = { ...counts };
  check();
  return (counts.filled - before.filled) / Math.max(counts.compared - before.compared, 1);
}

describe('range templates', () => {
  const metrics = Object.keys(starter.metrics);

  it('give the full compile of every starter KPI at every grain, over many ranges, in DuckDB', () => {
    const share = filledShare(() => {
      for (const name of metrics) {
        for (const grain of [undefined, 'day', 'week', 'month', 'quarter', 'fiscal_quarter', 'year'] as const) {
          for (const timeRange of ranges()) expectSame(starter, { metrics: [name], ...(grain ? { grain } : {}), timeRange }, 'duckdb');
        }
      }
    });
    // Most requests repeat a shape and class seen before; lags, growth rates and other shifted
    // leaves, first sightings and invalid ranges are compiled in full.
    expect(share).toBeGreaterThan(0.4);
  });

  it('give the full compile in every dialect, with groupBy, filters, limits and several metrics', () => {
    const shapes: Omit<MetricRequest, 'timeRange'>[] = [
      { metrics: ['bookings', 'win_rate'], grain: 'month', groupBy: ['segment'] },
      { metrics: ['leads_created', 'mqls'], grain: 'week', groupBy: ['source'], where: "source != 'event'", limit: 50 },
      { metrics: ['arr', 'customer_count'], grain: 'quarter' },
      { metrics: ['average_deal_size'], grain: 'fiscal_quarter', groupBy: ['segment'], orderBy: [{ field: 'average_deal_size', descending: true }] },
    ];
    const share = filledShare(() => {
      for (const dialect of dialectNames()) {
        for (const shape of shapes) for (const timeRange of ranges()) expectSame(starter, { ...shape, timeRange }, dialect);
      }
    });
    expect(share).toBeGreaterThan(0.5);
  });

  it('give the full compile in zones where midnight is repeated or skipped, and in UTC', () => {
    const share = filledShare(() => {
      for (const zone of ['America/Sao_Paulo', 'America/Havana', 'America/Santiago', 'Australia/Lord_Howe', 'UTC']) {
        const catalog = inZone(starter, zone);
        for (const name of ['bookings', 'win_rate', 'arr', 'pipeline_coverage', 'net_revenue_retention']) {
          if (!Object.hasOwn(catalog.metrics, name)) continue;
          for (const grain of ['day', 'month'] as const) for (const timeRange of ranges()) expectSame(catalog, { metrics: [name], grain, timeRange }, 'duckdb');
        }
      }
    });
    expect(share).toBeGreaterThan(0.4);
  });

  it('leave comparisons to the full compile, with the same output', () => {
    const share = filledShare(() => {
      for (const compareTo of ['previous_period', 'previous_year'] as const) {
        for (const timeRange of ranges()) expectSame(starter, { metrics: ['bookings'], grain: 'month', compareTo, timeRange }, 'postgres');
      }
    });
    expect(share).toBe(0);
  });
});
