// The per-step model at the current demand: utilisation, latency, errors, throughput, resources and status of every node.
import { MODEL_DEFAULTS } from "./model-defaults";
import { patienceQueue, timedOutShare, type PatienceFigures } from "./queueing";
import { servingMember } from "./flow";
import { networkDelayMs } from "./network-paths";
import type { TwinState } from "./state";
import { K, type TwinTopology } from "./topology";

/** Refreshes the capacity share and extra latency each node inherits from faults on it and its hosts (only after a fault changed them). */
function refreshHostEffects(topo: TwinTopology, s: TwinState): void {
  if (!s.effectsDirty) return;
  s.effectsDirty = false;
  for (let v = 0; v < topo.n; v++) {
    let f = s.capacityFactor[v];
    let x = s.extraLatency[v];
    for (let h = topo.host[v]; h >= 0; h = topo.host[h]) {
      f *= s.capacityFactor[h];
      x += s.extraLatency[h];
    }
    s.hostShare[v] = f;
    s.hostExtraLatency[v] = x;
  }
}

/** Scratch figures of one node's queue (no allocation per step). */
const queue: PatienceFigures = { waits: 0, abandoned: 0, inQueue: 0, inSystem: 0, response: 1, utilisation: 0 };

/** What a call addressed to a node meets: latency and error rate (written by `reach`, read right after; no allocation). */
const reached = { latency: 0, error: 0 };

/**
 * The latency and error rate a caller sees when it calls node t: the active member of a primary/standby set (or t as a
 * read replica), the healthy members of an active-active group weighted by cores, the node traffic is rerouted to, or t.
 * A node that is down costs the caller its timeout and fails every call.
 */
function reach(topo: TwinTopology, s: TwinState, t: number, followsActive: number, timeout: number): void {
  const g = topo.group[t];
  let r = t;
  if (g >= 0 && topo.groups[g].mode === "active-passive") r = servingMember(s, g, t, followsActive);
  else if (g >= 0) {
    let w = 0, l = 0, er = 0;
    for (const m of topo.groups[g].members) {
      if (s.down[m] || s.drained[m]) continue;
      const c = topo.cores[m];
      w += c;
      l += c * s.latency[m];
      er += c * s.errorRate[m];
    }
    reached.latency = w > 0 ? l / w : timeout;
    reached.error = w > 0 ? er / w : 1;
    return;
  } else if (s.drained[t] && s.rerouteTo[t] >= 0) r = s.rerouteTo[t];
  reached.latency = s.down[r] ? timeout : s.latency[r];
  reached.error = s.down[r] ? 1 : s.errorRate[r];
}

/** One step of the model at the current demand: utilisation, own latency and errors, end-to-end latency and errors, resources, status. */
export function computeMetrics(topo: TwinTopology, s: TwinState, stepSeconds: number): void {
  const n = topo.n;
  const D = MODEL_DEFAULTS;
  const timeout = D.timeoutMs;
  const { kind, cores } = topo;
  refreshHostEffects(topo, s);
  const { isRequest, isDevice } = s;
  // Own behaviour of request nodes.
  for (let v = 0; v < n; v++) {
    if (!isRequest[v]) continue;
    if (s.down[v]) {
      s.rho[v] = 0;
      s.cpu[v] = 0;
      s.ownLatency[v] = timeout;
      s.ownError[v] = 1;
      continue;
    }
    // A CPU hog leaves `share` of the node; a bad deployment makes each request take `slowdown` × longer: both
    // lengthen the effective service time, so the same demand keeps the servers busier.
    const share = s.hostShare[v];
    const c = s.servers[v];
    const serviceMs = (s.serviceMs[v] * s.slowdown[v]) / share;
    const rho = share > 0 ? (s.demand[v] * serviceMs) / (1000 * c) : s.demand[v] > 0 ? 10 : 0;
    s.rho[v] = rho;
    patienceQueue(c, rho, timeout / serviceMs, queue);
    s.inSystem[v] = queue.inSystem;
    s.cpu[v] = Math.min(1, s.baseCpu[v] + 0.92 * queue.utilisation + (1 - share));
    s.ownLatency[v] = serviceMs * queue.response + s.hostExtraLatency[v] + s.latencyFloor[v];
    const diskFail = s.disk[v] >= 0.999 ? (s.diskFullError[v] > 0 ? s.diskFullError[v] : 0.6) : 0;
    s.ownError[v] = 1 - (1 - queue.abandoned) * (1 - s.extraError[v]) * (1 - diskFail) * (1 - s.rejected[v]);
  }
  // End-to-end: callees before callers (reverse call order).
  const order = topo.callOrder;
  const { offsets, targets } = topo.dependsOn;
  s.stamp.fill(-1);
  for (let o = n - 1; o >= 0; o--) {
    const v = order[o];
    const k = kind[v];
    if (k === K.business_service || !isRequest[v]) continue;
    if (s.down[v]) {
      s.latency[v] = timeout;
      s.errorRate[v] = 1;
      continue;
    }
    let lat = s.ownLatency[v];
    let ok = 1 - s.ownError[v];
    // Calls to different dependencies overlap: the slowest counts in full, the others in part.
    let slowest = 0;
    let others = 0;
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const t = targets[e];
      const g = topo.group[t];
      if (g >= 0) {
        if (s.stamp[g] === v) continue;
        s.stamp[g] = v;
      }
      reach(topo, s, t, topo.followsActive[e], timeout);
      let depLat = reached.latency;
      if (s.networkDelays.length > 0) depLat += networkDelayMs(s, v, t);
      let depErr = reached.error;
      const timedOut = s.timeoutDep[v] === -1 || s.timeoutDep[v] === t;
      if (timedOut) {
        depLat += s.timeoutMs[v];
        depErr = 1 - (1 - depErr) * (1 - s.timeoutError[v]);
      }
      if (topo.critical[e]) {
        // Several calls to one dependency go out mostly in parallel batches: the first costs a full round trip, each extra one a quarter.
        const call = (1 + D.extraCallShare * Math.max(0, topo.fanout[e] - 1)) * (depLat + D.hopMs);
        if (call > slowest) {
          others += slowest;
          slowest = call;
        } else others += call;
        ok *= 1 - depErr;
      } else {
        lat += 0.5 * Math.min(depLat, 250);
        ok *= 1 - D.nonCriticalErrorWeight * depErr;
      }
    }
    lat += slowest + D.sequentialShare * others;
    // Calls that outlast the callers' timeout fail; the caller waits at most the timeout for them.
    const late = timedOutShare(lat, timeout);
    s.latency[v] = lat * (1 - late);
    s.errorRate[v] = clamp01(1 - ok * (1 - late));
  }
  // Business services: the worst serving group's latency, errors compounded over serving groups.
  s.stamp.fill(-1);
  for (let v = 0; v < n; v++) {
    if (kind[v] !== K.business_service) continue;
    let lat = 0;
    let ok = 1;
    let any = false;
    const so = topo.servedBy.offsets;
    for (let e = so[v]; e < so[v + 1]; e++) {
      const app = topo.servedBy.targets[e];
      const g = topo.group[app];
      if (g >= 0) {
        if (s.stamp[g] === v) continue;
        s.stamp[g] = v;
      }
      reach(topo, s, app, 1, timeout);
      // Customers' requests come in from the entry routers and cross every slow device in front of the app.
      const l = reached.latency + (s.networkDelays.length > 0 ? networkDelayMs(s, -1, app) : 0);
      const er = reached.error;
      any = true;
      if (l > lat) lat = l;
      ok *= 1 - er;
    }
    s.latency[v] = any ? lat : 0;
    s.errorRate[v] = any ? clamp01(1 - ok) : 0;
    s.throughput[v] = s.demand[v] * (1 - s.errorRate[v]);
    s.cpu[v] = 0;
  }
  // Throughput, RAM, disk of request nodes.
  const hours = stepSeconds / 3600;
  for (let v = 0; v < n; v++) {
    const k = kind[v];
    if (k === K.business_service) continue;
    const request = isRequest[v];
    // Throughput is the demand that succeeds end to end: demand, errors and throughput always agree.
    if (request) s.throughput[v] = s.down[v] ? 0 : s.demand[v] * (1 - s.errorRate[v]);
    const baseRam = s.baseRam[v];
    if (request && baseRam === baseRam) s.ram[v] = clamp01(s.down[v] ? 0 : baseRam + D.loadRam * Math.min(s.rho[v], 1) + s.leak[v]);
    const baseDisk = s.baseDisk[v];
    if (baseDisk === baseDisk) {
      s.diskExtra[v] += (D.diskGrowthPerHour + s.diskRate[v]) * hours;
      s.disk[v] = clamp01(baseDisk + s.diskExtra[v]);
    }
  }
  // Network devices: the traffic crossing them is not modelled per packet; CPU reflects faults only.
  for (const v of s.devices) {
    s.cpu[v] = s.down[v] ? 0 : clamp01(0.1 + (1 - s.capacityFactor[v]));
    s.latency[v] = s.down[v] ? 0 : D.hopMs + s.extraLatency[v];
    s.errorRate[v] = s.down[v] ? 1 : 0;
    s.throughput[v] = 0;
  }
  // vms before servers: hosted CPU rolls up one level at a time, deepest first.
  for (const level of [K.vm, K.server]) {
    for (const v of level === K.vm ? s.vms : s.hostServers) {
      let busy = 0;
      let ram = 0;
      let ramW = 0;
      let tput = 0;
      const ho = topo.hosted.offsets;
      for (let e = ho[v]; e < ho[v + 1]; e++) {
        const c = topo.hosted.targets[e];
        busy += s.cpu[c] * cores[c];
        ram += s.ram[c] * cores[c];
        ramW += cores[c];
        tput += s.throughput[c];
      }
      // vCPUs may be overcommitted: the host's capacity is its cores, or the cores it hands out if more (they are time-shared).
      const cpu = 0.04 + busy / Math.max(cores[v], ramW);
      const own = D.baseRam[level === K.vm ? "vm" : "server"];
      s.cpu[v] = s.down[v] ? 0 : clamp01(cpu + (1 - s.capacityFactor[v]));
      s.ram[v] = s.down[v] ? 0 : clamp01(own + (ramW > 0 ? (0.8 * ram) / ramW : 0) + s.leak[v]);
      s.throughput[v] = s.down[v] ? 0 : tput;
      s.errorRate[v] = s.down[v] ? 1 : 0;
      s.latency[v] = s.down[v] ? 0 : s.hostExtraLatency[v];
    }
  }
  // Replication lag of every passive member (standbys, and a former primary back as a standby): grows with the
  // active member's load, frozen while the active member is down, then caught up.
  const catchUp = Math.min(1, D.catchUpPerMinute * (stepSeconds / 60));
  for (let gi = 0; gi < topo.groups.length; gi++) {
    const group = topo.groups[gi];
    if (group.mode !== "active-passive") continue;
    const source = s.active[gi];
    if (s.down[source]) continue;
    const target = D.baseReplicationLagS * (1 + 10 * Math.max(0, s.rho[source] - 0.7)) + s.extraLatency[source] / 100;
    for (const v of group.members) {
      if (v === source || s.down[v]) continue;
      s.replicationLag[v] += (target - s.replicationLag[v]) * catchUp;
    }
  }
  // Status.
  for (let v = 0; v < n; v++) {
    let code = 0;
    const err = s.errorRate[v];
    if (s.down[v] || err >= D.downErrorRate) code = 2;
    else if (
      err >= D.degradedErrorRate ||
      s.cpu[v] >= D.degradedSaturation ||
      s.ram[v] >= D.degradedSaturation ||
      s.disk[v] >= D.degradedSaturation ||
      (s.baselineLatency[v] > 0 &&
        s.latency[v] >= Math.max(D.degradedLatencyFactor * s.baselineLatency[v], s.baselineLatency[v] + D.degradedLatencyMarginMs))
    )
      code = 1;
    s.status[v] = code;
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
