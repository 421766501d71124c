// Keeps a graph's node attributes equal to the twin's current step: live accessors on graphology, column writes elsewhere.
import type Graph from "graphology";
import { STATUSES, type GraphStore, type Status } from "../graph";
import type { TwinState } from "./state";
import type { TwinTopology } from "./topology";

/** The twin's state column behind each numeric dynamic attribute of the graph (status is handled apart: it is a name). */
export function dynamicColumns(s: TwinState): Record<"cpu" | "ram" | "disk" | "latency_ms" | "error_rate" | "throughput" | "replication_lag_s", Float64Array> {
  return { cpu: s.cpu, ram: s.ram, disk: s.disk, latency_ms: s.latency, error_rate: s.errorRate, throughput: s.throughput, replication_lag_s: s.replicationLag };
}

/**
 * Makes graphology's node attributes read the twin's current values: every dynamic attribute becomes a live accessor
 * on the attribute object graphology holds, so it is current after every step at no cost per step. Writing one pokes
 * the twin's state (the next step overwrites it).
 */
export function installLiveAttributes(graph: Graph, topology: TwinTopology, s: TwinState): void {
  const live = Object.entries(dynamicColumns(s));
  topology.ids.forEach((id, v) => {
    const attributes = graph.getNodeAttributes(id) as Record<string, unknown>;
    for (const [name, column] of live)
      Object.defineProperty(attributes, name, {
        configurable: true,
        enumerable: true,
        get: () => column[v],
        set: (x: number) => {
          column[v] = x;
        },
      });
    Object.defineProperty(attributes, "status", {
      configurable: true,
      enumerable: true,
      get: () => STATUSES[s.status[v]],
      set: (x: Status) => {
        const code = STATUSES.indexOf(x);
        if (code >= 0) s.status[v] = code;
      },
    });
  });
}

/** Another backend: writes the columns through the store (the per-step path for stores without live objects). */
export function writeDynamicColumns(store: GraphStore, s: TwinState): void {
  store.writeDynamic({ ...dynamicColumns(s), status: s.status });
}
