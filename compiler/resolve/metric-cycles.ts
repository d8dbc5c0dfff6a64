import type { SourceRange } from '../source/source.js';
import type { DiagnosticSink } from './resolve-context.js';

/** A reference from one metric's definition to another metric, where it is written. */
export interface MetricEdge {
  readonly to: string;
  readonly range: SourceRange;
}

/**
 * Reports every cycle among metric references once: each strongly connected component with a
 * loop gets one `metric-cycle` error spelling out a shortest cycle through its alphabetically first
 * metric (`a -> b -> c -> a`), with a related range at each reference along it.
 */
export function reportMetricCycles(edges: ReadonlyMap<string, readonly MetricEdge[]>, sink: DiagnosticSink): Set<string> {
  const inCycle = new Set<string>();
  for (const component of stronglyConnected(edges)) {
    const start = component[0]!;
    const members = new Set(component);
    const cycle = shortestCycle(edges, start, members);
    if (!cycle) continue;
    for (const name of component) inCycle.add(name);
    const names = [...cycle.map((step) => step.from), start];
    sink.error(
      'metric-cycle',
      `metrics refer to each other in a cycle: ${names.join(' -> ')}`,
      cycle[0]!.edge.range,
      cycle.length === 1
        ? `'${start}' cannot be defined in terms of itself; use lag(${start}, 1 <grain>) for an earlier period of it, or refer to its inputs.`
        : `Break the cycle by defining one of ${[...new Set(names)].map((n) => `'${n}'`).join(', ')} from measures or other metrics.`,
      cycle.map((step) => ({ message: `'${step.from}' uses '${step.edge.to}'`, range: step.edge.range })),
    );
  }
  return inCycle;
}

/**
 * Tarjan's algorithm: the components that can hold a cycle (several members, or one referring to
 * itself), sorted inside and by first member, so reports are deterministic.
 */
function stronglyConnected(edges: ReadonlyMap<string, readonly MetricEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const { to } of edges.get(node) ?? []) {
      if (!edges.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      // A lone metric not referring to itself has no cycle: skipping it here spares sorting and
      // searching thousands of acyclic components in a large catalog.
      if (component.length > 1 || (edges.get(node) ?? []).some((e) => e.to === node)) components.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Breadth-first: the shortest walk from `start` back to itself inside the component. */
function shortestCycle(
  edges: ReadonlyMap<string, readonly MetricEdge[]>,
  start: string,
  members: ReadonlySet<string>,
): { from: string; edge: MetricEdge }[] | undefined {
  let frontier: { at: string; steps: { from: string; edge: MetricEdge }[] }[] = [{ at: start, steps: [] }];
  const seen = new Set<string>();
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { at, steps } of frontier) {
      const out = [...(edges.get(at) ?? [])].sort((a, b) => a.to.localeCompare(b.to));
      for (const edge of out) {
        if (edge.to === start) return [...steps, { from: at, edge }];
        if (!members.has(edge.to) || seen.has(edge.to)) continue;
        seen.add(edge.to);
        next.push({ at: edge.to, steps: [...steps, { from: at, edge }] });
      }
    }
    frontier = next;
  }
  return undefined;
}
