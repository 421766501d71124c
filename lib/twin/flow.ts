// Demand flow: business services' request rates spread down serves and depends_on edges to every node.
import type { TwinState } from "./state";
import { K, type TwinTopology } from "./topology";

/** Sends `amount` requests/s to node v, or to its redundancy group: the active member, or the healthy members in proportion to their cores. */
function send(topo: TwinTopology, s: TwinState, v: number, amount: number, followsActive: number): void {
  const g = topo.group[v];
  if (g < 0) {
    s.demand[s.drained[v] && s.rerouteTo[v] >= 0 ? s.rerouteTo[v] : v] += amount;
    return;
  }
  const group = topo.groups[g];
  if (group.mode === "active-passive") {
    s.demand[servingMember(s, g, v, followsActive)] += amount;
    return;
  }
  let total = 0;
  for (const m of group.members) if (!s.down[m] && !s.drained[m]) total += topo.cores[m];
  if (total === 0) {
    s.demand[s.drained[v] && s.rerouteTo[v] >= 0 ? s.rerouteTo[v] : v] += amount;
    return;
  }
  for (const m of group.members) if (!s.down[m] && !s.drained[m]) s.demand[m] += (amount * topo.cores[m]) / total;
}

/** The member of an active-passive group that answers a call addressed to v: the active one, or v itself when it is a healthy read replica. */
export function servingMember(s: TwinState, g: number, v: number, followsActive: number): number {
  const a = s.active[g];
  return followsActive || s.down[v] ? a : v;
}

/** Spreads service demand down serves and depends_on edges. `serviceFactor[v]` multiplies each business service's base rate. */
export function flowDemand(topo: TwinTopology, s: TwinState, serviceFactor: Float64Array): void {
  const { demand, stamp, down } = s;
  demand.fill(0);
  stamp.fill(-1);
  const n = topo.n;
  for (let v = 0; v < n; v++) {
    if (topo.kind[v] !== K.business_service) continue;
    const d = topo.baseRps[v] * serviceFactor[v] * s.surge[v];
    demand[v] = d;
    const { offsets, targets } = topo.servedBy;
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const app = targets[k];
      const g = topo.group[app];
      if (g >= 0) {
        if (stamp[g] === v) continue;
        stamp[g] = v;
      }
      send(topo, s, app, d, 1);
    }
  }
  stamp.fill(-1);
  const order = topo.callOrder;
  const { offsets, targets } = topo.dependsOn;
  for (let o = 0; o < n; o++) {
    const v = order[o];
    if (topo.kind[v] === K.business_service) continue;
    if (s.surge[v] !== 1) demand[v] *= s.surge[v];
    const limit = s.rateLimit[v];
    if (limit > 0 && demand[v] > limit) {
      s.rejected[v] = 1 - limit / demand[v];
      demand[v] = limit;
    } else s.rejected[v] = 0;
    const d = demand[v];
    if (d <= 0 || down[v]) continue;
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const t = targets[k];
      const g = topo.group[t];
      if (g >= 0) {
        if (stamp[g] === v) continue;
        stamp[g] = v;
      }
      send(topo, s, t, d * topo.fanout[k], topo.followsActive[k]);
    }
  }
}
