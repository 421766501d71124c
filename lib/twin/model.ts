// The twin's state as typed arrays and the per-step model: demand flow, utilisation, latency, errors, RAM, disk, status.
import type { Rng } from "../random";
import { responseTimeMs, saturationErrorRate } from "./queueing";
import { K, NETWORK_KINDS, REQUEST_KINDS, type TwinTopology } from "./topology";

/** Model constants; every threshold that decides a status is here. */
export const MODEL_DEFAULTS = {
  /** Mean service time per request by kind, in ms, before calibration adjusts the number of servers. */
  serviceMs: { application: 12, database: 3, queue: 1.5, storage: 2, load_balancer: 0.3 } as Record<string, number>,
  /** Sizing: each request node's normal daily peak uses this share of its capacity (uniform draw per node). */
  peakUtilisation: [0.35, 0.6] as [number, number],
  /** Callers give up after this long: latency is capped here and a dead dependency costs this much. */
  timeoutMs: 5000,
  /** Share of the latency of calls to other dependencies than the slowest that adds up (the rest overlaps). */
  sequentialShare: 0.3,
  /** Share of a dependency's latency each call beyond the first adds (calls batched in parallel). */
  extraCallShare: 0.25,
  /** Latency of one network hop in ms, added per dependency call. */
  hopMs: 0.4,
  /** A failed non-critical dependency adds this share of its errors to its caller. */
  nonCriticalErrorWeight: 0.1,
  /** Status thresholds: error rate at or above `downErrorRate` is down; `degradedErrorRate` is degraded. */
  downErrorRate: 0.5,
  degradedErrorRate: 0.05,
  /** Degraded when latency is at least `degradedLatencyFactor` × its quiet baseline and `degradedLatencyMarginMs` above it. */
  degradedLatencyFactor: 2.5,
  degradedLatencyMarginMs: 150,
  /** Degraded when CPU, RAM or disk reach this ratio. */
  degradedSaturation: 0.95,
  /** Idle RAM share by kind, and the extra share a fully loaded node uses. */
  baseRam: { application: 0.35, database: 0.6, queue: 0.3, storage: 0.2, server: 0.1, vm: 0.15 } as Record<string, number>,
  loadRam: 0.25,
  /** Idle disk share by kind and growth per hour of normal work. */
  baseDisk: { database: 0.45, storage: 0.5, queue: 0.2, server: 0.3, vm: 0.3 } as Record<string, number>,
  diskGrowthPerHour: 0.0015,
  /** Replication lag of a healthy standby, in s, and how fast a standby catches up (share of lag recovered per minute). */
  baseReplicationLagS: 0.3,
  catchUpPerMinute: 0.35,
} as const;

/** Every dynamic array of the twin, indexed by node number. */
export interface TwinState {
  /** Arrival rate in requests/s. */
  demand: Float64Array;
  rho: Float64Array;
  cpu: Float64Array;
  ram: Float64Array;
  disk: Float64Array;
  latency: Float64Array;
  errorRate: Float64Array;
  throughput: Float64Array;
  status: Float64Array;
  replicationLag: Float64Array;
  ownLatency: Float64Array;
  ownError: Float64Array;
  /** Fault counters and modifiers (several faults may overlap on one node). */
  crashed: Uint16Array;
  reachable: Uint8Array;
  down: Uint8Array;
  capacityFactor: Float64Array;
  slowdown: Float64Array;
  extraLatency: Float64Array;
  extraError: Float64Array;
  leak: Float64Array;
  diskExtra: Float64Array;
  diskRate: Float64Array;
  /** Error rate of writes while the disk is full (disk_full faults). */
  diskFullError: Float64Array;
  /** Demand multiplier of each node (load surges on services or applications). */
  surge: Float64Array;
  /** dependency_timeout faults: per caller, the timed-out dependency (-2 none, -1 all) with its cost. */
  timeoutDep: Int32Array;
  timeoutMs: Float64Array;
  timeoutError: Float64Array;
  /** Interventions: accepted-rate caps (0 = none), the share rejected this step, drained nodes and where their traffic goes. */
  rateLimit: Float64Array;
  rejected: Float64Array;
  drained: Uint8Array;
  rerouteTo: Int32Array;
  /** Active member of each active-passive group. */
  active: Int32Array;
  /** Calibration results. */
  serviceMs: Float64Array;
  servers: Float64Array;
  capacity: Float64Array;
  baselineLatency: Float64Array;
  /** Per-node constants: 1 for request-serving kinds, 1 for network devices, idle RAM and disk shares (NaN when not tracked). */
  isRequest: Uint8Array;
  isDevice: Uint8Array;
  baseRam: Float64Array;
  baseDisk: Float64Array;
  /** Node numbers by role, so each pass visits only the nodes it concerns. */
  vms: Int32Array;
  hostServers: Int32Array;
  devices: Int32Array;
  /** Capacity share and extra latency from CPU hogs and latency faults on a node and its hosts; recomputed when `effectsDirty`. */
  hostShare: Float64Array;
  hostExtraLatency: Float64Array;
  effectsDirty: boolean;
  /** Scratch: per-group stamp so a caller sends to a group once. */
  stamp: Int32Array;
}

export function createState(topo: TwinTopology): TwinState {
  const n = topo.n;
  const f = () => new Float64Array(n);
  const state: TwinState = {
    demand: f(),
    rho: f(),
    cpu: f(),
    ram: f(),
    disk: f(),
    latency: f(),
    errorRate: f(),
    throughput: f(),
    status: f(),
    replicationLag: f(),
    ownLatency: f(),
    ownError: f(),
    crashed: new Uint16Array(n),
    reachable: new Uint8Array(n).fill(1),
    down: new Uint8Array(n),
    capacityFactor: new Float64Array(n).fill(1),
    slowdown: new Float64Array(n).fill(1),
    extraLatency: f(),
    extraError: f(),
    leak: f(),
    diskExtra: f(),
    diskRate: f(),
    diskFullError: f(),
    surge: new Float64Array(n).fill(1),
    timeoutDep: new Int32Array(n).fill(-2),
    timeoutMs: f(),
    timeoutError: f(),
    rateLimit: f(),
    rejected: f(),
    drained: new Uint8Array(n),
    rerouteTo: new Int32Array(n).fill(-1),
    active: new Int32Array(topo.groups.length).fill(-1),
    serviceMs: f(),
    servers: new Float64Array(n).fill(1),
    capacity: f(),
    baselineLatency: f(),
    stamp: new Int32Array(topo.groups.length).fill(-1),
    isRequest: new Uint8Array(n),
    isDevice: new Uint8Array(n),
    baseRam: new Float64Array(n).fill(NaN),
    baseDisk: new Float64Array(n).fill(NaN),
    hostShare: new Float64Array(n).fill(1),
    hostExtraLatency: f(),
    effectsDirty: true,
    vms: Int32Array.from(indicesOf(topo, (v) => topo.kind[v] === K.vm)),
    hostServers: Int32Array.from(indicesOf(topo, (v) => topo.kind[v] === K.server)),
    devices: Int32Array.from(indicesOf(topo, (v) => NETWORK_KINDS.has(topo.kind[v]) && topo.kind[v] !== K.load_balancer)),
  };
  topo.groups.forEach((g, gi) => {
    if (g.mode === "active-passive") state.active[gi] = g.members[0];
  });
  for (let v = 0; v < n; v++) {
    const kindName = kindNameOf(topo.kind[v]);
    state.isRequest[v] = REQUEST_KINDS.has(topo.kind[v]) ? 1 : 0;
    state.isDevice[v] = NETWORK_KINDS.has(topo.kind[v]) ? 1 : 0;
    state.baseRam[v] = MODEL_DEFAULTS.baseRam[kindName] ?? NaN;
    state.baseDisk[v] = MODEL_DEFAULTS.baseDisk[kindName] ?? NaN;
    state.ram[v] = MODEL_DEFAULTS.baseRam[kindName] ?? 0.1;
    state.disk[v] = MODEL_DEFAULTS.baseDisk[kindName] ?? 0;
    if (topo.primaryOf[v] >= 0) state.replicationLag[v] = MODEL_DEFAULTS.baseReplicationLagS;
  }
  return state;
}

function indicesOf(topo: TwinTopology, keep: (v: number) => boolean): number[] {
  const out: number[] = [];
  for (let v = 0; v < topo.n; v++) if (keep(v)) out.push(v);
  return out;
}

const KIND_NAMES = Object.keys(K);
function kindNameOf(code: number): string {
  return KIND_NAMES[code];
}

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
function servingMember(s: TwinState, g: number, v: number, followsActive: number): number {
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
    const share = s.hostShare[v];
    const cap = s.capacity[v] * share;
    const rho = cap > 0 ? s.demand[v] / cap : s.demand[v] > 0 ? 10 : 0;
    s.rho[v] = rho;
    s.cpu[v] = Math.min(1, 0.03 + 0.92 * Math.min(rho, 1) + (1 - share));
    s.ownLatency[v] = Math.min(timeout, responseTimeMs(s.serviceMs[v] * s.slowdown[v], s.servers[v], rho, timeout) + s.hostExtraLatency[v]);
    const diskFail = s.disk[v] >= 0.999 ? (s.diskFullError[v] > 0 ? s.diskFullError[v] : 0.6) : 0;
    s.ownError[v] = 1 - (1 - saturationErrorRate(rho)) * (1 - s.extraError[v]) * (1 - diskFail) * (1 - s.rejected[v]);
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
    s.latency[v] = Math.min(lat, timeout);
    s.errorRate[v] = clamp01(1 - ok);
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
      const l = reached.latency;
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
    if (request) s.throughput[v] = s.down[v] ? 0 : Math.min(s.demand[v], s.capacity[v]) * (1 - s.errorRate[v]);
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
