// The twin's dynamic state as typed arrays indexed by node number, and its creation from a topology.
import { MODEL_DEFAULTS } from "./model-defaults";
import { K, NETWORK_KINDS, REQUEST_KINDS, type TwinTopology } from "./topology";

/** A slow network device: for each node, the share of its traffic from the entry routers that crosses the device. */
export interface NetworkDelay {
  share: Float64Array;
  addedMs: number;
}

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
  /** Mean requests inside each request node (waiting or in service): Little's L of its own queue. */
  inSystem: Float64Array;
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
  /** CPU share a request node uses when idle (0.03 unless calibrated), and latency its requests always add, ms (0 unless calibrated). */
  baseCpu: Float64Array;
  latencyFloor: Float64Array;
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
  /** Slow network devices (network_latency faults): share of each node's traffic through the device, and the delay it adds. */
  networkDelays: NetworkDelay[];
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
    inSystem: f(),
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
    baseCpu: new Float64Array(n).fill(MODEL_DEFAULTS.idleCpu),
    latencyFloor: f(),
    stamp: new Int32Array(topo.groups.length).fill(-1),
    isRequest: new Uint8Array(n),
    isDevice: new Uint8Array(n),
    baseRam: new Float64Array(n).fill(NaN),
    baseDisk: new Float64Array(n).fill(NaN),
    hostShare: new Float64Array(n).fill(1),
    hostExtraLatency: f(),
    effectsDirty: true,
    networkDelays: [],
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
/** The kind name of a kind code. */
export function kindNameOf(code: number): string {
  return KIND_NAMES[code];
}
