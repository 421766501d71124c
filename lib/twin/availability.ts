// Availability: which nodes are down (crashed, on a crashed host, or cut off from the network's entry points).
import type { TwinState } from "./state";
import { K, NETWORK_KINDS, type TwinTopology } from "./topology";

/** Recomputes `down`: crashed nodes, nodes whose host is down, nodes cut off from the network's entry points. */
export function updateAvailability(topo: TwinTopology, s: TwinState): void {
  const n = topo.n;
  // Reachability over up network devices and servers from the entry routers.
  if (topo.entries.length > 0) {
    const { offsets, targets } = topo.network;
    s.reachable.fill(0);
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (const e of topo.entries)
      if (!s.crashed[e]) {
        s.reachable[e] = 1;
        queue[tail++] = e;
      }
    while (head < tail) {
      const v = queue[head++];
      // Packets pass through network devices only; a server is a leaf.
      if (!NETWORK_KINDS.has(topo.kind[v]) && topo.kind[v] !== K.router) continue;
      for (let k = offsets[v]; k < offsets[v + 1]; k++) {
        const t = targets[k];
        if (s.reachable[t] || s.crashed[t]) continue;
        s.reachable[t] = 1;
        queue[tail++] = t;
      }
    }
    // Hosted nodes are reachable when their root host is; nodes with no network link at all are not cut off.
    for (let v = 0; v < n; v++) {
      if (s.reachable[v]) continue;
      let root = v;
      while (topo.host[root] >= 0) root = topo.host[root];
      const linked = topo.network.offsets[root + 1] > topo.network.offsets[root];
      if (root !== v) s.reachable[v] = linked ? s.reachable[root] : 1;
      else if (!linked) s.reachable[v] = 1;
    }
  }
  for (let v = 0; v < n; v++) {
    let d = s.crashed[v] > 0 || !s.reachable[v];
    for (let h = topo.host[v]; !d && h >= 0; h = topo.host[h]) d = s.crashed[h] > 0;
    s.down[v] = d ? 1 : 0;
  }
}
