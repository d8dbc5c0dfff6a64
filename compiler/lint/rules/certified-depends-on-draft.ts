import { directMetricReferences } from '../../catalog/dependencies.js';
import type { Catalog, Metric } from '../../catalog/types.js';
import { fieldRange, metricsByName, type LintFinding, type LintRule } from '../lint-rule.js';

/**
 * Certification is a promise that the number is reviewed and stable; it cannot rest on a metric that
 * is still a draft or already deprecated. The chain is spelled out because the offending metric is
 * often several formulas away.
 */
export const certifiedDependsOnDraft: LintRule = {
  code: 'certified-depends-on-draft',
  defaultSeverity: 'error',
  description: 'A certified metric depends only on certified metrics.',
  check(catalog) {
    const findings: LintFinding[] = [];
    for (const metric of metricsByName(catalog)) {
      if (metric.status !== 'certified') continue;
      for (const chain of uncertifiedChains(catalog, metric)) {
        const last = catalog.metrics[chain[chain.length - 1]!]!;
        findings.push({
          message: `certified metric '${metric.name}' depends on ${last.status} metric '${last.name}' (${chain.join(' -> ')})`,
          range: fieldRange(metric, 'status'),
          hint: `Certify '${last.name}' first (status: certified), or set '${metric.name}' back to draft.`,
          related: chain.slice(1).map((name) => {
            const m = catalog.metrics[name]!;
            return { message: `'${name}' is ${m.status}`, ...(m.range ? { range: m.range } : {}) };
          }),
        });
      }
    }
    return findings;
  },
};

/**
 * Shortest chains from `root` to each draft/deprecated metric it uses, not looking past the first
 * uncertified metric on a chain (fixing that one is the actionable step). Sorted by target name.
 */
function uncertifiedChains(catalog: Catalog, root: Metric): string[][] {
  const chains = new Map<string, string[]>();
  const seen = new Set([root.name]);
  let frontier: string[][] = [[root.name]];
  while (frontier.length > 0) {
    const next: string[][] = [];
    for (const chain of frontier) {
      const refs = [...new Set(directMetricReferences(catalog.metrics[chain[chain.length - 1]!]!))].sort();
      for (const ref of refs) {
        if (seen.has(ref) || !catalog.metrics[ref]) continue;
        seen.add(ref);
        const extended = [...chain, ref];
        if (catalog.metrics[ref]!.status === 'certified') next.push(extended);
        else chains.set(ref, extended);
      }
    }
    frontier = next;
  }
  return [...chains.keys()].sort().map((k) => chains.get(k)!);
}
