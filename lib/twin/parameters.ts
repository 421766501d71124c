// Per-node model parameters set from outside (calibration, a "reality" estate): service time, servers, idle CPU and RAM, latency floor.
import { didYouMean, invalidArgument, notFound } from "../errors";
import type { GraphStore } from "../graph";
import { flowDemand } from "./flow";
import { computeMetrics } from "./model";
import type { TwinState } from "./state";
import { K, type TwinTopology } from "./topology";
import type { Twin } from "./twin";

/** What may be set on one request-serving node; absent fields keep the twin's planned sizing. */
export interface NodeParameters {
  /** Mean service time per request, ms (> 0). */
  serviceMs?: number;
  /** Parallel servers, an integer >= 1 (capacity = servers × 1000 / serviceMs). */
  servers?: number;
  /** CPU share used when idle, in [0, 1). */
  baseCpu?: number;
  /** Idle RAM share, in [0, 1). */
  baseRam?: number;
  /** Latency every request of the node adds beyond its queue, ms (>= 0). */
  latencyFloorMs?: number;
}

const RANGES: Record<keyof NodeParameters, [number, number, string]> = {
  serviceMs: [1e-6, 1e6, "a number of ms in (0, 1e6]"],
  servers: [1, 1e6, "an integer in [1, 1e6]"],
  baseCpu: [0, 0.999, "a share in [0, 1)"],
  baseRam: [0, 0.999, "a share in [0, 1)"],
  latencyFloorMs: [0, 1e6, "a number of ms in [0, 1e6]"],
};

/**
 * Where a topology file keeps a node's parameters: keys of the node's `extra` object, so a calibrated topology
 * saved as JSON is read back by every loader and a twin created from it runs with them.
 */
export const PARAMETER_EXTRA_KEYS: Readonly<Record<keyof NodeParameters, string>> = {
  serviceMs: "twin_service_ms",
  servers: "twin_servers",
  baseCpu: "twin_idle_cpu",
  baseRam: "twin_idle_ram",
  latencyFloorMs: "twin_latency_floor_ms",
};

/** Checks and writes parameters into the state arrays (no baseline pass). */
function writeParameters(topo: TwinTopology, s: TwinState, parameters: Readonly<Record<string, NodeParameters>>, api: string): void {
  for (const [id, p] of Object.entries(parameters)) {
    const v = topo.indexOf.get(id);
    if (v === undefined) throw notFound(api, "node", id, didYouMean(id, topo.ids).trim());
    if (p === null || typeof p !== "object") throw invalidArgument(api, id, "an object of node parameters", p);
    for (const [key, value] of Object.entries(p) as [keyof NodeParameters, number | undefined][]) {
      const range = RANGES[key];
      if (!range) throw invalidArgument(api, `${id}.${key}`, `one of ${Object.keys(RANGES).join(", ")}`, key);
      if (value === undefined) continue;
      if (typeof value !== "number" || !(value >= range[0] && value <= range[1]) || (key === "servers" && !Number.isInteger(value))) throw invalidArgument(api, `${id}.${key}`, range[2], value);
    }
    if (!s.isRequest[v]) throw invalidArgument(api, id, "a request-serving node (application, database, queue, storage, load_balancer)", `a ${topo.kind[v] === K.business_service ? "business_service" : "node that serves no requests"}`);
    if (p.servers !== undefined) s.servers[v] = p.servers;
    if (p.serviceMs !== undefined) s.serviceMs[v] = p.serviceMs;
    if (p.servers !== undefined || p.serviceMs !== undefined) s.capacity[v] = (s.servers[v] * 1000) / s.serviceMs[v];
    if (p.baseCpu !== undefined) s.baseCpu[v] = p.baseCpu;
    if (p.baseRam !== undefined) s.baseRam[v] = p.baseRam;
    if (p.latencyFloorMs !== undefined) s.latencyFloor[v] = p.latencyFloorMs;
  }
}

/** Parameters a graph carries in its nodes' `extra` (see PARAMETER_EXTRA_KEYS); nodes without any are left out. */
export function parametersFromGraph(store: GraphStore, topo: TwinTopology): Record<string, NodeParameters> {
  const out: Record<string, NodeParameters> = {};
  for (let v = 0; v < topo.n; v++) {
    const extra = (store.node(topo.ids[v]) as unknown as { extra?: Record<string, unknown> }).extra;
    if (!extra) continue;
    const p: NodeParameters = {};
    for (const [field, key] of Object.entries(PARAMETER_EXTRA_KEYS) as [keyof NodeParameters, string][]) if (extra[key] !== undefined) p[field] = Number(extra[key]);
    if (Object.keys(p).length > 0) out[topo.ids[v]] = p;
  }
  return out;
}

/** Applies a graph's stored parameters right after planned sizing (the twin's constructor; its quiet pass follows). */
export function applyGraphParameters(store: GraphStore, topo: TwinTopology, s: TwinState): void {
  const parameters = parametersFromGraph(store, topo);
  if (Object.keys(parameters).length > 0) writeParameters(topo, s, parameters, "createTwin: node extra");
}

/**
 * Sets per-node parameters on a twin before its first step, then redoes the quiet-hour pass that sets the latency
 * baselines status thresholds compare with (as the twin's constructor does), so a slower node is not "degraded"
 * merely for being slow. `api` names the caller in errors.
 */
export function setNodeParameters(twin: Twin, parameters: Readonly<Record<string, NodeParameters>>, options: { api?: string } = {}): void {
  const api = options.api ?? "setNodeParameters";
  if (twin.steps > 0) throw invalidArgument(api, "twin", "a twin that has not stepped yet (set parameters before run/step)", `a twin at step ${twin.steps}`);
  if (parameters === null || typeof parameters !== "object") throw invalidArgument(api, "parameters", "an object of node id → parameters", parameters);
  const topo = twin.topology;
  const s = twin.state;
  writeParameters(topo, s, parameters, api);
  // The constructor's quiet-hour pass, again with the new parameters.
  const factor = new Float64Array(topo.n);
  for (let v = 0; v < topo.n; v++) if (topo.kind[v] === K.business_service) factor[v] = 0.5 * (twin.options.load?.multiplier ?? 1);
  flowDemand(topo, s, factor);
  computeMetrics(topo, s, 0);
  s.baselineLatency.set(s.latency);
}

/** The parameters the twin runs with now, for every request-serving node (what `setNodeParameters` would reproduce); baseRam only where RAM is modelled. */
export function nodeParameters(twin: Twin): Record<string, NodeParameters> {
  const topo = twin.topology;
  const s = twin.state;
  const out: Record<string, NodeParameters> = {};
  for (let v = 0; v < topo.n; v++) {
    if (!s.isRequest[v]) continue;
    const p: NodeParameters = { serviceMs: s.serviceMs[v], servers: s.servers[v], baseCpu: s.baseCpu[v], latencyFloorMs: s.latencyFloor[v] };
    if (s.baseRam[v] === s.baseRam[v]) p.baseRam = s.baseRam[v];
    out[topo.ids[v]] = p;
  }
  return out;
}
