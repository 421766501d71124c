// singlePointsOfFailure: for each business service of a tier, the nodes whose failure alone takes it down.
import { invalidArgument } from "../errors";
import { walk } from "./dependencies";
import { needSteps } from "./dependencies";
import { DOWN, propagatorFor } from "./propagate";
import { KIND_CODES, NODE_KINDS, type NodeKind, type Tier } from "./schema";
import { nodeNumbers, toIndex, type GraphSource } from "./store";

/** A node whose failure alone takes a service down. */
export type SinglePoint = {
  id: string;
  kind: NodeKind;
  name: string;
  /** Hops from the service along what it needs. */
  depth: number;
};

/** The single points of failure of one business service. */
export type ServiceSpofs = {
  service: string;
  name: string;
  tier: Tier | undefined;
  /** Nearest first. Empty when the service survives any single failure. */
  spofs: SinglePoint[];
};

/** Options of `singlePointsOfFailure`. */
export type SpofOptions = {
  /** The business services to check (default: every business service of `tier`). */
  services?: readonly string[];
  /** Tier of the services to check when `services` is not given (default 1). */
  tier?: Tier;
};

/**
 * For each tier-1 business service (or the ones given), every node whose failure alone takes it down,
 * using the same redundancy-aware rules as `blastRadius`. Candidates are the service's critical support
 * (serving applications, critical dependencies, hosts, network path, replicas), each failed on its own.
 *
 * @example singlePointsOfFailure(graph).filter((s) => s.spofs.length > 0)
 */
export function singlePointsOfFailure(source: GraphSource, options: SpofOptions = {}): ServiceSpofs[] {
  const api = "singlePointsOfFailure";
  const index = toIndex(source, api);
  if (options === null || typeof options !== "object") throw invalidArgument(api, "options", "an object", options);
  const tier = options.tier ?? 1;
  if (![1, 2, 3, 4].includes(tier)) throw invalidArgument(api, "options.tier", "1, 2, 3 or 4", tier);
  let services: number[];
  if (options.services !== undefined) {
    services = nodeNumbers(index, options.services, api, "service");
    for (const s of services)
      if (index.kind[s] !== KIND_CODES.business_service)
        throw invalidArgument(api, "options.services", "business_service node ids", `${index.ids[s]} (${NODE_KINDS[index.kind[s]]})`);
  } else {
    services = [];
    for (let v = 0; v < index.n; v++) if (index.kind[v] === KIND_CODES.business_service && index.tier[v] === tier) services.push(v);
    services.sort((a, b) => (index.ids[a] < index.ids[b] ? -1 : 1));
  }
  const p = propagatorFor(index);
  const steps = needSteps();
  return services.map((s) => {
    const support: Array<[number, number]> = [];
    walk(index, [s], steps, { criticalOnly: true, replicas: true }, (v, _from, depth) => support.push([v, depth]));
    const spofs: SinglePoint[] = [];
    for (const [c, depth] of support) {
      p.run([c], [], false);
      if (p.state[s] === DOWN) spofs.push({ id: index.ids[c], kind: NODE_KINDS[index.kind[c]], name: index.names[c], depth });
    }
    p.reset();
    return { service: index.ids[s], name: index.names[s], tier: (index.tier[s] || undefined) as Tier | undefined, spofs };
  });
}
