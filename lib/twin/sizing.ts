// Planned sizing: capacity and servers of every request node from its peak demand, standbys sized to take over.
import type { Rng } from "../random";
import { flowDemand } from "./flow";
import { MODEL_DEFAULTS } from "./model-defaults";
import { kindNameOf, type TwinState } from "./state";
import { REQUEST_KINDS, type TwinTopology } from "./topology";

/** Sizes every request node for its peak demand in normal operation or after any failover (see MODEL_DEFAULTS.peakUtilisation); with `honourGraphCapacity`, capacity.maxRps from the graph wins where given. */
export function calibrate(topo: TwinTopology, s: TwinState, peakFactor: Float64Array, rng: Rng, honourGraphCapacity = false): void {
  // Peak demand of every node in normal operation and after each failover: each pass promotes the k-th member of
  // every primary/standby set, so standbys, and what they call (their storage), are sized to take over.
  const peak = new Float64Array(topo.n);
  const passive = topo.groups.map((g, gi) => (g.mode === "active-passive" ? gi : -1)).filter((gi) => gi >= 0);
  const passes = Math.max(1, ...passive.map((gi) => topo.groups[gi].members.length));
  const initial = Int32Array.from(s.active);
  for (let k = 0; k < passes; k++) {
    for (const gi of passive) s.active[gi] = topo.groups[gi].members[Math.min(k, topo.groups[gi].members.length - 1)];
    flowDemand(topo, s, peakFactor);
    for (let v = 0; v < topo.n; v++) if (s.demand[v] > peak[v]) peak[v] = s.demand[v];
  }
  s.active.set(initial);
  const [lo, hi] = MODEL_DEFAULTS.peakUtilisation;
  // Members of a primary/standby set share one sizing: the standby is built like the primary it replaces.
  const groupTarget = new Float64Array(topo.groups.length).fill(NaN);
  for (const gi of passive) groupTarget[gi] = rng.uniform(lo, hi);
  for (let v = 0; v < topo.n; v++) {
    const kind = topo.kind[v];
    if (!REQUEST_KINDS.has(kind)) continue;
    const g = topo.group[v];
    const shared = g >= 0 ? groupTarget[g] : NaN;
    const target = shared === shared ? shared : rng.uniform(lo, hi);
    const ms = MODEL_DEFAULTS.serviceMs[kindNameOf(kind)] ?? 10;
    const capacity = honourGraphCapacity && topo.capacityRps[v] > 0 ? topo.capacityRps[v] : peak[v] > 0 ? peak[v] / target : (topo.cores[v] * 1000) / ms;
    // At least one server at the kind's service time: a node with little traffic is oversized, never slow.
    const servers = Math.max(1, Math.round((capacity * ms) / 1000));
    s.capacity[v] = Math.max(capacity, (servers * 1000) / ms);
    s.servers[v] = servers;
    s.serviceMs[v] = (servers * 1000) / s.capacity[v];
  }
}
