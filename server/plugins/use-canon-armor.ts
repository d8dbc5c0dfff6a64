import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

export interface CanonArmorOptions {
  /** Deepest selection allowed. Default 10: Metric -> dependencies -> focusAreas -> metrics is 6. */
  readonly maxDepth?: number;
  /** graphql-armor cost budget. Default 5000. */
  readonly maxCost?: number;
  /** Aliases per operation. Default 15: enough for a dashboard asking a few metrics side by side. */
  readonly maxAliases?: number;
  /** Tokens per document. Default 2000 (GraphiQL's introspection query is well below). */
  readonly maxTokens?: number;
  /** Hide "did you mean" field suggestions from probes. Default true. */
  readonly blockFieldSuggestion?: boolean;
}

/** graphql-armor's depth, cost, alias, directive and token limits, with Canon's defaults. */
export function useCanonArmor({
  maxDepth = 10,
  maxCost = 5000,
  maxAliases = 15,
  maxTokens = 2000,
  blockFieldSuggestion = true,
}: CanonArmorOptions = {}): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: maxDepth, ignoreIntrospection: true },
    costLimit: { maxCost, ignoreIntrospection: true },
    maxAliases: { n: maxAliases },
    maxTokens: { n: maxTokens },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: blockFieldSuggestion },
  }) as Plugin;
}
