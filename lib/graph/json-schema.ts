// topologyJsonSchema: the JSON Schema of topology documents, generated from the same tables the validator uses (for editors).
import { CAPACITY_FIELDS, DEFAULT_BASE_RPS, DEFAULT_CAPACITY, DEFAULT_SERVICE_TIER, EDGE_KINDS, EDGE_RULES, NODE_KINDS, STATUSES, type CapacityKind } from "./schema";
import { TOPOLOGY_FORMAT, TOPOLOGY_VERSION } from "./spec";

const UNIT = { type: "number", minimum: 0, maximum: 1 };
const NON_NEGATIVE = { type: "number", minimum: 0 };
const SCALARS = { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } };

function capacityDef(kind: CapacityKind): Record<string, unknown> {
  const defaults = DEFAULT_CAPACITY[kind] as Readonly<Record<string, number | undefined>>;
  const properties: Record<string, unknown> = {};
  for (const f of CAPACITY_FIELDS[kind]) {
    const d = defaults[f.name];
    properties[f.name] = {
      type: f.integer ? "integer" : "number",
      minimum: 0,
      description: `${f.doc}, ${f.unit}.${d !== undefined ? ` Default ${d}.` : ""}`,
    };
  }
  return { type: "object", additionalProperties: false, description: `Capacity of ${kind === "vm" ? "a vm" : `a ${kind}`}.`, properties };
}

/**
 * The JSON Schema (draft 2020-12) of a topology document: what `fromSpec` accepts and `toTopologyJSON` writes.
 * `datasets/schemas/topology.schema.json` is this, written by `infratwin dataset schema`. The schema checks
 * shapes, kinds and ranges; endpoint rules, duplicates and hosting cycles are checked by `fromSpec` only.
 */
export function topologyJsonSchema(): Record<string, unknown> {
  const capacityKinds = NODE_KINDS.filter((k) => k !== "business_service") as CapacityKind[];
  const defs: Record<string, unknown> = {};
  for (const kind of capacityKinds) defs[`capacity_${kind}`] = capacityDef(kind);
  const kindRules = [
    ...capacityKinds.map((kind) => ({
      if: { properties: { kind: { const: kind } }, required: ["kind"] },
      then: { properties: { capacity: { $ref: `#/$defs/capacity_${kind}` } }, not: { required: ["baseRps"] } },
    })),
    {
      if: { properties: { kind: { const: "business_service" } }, required: ["kind"] },
      then: { not: { required: ["capacity"] } },
    },
  ];
  defs.node = {
    type: "object",
    required: ["id", "kind"],
    additionalProperties: false,
    properties: {
      id: { type: "string", minLength: 1, description: "Unique node id." },
      kind: { enum: [...NODE_KINDS] },
      name: { type: "string", minLength: 1, description: "Human label (default: the id)." },
      region: { type: "string", minLength: 1 },
      datacenter: { type: "string", minLength: 1 },
      tier: { enum: [1, 2, 3, 4], description: `Criticality, 1 is the most critical (business services default to ${DEFAULT_SERVICE_TIER}).` },
      redundancyGroup: { type: "string", minLength: 1, description: "Nodes sharing a group are interchangeable: a dependent needs any one of them up." },
      owner: { type: "string", minLength: 1 },
      tags: { type: "array", items: { type: "string" } },
      capacity: { type: "object", description: "Per-kind capacity; missing required fields take the kind's defaults." },
      baseRps: { ...NON_NEGATIVE, description: `Business services only: mean customer requests per second (default ${DEFAULT_BASE_RPS}).` },
      extra: { ...SCALARS, description: "Attributes the schema does not know (e.g. CMDB columns)." },
      cpu: { ...UNIT, description: "CPU utilisation, 0..1." },
      ram: { ...UNIT, description: "Memory utilisation, 0..1." },
      latency_ms: { ...NON_NEGATIVE, description: "Latency, milliseconds." },
      error_rate: { ...UNIT, description: "Share of requests failing, 0..1." },
      throughput: { ...NON_NEGATIVE, description: "Requests per second." },
      status: { enum: [...STATUSES] },
      disk: { ...UNIT, description: "Disk utilisation, 0..1 (written by the twin)." },
      replication_lag_s: { ...NON_NEGATIVE, description: "Seconds a replica is behind its source (written by the twin)." },
    },
    allOf: kindRules,
  };
  defs.edge = {
    type: "object",
    required: ["source", "target", "kind"],
    additionalProperties: false,
    properties: {
      source: { type: "string", minLength: 1 },
      target: { type: "string", minLength: 1 },
      kind: { enum: [...EDGE_KINDS], description: EDGE_KINDS.map((k) => `${k}: ${EDGE_RULES[k].describe}`).join("; ") + "." },
      fanout: { type: "number", exclusiveMinimum: 0, description: "depends_on only: requests to the target per request of the source (default 1)." },
      critical: { type: "boolean", description: "depends_on and serves only: a failed critical dependency takes the source down, a non-critical one degrades it (default true)." },
      bandwidthMbps: { ...NON_NEGATIVE, description: "network only: link bandwidth, Mbit/s." },
      mode: { enum: ["sync", "async"], description: 'replicates_to only (default "async").' },
      extra: SCALARS,
    },
    allOf: [
      { if: { not: { properties: { kind: { const: "depends_on" } } } }, then: { not: { required: ["fanout"] } } },
      { if: { not: { properties: { kind: { enum: ["depends_on", "serves"] } } } }, then: { not: { required: ["critical"] } } },
      { if: { not: { properties: { kind: { const: "network" } } } }, then: { not: { required: ["bandwidthMbps"] } } },
      { if: { not: { properties: { kind: { const: "replicates_to" } } } }, then: { not: { required: ["mode"] } } },
    ],
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "infratwin topology",
    description: "A bank infrastructure topology for infratwin: nodes (typed by kind, with capacity and state) and edges (hosts, depends_on, network, replicates_to, serves). Generated from lib/graph; regenerate with `infratwin dataset schema --out datasets/schemas/topology.schema.json`.",
    type: "object",
    required: ["nodes"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      format: { const: TOPOLOGY_FORMAT },
      version: { const: TOPOLOGY_VERSION },
      name: { type: "string" },
      description: { type: "string" },
      attributes: { type: "object", description: "Other graph attributes (provenance, generator options)." },
      nodes: { type: "array", items: { $ref: "#/$defs/node" } },
      edges: { type: "array", items: { $ref: "#/$defs/edge" } },
    },
    $defs: defs,
  };
}
