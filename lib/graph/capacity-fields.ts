// The capacity catalogue: every capacity field of every node kind with its unit and meaning, and the defaults filled in for missing ones.
import type { CapacityByKind, CapacityKind } from "./schema";

/** One capacity field's contract: used by validation, the JSON Schema, CSV import and the exports. */
export type CapacityField = {
  name: string;
  /** Filled with the kind's default when missing. */
  required: boolean;
  integer: boolean;
  unit: string;
  doc: string;
};

function field(name: string, required: boolean, integer: boolean, unit: string, doc: string): CapacityField {
  return { name, required, integer, unit, doc };
}

const NETWORK_FIELDS = [
  field("bandwidthMbps", true, false, "Mbit/s", "Forwarding bandwidth"),
  field("maxConnections", false, true, "connections", "Concurrent connections or sessions"),
];

/** The capacity fields of each kind, in a fixed order. */
export const CAPACITY_FIELDS: Readonly<Record<CapacityKind, readonly CapacityField[]>> = {
  router: NETWORK_FIELDS,
  switch: NETWORK_FIELDS,
  firewall: NETWORK_FIELDS,
  load_balancer: NETWORK_FIELDS,
  server: [
    field("cores", true, true, "cores", "Physical CPU cores"),
    field("ramGb", true, false, "GB", "Memory"),
    field("iops", false, false, "IO/s", "Local disk I/O operations per second"),
    field("bandwidthMbps", false, false, "Mbit/s", "Network interface bandwidth"),
  ],
  vm: [field("cores", true, true, "vCPUs", "Virtual CPUs"), field("ramGb", true, false, "GB", "Memory")],
  database: [
    field("cores", true, true, "cores", "CPU cores"),
    field("ramGb", true, false, "GB", "Memory"),
    field("iops", true, false, "IO/s", "Sustained I/O operations per second"),
    field("maxConnections", false, true, "connections", "Maximum client connections"),
  ],
  application: [
    field("instances", true, true, "instances", "Identical instances this node stands for"),
    field("maxRps", true, false, "req/s", "Requests per second at 100% utilisation"),
    field("cores", false, true, "cores", "CPU cores reserved"),
    field("ramGb", false, false, "GB", "Memory reserved"),
  ],
  queue: [
    field("throughputRps", true, false, "msg/s", "Messages per second"),
    field("maxDepth", false, true, "messages", "Messages held before producers are rejected"),
  ],
  storage: [
    field("iops", true, false, "IO/s", "I/O operations per second"),
    field("capacityGb", true, false, "GB", "Usable capacity"),
    field("bandwidthMbps", false, false, "Mbit/s", "Front-end bandwidth"),
  ],
};

/** Every capacity field name across kinds, in a fixed order (columns of the index and of the exports). */
export const ALL_CAPACITY_FIELDS: readonly string[] = [
  "cores",
  "ramGb",
  "iops",
  "bandwidthMbps",
  "maxConnections",
  "throughputRps",
  "maxDepth",
  "capacityGb",
  "instances",
  "maxRps",
];

/** Values filled in for required capacity fields that an input leaves out (typical mid-range hardware). */
export const DEFAULT_CAPACITY: Readonly<{ [K in CapacityKind]: Readonly<CapacityByKind[K]> }> = {
  router: { bandwidthMbps: 40000 },
  switch: { bandwidthMbps: 25000 },
  firewall: { bandwidthMbps: 10000, maxConnections: 1000000 },
  load_balancer: { bandwidthMbps: 10000, maxConnections: 500000 },
  server: { cores: 32, ramGb: 256 },
  vm: { cores: 4, ramGb: 16 },
  database: { cores: 16, ramGb: 128, iops: 20000 },
  application: { instances: 1, maxRps: 500 },
  queue: { throughputRps: 5000 },
  storage: { iops: 100000, capacityGb: 50000 },
};
