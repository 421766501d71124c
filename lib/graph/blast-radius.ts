// blastRadius: what goes down or degrades when a set of nodes fails, redundancy-aware; .assign writes the statuses.
import { invalidArgument } from "../errors";
import { CAUSE_NAMES, DOWN, propagatorFor } from "./propagate";
import { NODE_KINDS, type NodeKind, type Status, type Tier } from "./schema";
import { graphFrom, nodeNumbers, toIndex, type GraphSource } from "./store";

/** Why a node is impaired: it failed or was degraded by the caller, or its host, network path, a dependency or a serving application is impaired. */
export type ImpactCause = "failed" | "degraded" | "host" | "network" | "dependency" | "service";

/** One impaired node. */
export type Impact = {
  id: string;
  kind: NodeKind;
  name: string;
  status: Exclude<Status, "up">;
  cause: ImpactCause;
  /** The impaired node that caused this one (absent for the failed and degraded inputs). */
  via?: string;
  /** Hops from the nearest input along `via`. */
  depth: number;
};

/** A business service's outcome. */
export type ServiceImpact = {
  id: string;
  name: string;
  tier: Tier | undefined;
  status: Exclude<Status, "up">;
  via?: string;
};

/** The outcome of `blastRadius`. */
export type BlastRadius = {
  /** The failed inputs, as given. */
  failed: string[];
  /** Every node that is down (inputs included), in discovery order. */
  down: string[];
  /** Every node that is degraded, in discovery order. */
  degraded: string[];
  /** Every impaired node with its cause, in discovery order. */
  impacts: Impact[];
  /** Impaired business services: down first, then by tier and id. */
  services: ServiceImpact[];
};

/** Options of `blastRadius`. */
export type BlastRadiusOptions = {
  /** Nodes to treat as degraded (not down) from the start. */
  degraded?: readonly string[];
  /** Spread "degraded" too (default true); false reports only what goes down. */
  includeDegraded?: boolean;
};

const SERVICE_CODE = NODE_KINDS.indexOf("business_service");

function compute(source: GraphSource, failed: readonly string[] | string, options: BlastRadiusOptions, api: string): BlastRadius {
  const index = toIndex(source, api);
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
  const failedNums = nodeNumbers(index, failed, api, "failed node");
  const degradedNums = nodeNumbers(index, options.degraded ?? [], api, "degraded node");
  const p = propagatorFor(index);
  p.run(failedNums, degradedNums, options.includeDegraded ?? true);
  const down: string[] = [];
  const degraded: string[] = [];
  const impacts: Impact[] = new Array(p.touchedCount);
  const services: ServiceImpact[] = [];
  for (let k = 0; k < p.touchedCount; k++) {
    const v = p.touched[k];
    const id = index.ids[v];
    const status = p.state[v] === DOWN ? "down" : "degraded";
    (status === "down" ? down : degraded).push(id);
    const impact: Impact = {
      id,
      kind: NODE_KINDS[index.kind[v]],
      name: index.names[v],
      status,
      cause: CAUSE_NAMES[p.cause[v]] as ImpactCause,
      depth: p.depth[v],
    };
    if (p.via[v] >= 0) impact.via = index.ids[p.via[v]];
    impacts[k] = impact;
    if (index.kind[v] === SERVICE_CODE) {
      const s: ServiceImpact = { id, name: impact.name, tier: (index.tier[v] || undefined) as Tier | undefined, status };
      if (impact.via !== undefined) s.via = impact.via;
      services.push(s);
    }
  }
  services.sort((a, b) => (a.status === b.status ? 0 : a.status === "down" ? -1 : 1) || (a.tier ?? 9) - (b.tier ?? 9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { failed: typeof failed === "string" ? [failed] : [...failed], down, degraded, impacts, services };
}

/**
 * What goes down or degrades when `failed` nodes fail. Redundancy-aware: a dependent loses a dependency only
 * when every replica of it (same redundancy group, or joined by replicates_to) is down, and is degraded when
 * capacity is lost; non-critical dependencies only degrade; network reachability is computed from the core.
 * Accepts a graph, a GraphStore or a GraphIndex; fast on large graphs (typed arrays, reused buffers).
 *
 * @example blastRadius(graph, ["db-core-banking-primary", "db-core-banking-standby"]).services
 */
export const blastRadius = Object.assign(
  function blastRadius(source: GraphSource, failed: readonly string[] | string, options: BlastRadiusOptions = {}): BlastRadius {
    return compute(source, failed, options, "blastRadius");
  },
  {
    /**
     * Computes the blast radius and writes `status` ("down"/"degraded") onto the impaired nodes; with `reset`
     * (default true) every other node's status is set to "up" first. Returns the same result as `blastRadius`.
     */
    assign(source: GraphSource, failed: readonly string[] | string, options: BlastRadiusOptions & { reset?: boolean } = {}): BlastRadius {
      const graph = graphFrom(source, "blastRadius.assign");
      const result = compute(source, failed, options, "blastRadius.assign");
      if (options.reset ?? true) graph.forEachNode((_id, attrs) => void (attrs.status = "up"));
      for (const impact of result.impacts) graph.setNodeAttribute(impact.id, "status", impact.status);
      return result;
    },
  },
);

/** The chain of nodes from a failed input to `id` in a blast radius (input first), or [] when `id` is not impaired. */
export function explainImpact(result: BlastRadius, id: string): string[] {
  const byId = new Map(result.impacts.map((i) => [i.id, i]));
  const chain: string[] = [];
  let cursor = byId.get(id);
  const seen = new Set<string>();
  while (cursor !== undefined && !seen.has(cursor.id)) {
    seen.add(cursor.id);
    chain.push(cursor.id);
    cursor = cursor.via === undefined ? undefined : byId.get(cursor.via);
  }
  return chain.reverse();
}
