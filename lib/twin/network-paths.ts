// Network paths: which share of the traffic from the network's entry points to each node crosses a given device (equal-cost multipath).
import type { TwinState } from "./state";
import { K, NETWORK_KINDS, type TwinTopology } from "./topology";

/**
 * For every node, the share of shortest paths from the entry routers to it that cross `device` (1 for the device
 * itself; 0 where the device is off every shortest path or the network has no entries). Traffic is taken to split
 * evenly over equal-cost paths, so a device with a redundant twin carries half of what lies behind the pair.
 * Packets pass through network devices only; servers and other endpoints are leaves. Crashed devices carry nothing.
 */
export function pathShare(topo: TwinTopology, s: TwinState, device: number): Float64Array {
  const n = topo.n;
  const share = new Float64Array(n);
  if (topo.entries.length === 0) return share;
  const { offsets, targets } = topo.network;
  const dist = new Int32Array(n).fill(-1);
  const paths = new Float64Array(n);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (const e of topo.entries)
    if (!s.crashed[e]) {
      dist[e] = 0;
      paths[e] = 1;
      order[tail++] = e;
    }
  const forwards = (v: number) => NETWORK_KINDS.has(topo.kind[v]) || topo.kind[v] === K.router;
  while (head < tail) {
    const v = order[head++];
    if (!forwards(v)) continue;
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const t = targets[k];
      if (s.crashed[t]) continue;
      if (dist[t] < 0) {
        dist[t] = dist[v] + 1;
        order[tail++] = t;
      }
      if (dist[t] === dist[v] + 1) paths[t] += paths[v];
    }
  }
  if (dist[device] < 0) return share;
  // Paths from the device onwards, in breadth-first order (every node after all its predecessors).
  const fromDevice = new Float64Array(n);
  fromDevice[device] = 1;
  for (let i = 0; i < tail; i++) {
    const v = order[i];
    if (fromDevice[v] === 0 || !forwards(v)) continue;
    for (let k = offsets[v]; k < offsets[v + 1]; k++) {
      const t = targets[k];
      if (dist[t] === dist[v] + 1 && !s.crashed[t]) fromDevice[t] += fromDevice[v];
    }
  }
  for (let v = 0; v < n; v++) if (fromDevice[v] > 0 && paths[v] > 0) share[v] = (paths[device] * fromDevice[v]) / paths[v];
  return share;
}

/** `pathShare` with every hosted node given its root host's share (a VM's packets leave through its server's links). */
export function pathShareByHost(topo: TwinTopology, s: TwinState, device: number): Float64Array {
  const share = pathShare(topo, s, device);
  for (let v = 0; v < topo.n; v++) {
    let root = v;
    while (topo.host[root] >= 0) root = topo.host[root];
    if (root !== v) share[v] = share[root];
  }
  return share;
}

/**
 * Extra latency in ms of a call from `caller` to `callee` (or from the network's entry when caller is -1) through the
 * slow devices: a device delays the call in proportion to how differently the two ends sit behind it (|share
 * difference|): two servers in the same rack behind a slow core firewall talk past it, a customer's request from the
 * entry routers does not.
 */
export function networkDelayMs(s: TwinState, caller: number, callee: number): number {
  let ms = 0;
  for (const d of s.networkDelays) ms += d.addedMs * Math.abs((caller < 0 ? 0 : d.share[caller]) - d.share[callee]);
  return ms;
}
