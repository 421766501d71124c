// The infrastructure graph's schema: node and edge kinds, their attributes (with units), the endpoint rules and the graph type.
import { DirectedGraph } from "graphology";

/** Every node kind, in code order (`KIND_CODES[kind]` is the position here). */
export const NODE_KINDS = [
  "router",
  "switch",
  "firewall",
  "load_balancer",
  "server",
  "vm",
  "database",
  "application",
  "queue",
  "storage",
  "business_service",
] as const;

/** One of `NODE_KINDS`. */
export type NodeKind = (typeof NODE_KINDS)[number];

/** Node kind → small integer, as stored in `GraphIndex.kind`. */
export const KIND_CODES: Readonly<Record<NodeKind, number>> = Object.freeze(
  Object.fromEntries(NODE_KINDS.map((k, i) => [k, i])) as Record<NodeKind, number>,
);

/** Kinds that forward packets; a `network` edge starts at one of them. */
export const NETWORK_DEVICE_KINDS: readonly NodeKind[] = ["router", "switch", "firewall", "load_balancer"];

/** Every edge kind, in code order (`EDGE_KIND_CODES[kind]` is the position here). */
export const EDGE_KINDS = ["hosts", "depends_on", "network", "replicates_to", "serves"] as const;

/** One of `EDGE_KINDS`. */
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** Edge kind → small integer. */
export const EDGE_KIND_CODES: Readonly<Record<EdgeKind, number>> = Object.freeze(
  Object.fromEntries(EDGE_KINDS.map((k, i) => [k, i])) as Record<EdgeKind, number>,
);

// The status vocabulary is shared by every layer (lib/status.ts); the graph re-exports it for its readers.
import { STATUSES, STATUS_CODES, type Status } from "../status";
export { STATUSES, STATUS_CODES, type Status };

/** Criticality tier: 1 is the most critical (a bank's payment rails), 4 the least. */
export type Tier = 1 | 2 | 3 | 4;

/** Capacity of a router, switch, firewall or load balancer. */
export type NetworkDeviceCapacity = {
  /** Forwarding bandwidth, megabits per second. */
  bandwidthMbps: number;
  /** Concurrent connections or sessions it can track (firewalls, load balancers). */
  maxConnections?: number;
};

/** Capacity of a physical server. */
export type ServerCapacity = {
  /** Physical CPU cores. */
  cores: number;
  /** Memory, gigabytes. */
  ramGb: number;
  /** Local disk I/O operations per second. */
  iops?: number;
  /** Network interface bandwidth, megabits per second. */
  bandwidthMbps?: number;
};

/** Capacity of a virtual machine. */
export type VmCapacity = {
  /** Virtual CPUs. */
  cores: number;
  /** Memory, gigabytes. */
  ramGb: number;
};

/** Capacity of a database instance. */
export type DatabaseCapacity = {
  /** CPU cores available to the database. */
  cores: number;
  /** Memory, gigabytes. */
  ramGb: number;
  /** Sustained I/O operations per second. */
  iops: number;
  /** Maximum concurrent client connections. */
  maxConnections?: number;
};

/** Capacity of an application node (one node may stand for several identical instances). */
export type ApplicationCapacity = {
  /** Identical instances this node stands for (1 when each instance is its own node). */
  instances: number;
  /** Requests per second the node serves at 100% utilisation. */
  maxRps: number;
  /** CPU cores reserved for it. */
  cores?: number;
  /** Memory reserved for it, gigabytes. */
  ramGb?: number;
};

/** Capacity of a message queue or broker. */
export type QueueCapacity = {
  /** Messages per second it can accept and deliver. */
  throughputRps: number;
  /** Messages it can hold before rejecting producers. */
  maxDepth?: number;
};

/** Capacity of a storage array. */
export type StorageCapacity = {
  /** I/O operations per second. */
  iops: number;
  /** Usable capacity, gigabytes. */
  capacityGb: number;
  /** Front-end bandwidth, megabits per second. */
  bandwidthMbps?: number;
};

/** The capacity type of each kind (business services have none). */
export type CapacityByKind = {
  router: NetworkDeviceCapacity;
  switch: NetworkDeviceCapacity;
  firewall: NetworkDeviceCapacity;
  load_balancer: NetworkDeviceCapacity;
  server: ServerCapacity;
  vm: VmCapacity;
  database: DatabaseCapacity;
  application: ApplicationCapacity;
  queue: QueueCapacity;
  storage: StorageCapacity;
};

/** Kinds that carry a `capacity` object. */
export type CapacityKind = keyof CapacityByKind;

/** Dynamic attributes: the current state, written by the twin every step (or by live telemetry). */
export type DynamicAttributes = {
  /** CPU utilisation, 0..1. */
  cpu: number;
  /** Memory utilisation, 0..1. */
  ram: number;
  /** Mean response or forwarding latency, milliseconds. */
  latency_ms: number;
  /** Share of requests failing, 0..1. */
  error_rate: number;
  /** Requests (or messages, or packets for network devices) handled, per second. */
  throughput: number;
  /** Operational status. */
  status: Status;
  /** Disk utilisation, 0..1 (optional: written by the twin). */
  disk?: number;
  /** Seconds a replica is behind its replication source (optional: written by the twin on replicas). */
  replication_lag_s?: number;
};

export { DYNAMIC_KEYS, DYNAMIC_RANGES, REQUIRED_DYNAMIC_KEYS, type DynamicKey } from "./dynamic-attributes";

/** Dynamic attributes of an idle, healthy node: no load yet, status up. */
export const IDLE_DYNAMIC: Readonly<DynamicAttributes> = Object.freeze({
  cpu: 0,
  ram: 0,
  latency_ms: 0,
  error_rate: 0,
  throughput: 0,
  status: "up",
});

/** A scalar kept from an import that the schema does not know (an unknown CMDB column). */
export type ExtraValue = string | number | boolean;

/** Static attributes every node has. */
export type CommonAttributes = {
  /** Human label. */
  name: string;
  /** Geographic region, e.g. "eu-west". */
  region?: string;
  /** Datacenter, e.g. "eu-west-dc1". */
  datacenter?: string;
  /** Criticality tier, 1 (most critical) to 4. */
  tier?: Tier;
  /** Nodes sharing a redundancy group are interchangeable: a dependent needs any one of them up. */
  redundancyGroup?: string;
  /** Owning team. */
  owner?: string;
  /** Free labels. */
  tags: string[];
  /** Attributes the schema does not know, kept from imports (e.g. unknown CMDB columns). */
  extra?: Record<string, ExtraValue>;
};

/** A router. */
export type RouterAttributes = CommonAttributes & DynamicAttributes & { kind: "router"; capacity: NetworkDeviceCapacity };
/** A network switch (top-of-rack, distribution or core). */
export type SwitchAttributes = CommonAttributes & DynamicAttributes & { kind: "switch"; capacity: NetworkDeviceCapacity };
/** A firewall. */
export type FirewallAttributes = CommonAttributes & DynamicAttributes & { kind: "firewall"; capacity: NetworkDeviceCapacity };
/** A load balancer. */
export type LoadBalancerAttributes = CommonAttributes & DynamicAttributes & { kind: "load_balancer"; capacity: NetworkDeviceCapacity };
/** A physical server (bare metal or hypervisor). */
export type ServerAttributes = CommonAttributes & DynamicAttributes & { kind: "server"; capacity: ServerCapacity };
/** A virtual machine. */
export type VmAttributes = CommonAttributes & DynamicAttributes & { kind: "vm"; capacity: VmCapacity };
/** A database instance. */
export type DatabaseAttributes = CommonAttributes & DynamicAttributes & { kind: "database"; capacity: DatabaseCapacity };
/** An application instance (or a pool of identical instances, see `capacity.instances`). */
export type ApplicationAttributes = CommonAttributes & DynamicAttributes & { kind: "application"; capacity: ApplicationCapacity };
/** A message queue or broker. */
export type QueueAttributes = CommonAttributes & DynamicAttributes & { kind: "queue"; capacity: QueueCapacity };
/** A storage array. */
export type StorageAttributes = CommonAttributes & DynamicAttributes & { kind: "storage"; capacity: StorageCapacity };
/** A business service (payments, online banking): what customers see. No capacity; a traffic hint instead. */
export type BusinessServiceAttributes = CommonAttributes &
  DynamicAttributes & {
    kind: "business_service";
    /** Criticality tier; always set on business services (default 3). */
    tier: Tier;
    /** Mean customer requests per second over a business day: a hint for traffic profiles. */
    baseRps: number;
  };

/** The attributes of a node: a union discriminated on `kind`. */
export type NodeAttributes =
  | RouterAttributes
  | SwitchAttributes
  | FirewallAttributes
  | LoadBalancerAttributes
  | ServerAttributes
  | VmAttributes
  | DatabaseAttributes
  | ApplicationAttributes
  | QueueAttributes
  | StorageAttributes
  | BusinessServiceAttributes;

/** The attributes of a node of kind K. */
export type NodeAttributesOf<K extends NodeKind> = Extract<NodeAttributes, { kind: K }>;

/** Attributes every edge may carry. */
export type EdgeCommon = {
  /** Attributes the schema does not know, kept from imports. */
  extra?: Record<string, ExtraValue>;
};

/** `hosts`: a server (or a VM, for nested virtualisation) runs a VM, application, database or queue. */
export type HostsEdgeAttributes = EdgeCommon & { kind: "hosts" };

/** `depends_on`: the source calls the target to serve its own requests. */
export type DependsOnEdgeAttributes = EdgeCommon & {
  kind: "depends_on";
  /** Requests sent to the target per request the source serves (default 1). */
  fanout: number;
  /** A failed critical dependency takes the source down; a failed non-critical one only degrades it (default true). */
  critical: boolean;
};

/** `network`: a physical link, stored from the side nearer the network core to the side nearer the hosts. */
export type NetworkEdgeAttributes = EdgeCommon & {
  kind: "network";
  /** Link bandwidth, megabits per second. */
  bandwidthMbps?: number;
};

/** `replicates_to`: primary → standby (database, queue, or any stateful pair). */
export type ReplicatesToEdgeAttributes = EdgeCommon & {
  kind: "replicates_to";
  /** Synchronous replication loses nothing on failover; asynchronous may (default "async"). */
  mode: "sync" | "async";
};

/** `serves`: an application provides (part of) a business service. */
export type ServesEdgeAttributes = EdgeCommon & {
  kind: "serves";
  /** A service is down when a critical serving application is down; a non-critical one only degrades it (default true). */
  critical: boolean;
};

/** The attributes of an edge: a union discriminated on `kind`. */
export type EdgeAttributes =
  | HostsEdgeAttributes
  | DependsOnEdgeAttributes
  | NetworkEdgeAttributes
  | ReplicatesToEdgeAttributes
  | ServesEdgeAttributes;

/** The attributes of an edge of kind K. */
export type EdgeAttributesOf<K extends EdgeKind> = Extract<EdgeAttributes, { kind: K }>;

/** Graph-level attributes: a name, a description, and any JSON-serialisable provenance. */
export type GraphAttributes = {
  name?: string;
  description?: string;
  [key: string]: unknown;
};

/** The infrastructure graph: a graphology DirectedGraph (no parallel edges, no self loops), generic over its attributes. */
export type InfraGraph<N extends NodeAttributes = NodeAttributes, E extends EdgeAttributes = EdgeAttributes> = DirectedGraph<
  N,
  E,
  GraphAttributes
>;

/** An empty infrastructure graph. Add to it with `addNode` and `addEdge`, which enforce the schema. */
export function createInfraGraph(attributes: GraphAttributes = {}): InfraGraph {
  const graph = new DirectedGraph<NodeAttributes, EdgeAttributes, GraphAttributes>({ allowSelfLoops: false });
  graph.replaceAttributes({ ...attributes });
  return graph;
}

// The capacity catalogue (fields, units, defaults) lives in capacity-fields.ts; re-exported so "./schema" stays the one import.
export { ALL_CAPACITY_FIELDS, CAPACITY_FIELDS, DEFAULT_CAPACITY, type CapacityField } from "./capacity-fields";

/** Default `baseRps` of a business service. */
export const DEFAULT_BASE_RPS = 50;

/** Default tier of a business service. */
export const DEFAULT_SERVICE_TIER: Tier = 3;

/** Which node kinds each edge kind may join. */
export type EdgeRule = {
  /** Allowed source kinds. */
  sources: readonly NodeKind[];
  /** Allowed target kinds for a given source kind. */
  targets(source: NodeKind): readonly NodeKind[];
  /** One line for error messages and docs. */
  describe: string;
};

const HOSTED: readonly NodeKind[] = ["vm", "application", "database", "queue"];
const DEPENDS_TARGETS: Partial<Record<NodeKind, readonly NodeKind[]>> = {
  application: ["database", "queue", "application", "storage"],
  database: ["storage"],
  queue: ["storage"],
};
const NETWORK_TARGETS: readonly NodeKind[] = [...NETWORK_DEVICE_KINDS, "server", "storage"];
const REPLICATED: readonly NodeKind[] = ["database", "queue", "storage", "application", "vm", "server"];

/** The endpoint rules of every edge kind. */
export const EDGE_RULES: Readonly<Record<EdgeKind, EdgeRule>> = {
  hosts: {
    sources: ["server", "vm"],
    targets: () => HOSTED,
    describe: "server or vm → vm, application, database or queue; each node has at most one host",
  },
  depends_on: {
    sources: ["application", "database", "queue"],
    targets: (source) => DEPENDS_TARGETS[source] ?? [],
    describe: "application → database, queue, application or storage; database or queue → storage",
  },
  network: {
    sources: NETWORK_DEVICE_KINDS,
    targets: () => NETWORK_TARGETS,
    describe: "network device → network device, server or storage, from the side nearer the core",
  },
  replicates_to: {
    sources: REPLICATED,
    targets: (source) => [source],
    describe: "primary → standby of the same kind (database, queue, storage, application, vm or server)",
  },
  serves: {
    sources: ["application"],
    targets: () => ["business_service"],
    describe: "application → business_service",
  },
};

/** English article + kind, for messages: "an application", "a server". */
export function aKind(kind: string): string {
  return (/^[aeiou]/.test(kind) ? "an " : "a ") + kind;
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return items.slice(0, -1).join(", ") + " or " + items[items.length - 1];
}

/** True when `value` is one of `NODE_KINDS`. */
export function isNodeKind(value: unknown): value is NodeKind {
  // Own keys only: "__proto__" or "constructor" must not pass as a kind through the prototype.
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(KIND_CODES, value);
}

/** True when `value` is one of `EDGE_KINDS`. */
export function isEdgeKind(value: unknown): value is EdgeKind {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(EDGE_KIND_CODES, value);
}

/** The key `addEdge` gives the edge from `source` to `target` (one edge per ordered pair). */
export function edgeKey(source: string, target: string): string {
  return `${source}->${target}`;
}
