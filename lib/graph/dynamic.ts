// Moving dynamic attributes (DYNAMIC_KEYS: cpu, ram, disk, latency, errors, throughput, status, replication lag) between typed arrays and graphology node attributes.
import { UsageError, invalidArgument } from "../errors";
import type { GraphIndex } from "./indexing";
import { DYNAMIC_KEYS, STATUS_CODES, STATUSES, type InfraGraph, type Status } from "./schema";

/**
 * Dynamic state as columns in node-number order (see `GraphIndex`). Every column is optional:
 * `syncDynamic` writes only those given. `status` holds STATUS_CODES (0 up, 1 degraded, 2 down).
 */
export type DynamicColumns = {
  /** CPU utilisation, 0..1. */
  cpu?: ArrayLike<number>;
  /** Memory utilisation, 0..1. */
  ram?: ArrayLike<number>;
  /** Disk utilisation, 0..1. */
  disk?: ArrayLike<number>;
  /** Latency, milliseconds. */
  latency_ms?: ArrayLike<number>;
  /** Error rate, 0..1. */
  error_rate?: ArrayLike<number>;
  /** Throughput, requests per second. */
  throughput?: ArrayLike<number>;
  /** Status codes (STATUS_CODES). */
  status?: ArrayLike<number>;
  /** Replication lag, seconds. */
  replication_lag_s?: ArrayLike<number>;
};

/** Options of `syncDynamic`. */
export type SyncDynamicOptions = {
  /** Node numbers to write (default: all nodes). */
  nodes?: ArrayLike<number>;
};

function checkFresh(api: string, graph: InfraGraph, index: GraphIndex): void {
  if (index.n !== graph.order)
    throw new UsageError(`${api}: the index is stale (built for ${index.n} nodes, the graph has ${graph.order}); rebuild it with indexGraph(graph).`);
}

/**
 * Writes dynamic columns into the graph's node attributes, in place and without per-node events
 * (the twin calls this after each step; readers then see the current step). Checks column lengths and status codes.
 *
 * @example syncDynamic(graph, indexGraph(graph), { cpu: cpuColumn, status: statusCodes })
 */
export function syncDynamic(graph: InfraGraph, index: GraphIndex, columns: DynamicColumns, options: SyncDynamicOptions = {}): void {
  checkFresh("syncDynamic", graph, index);
  const given: Array<[string, ArrayLike<number>]> = [];
  for (const key of DYNAMIC_KEYS) {
    const column = columns[key];
    if (column === undefined) continue;
    if (typeof column !== "object" || column === null || typeof column.length !== "number" || column.length < index.n)
      throw invalidArgument("syncDynamic", `columns.${key}`, `an array-like of at least ${index.n} numbers (one per node)`, column);
    given.push([key, column]);
  }
  const status = columns.status;
  const count = options.nodes ? options.nodes.length : index.n;
  for (let j = 0; j < count; j++) {
    const i = options.nodes ? options.nodes[j] : j;
    if (!(i >= 0 && i < index.n)) throw invalidArgument("syncDynamic", `options.nodes[${j}]`, `a node number in [0, ${index.n - 1}]`, i);
    // getNodeAttributes returns graphology's own attribute object: writing to it is the cheapest update.
    const attrs = graph.getNodeAttributes(index.ids[i]) as unknown as Record<string, unknown>;
    for (let k = 0; k < given.length; k++) {
      const [key, column] = given[k];
      if (column === status) {
        const code = column[i];
        const name = STATUSES[code];
        if (name === undefined) throw invalidArgument("syncDynamic", `columns.status[${i}] (node ${JSON.stringify(index.ids[i])})`, "0 (up), 1 (degraded) or 2 (down)", code);
        attrs.status = name;
      } else {
        attrs[key] = column[i];
      }
    }
  }
}

/** Reads the graph's dynamic attributes into fresh columns in node-number order (status as STATUS_CODES; an absent optional attribute reads NaN). */
export function readDynamic(graph: InfraGraph, index: GraphIndex): Required<{ [K in keyof DynamicColumns]: K extends "status" ? Uint8Array : Float64Array }> {
  checkFresh("readDynamic", graph, index);
  const n = index.n;
  const out = {
    cpu: new Float64Array(n),
    ram: new Float64Array(n),
    latency_ms: new Float64Array(n),
    error_rate: new Float64Array(n),
    throughput: new Float64Array(n),
    status: new Uint8Array(n),
    disk: new Float64Array(n),
    replication_lag_s: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const a = graph.getNodeAttributes(index.ids[i]);
    out.cpu[i] = a.cpu;
    out.ram[i] = a.ram;
    out.latency_ms[i] = a.latency_ms;
    out.error_rate[i] = a.error_rate;
    out.throughput[i] = a.throughput;
    out.status[i] = STATUS_CODES[a.status as Status];
    out.disk[i] = a.disk ?? NaN;
    out.replication_lag_s[i] = a.replication_lag_s ?? NaN;
  }
  return out;
}
