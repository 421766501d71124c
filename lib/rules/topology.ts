// The little the rules need to know about the graph (RuleTopology), and a plain implementation from an adjacency list.
import { invalidArgument } from "../errors";

/**
 * Graph questions rules ask for inhibition, incident grouping, root causes and backtest scoring.
 * Node ids are the FactSource's ids. The lead adapts lib/graph to it; `adjacencyTopology` serves tests.
 */
export interface RuleTopology {
  /** Whether `node` depends on `upstream`, directly or transitively (false for the node itself). */
  dependsOn(node: string, upstream: string): boolean;
  /** The business services `node` supports (a business service supports itself). */
  servicesOf(node: string): readonly string[];
  /** Likely root causes of alerts on `nodes`, most likely first (may name nodes not in the list). */
  rootCandidates(nodes: readonly string[]): readonly string[];
  /**
   * Whether `node` carries its dependents' traffic now (live): false for a redundancy-group member whose partner has
   * taken over. Without it, every node is assumed to (a static graph cannot tell a failover happened).
   */
  carriesLoad?(node: string): boolean;
}

/** Input of `adjacencyTopology`. */
export interface AdjacencySpec {
  /** For each node, the nodes it depends on directly. */
  dependsOn: Readonly<Record<string, readonly string[]>>;
  /** Which nodes are business services. */
  services?: readonly string[];
}

/**
 * A RuleTopology from an adjacency list: `adjacencyTopology({dependsOn: {app: ["db"], pay: ["app"]}, services: ["pay"]})`.
 * Root candidates are the alerting nodes no other alerting node is upstream of, ranked by how many
 * alerting nodes depend on them, then by id.
 */
export function adjacencyTopology(spec: AdjacencySpec): RuleTopology {
  if (spec === null || typeof spec !== "object" || spec.dependsOn === null || typeof spec.dependsOn !== "object") {
    throw invalidArgument("adjacencyTopology", "spec.dependsOn", "an object mapping node ids to the ids they depend on", spec?.dependsOn);
  }
  const upstreamCache = new Map<string, ReadonlySet<string>>();
  const upstreamOf = (node: string): ReadonlySet<string> => {
    let set = upstreamCache.get(node);
    if (set !== undefined) return set;
    const seen = new Set<string>();
    const stack = [...(spec.dependsOn[node] ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const up of spec.dependsOn[next] ?? []) stack.push(up);
    }
    seen.delete(node);
    set = seen;
    upstreamCache.set(node, set);
    return set;
  };
  const services = [...(spec.services ?? [])];
  const dependsOn = (node: string, upstream: string) => node !== upstream && upstreamOf(node).has(upstream);
  return {
    dependsOn,
    servicesOf: (node) => services.filter((s) => s === node || dependsOn(s, node)),
    rootCandidates(nodes) {
      const unique = [...new Set(nodes)];
      const roots = unique.filter((n) => !unique.some((m) => dependsOn(n, m)));
      const score = (n: string) => unique.filter((m) => dependsOn(m, n)).length;
      return (roots.length > 0 ? roots : unique).sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0));
    },
  };
}
