// fromSpec: builds a graph from the declarative JSON topology document (the same format the JSON export writes).
import { MAX_JSON_DEPTH, tooDeepAt } from "../json-guard";
import { ValidationError, describeValue, type Problem } from "../errors";
import { assembleGraph } from "./assemble";
import { suggest, type EdgeInput, type NodeInput } from "./check";
import type { GraphAttributes, InfraGraph } from "./schema";

/** The `format` marker of a topology document. */
export const TOPOLOGY_FORMAT = "infratwin-topology";

/** The current version of the topology document format. */
export const TOPOLOGY_VERSION = 1;

/** A node in a topology document: its id and its attributes (see `NodeInput`). */
export type NodeSpec = { id: string } & NodeInput;

/** An edge in a topology document: its endpoints and its attributes (see `EdgeInput`). */
export type EdgeSpec = { source: string; target: string } & EdgeInput;

/**
 * A declarative topology: what `fromSpec` reads, `toTopologyJSON` writes and
 * `datasets/schemas/topology.schema.json` describes for editors.
 */
export type TopologyDocument = {
  /** Where editors find the JSON Schema (ignored by fromSpec). */
  $schema?: string;
  format?: typeof TOPOLOGY_FORMAT;
  version?: typeof TOPOLOGY_VERSION;
  name?: string;
  description?: string;
  /** Any other graph-level attributes (provenance, generator options), JSON values. */
  attributes?: Record<string, unknown>;
  nodes: NodeSpec[];
  edges?: EdgeSpec[];
};

const TOP_FIELDS = ["$schema", "format", "version", "name", "description", "attributes", "nodes", "edges"];

function pathOf(base: string, field: string): string {
  if (field === "") return base;
  return base + field.split(".").map((part) => (/^[A-Za-z_$][\w$]*(\[\d+\])?$/.test(part) ? "." + part : `[${JSON.stringify(part)}]`)).join("");
}

/**
 * Builds a validated graph from a topology document. Every problem is reported at once in a
 * ValidationError whose `problems` carry JSON paths (`$.nodes[3].capacity.cores`).
 *
 * @example fromSpec({ nodes: [{ id: "srv-1", kind: "server" }, { id: "vm-1", kind: "vm" }], edges: [{ source: "srv-1", target: "vm-1", kind: "hosts" }] })
 */
export function fromSpec(spec: TopologyDocument | unknown, options: { api?: string; what?: string } = {}): InfraGraph {
  const api = options.api ?? "fromSpec";
  const what = options.what ?? "topology spec";
  const problems: Problem[] = [];
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    problems.push({ path: "$", message: `a topology spec must be an object with a nodes array but found ${describeValue(spec)}`, value: spec });
    throw new ValidationError(api, problems, what);
  }
  // Attributes nested thousands deep would overflow the stack in structuredClone and the exports: refused here, with the path.
  const deep = tooDeepAt(spec);
  if (deep !== undefined) throw new ValidationError(api, [{ path: deep, message: `the topology nests deeper than ${MAX_JSON_DEPTH} levels`, value: undefined }], what);
  const doc = spec as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!TOP_FIELDS.includes(key)) {
      const hint = suggest(key, TOP_FIELDS);
      problems.push({ path: pathOf("$", key), message: `unknown field ${JSON.stringify(key)}; ${hint ? `did you mean ${JSON.stringify(hint)}?` : `expected one of ${TOP_FIELDS.join(", ")}`}` });
    }
  }
  if (doc.format !== undefined && doc.format !== TOPOLOGY_FORMAT)
    problems.push({ path: "$.format", message: `format must be ${JSON.stringify(TOPOLOGY_FORMAT)} but found ${describeValue(doc.format)}`, value: doc.format });
  if (doc.version !== undefined && doc.version !== TOPOLOGY_VERSION)
    problems.push({ path: "$.version", message: `version must be ${TOPOLOGY_VERSION} but found ${describeValue(doc.version)}`, value: doc.version });
  const graphAttributes: GraphAttributes = {};
  for (const key of ["name", "description"] as const) {
    const v = doc[key];
    if (v === undefined) continue;
    if (typeof v === "string") graphAttributes[key] = v;
    else problems.push({ path: `$.${key}`, message: `${key} must be a string but found ${describeValue(v)}`, value: v });
  }
  if (doc.attributes !== undefined) {
    if (typeof doc.attributes !== "object" || doc.attributes === null || Array.isArray(doc.attributes))
      problems.push({ path: "$.attributes", message: `attributes must be an object but found ${describeValue(doc.attributes)}`, value: doc.attributes });
    else Object.assign(graphAttributes, structuredClone(doc.attributes));
  }

  const nodeList: Record<string, unknown>[] = [];
  const nodeAt: number[] = []; // position in nodeList → index in $.nodes
  if (!Array.isArray(doc.nodes)) {
    problems.push({ path: "$.nodes", message: `nodes must be an array but found ${describeValue(doc.nodes)}`, value: doc.nodes });
  } else {
    const list = doc.nodes as unknown[];
    for (let i = 0; i < list.length; i++) {
      const n = list[i];
      if (typeof n !== "object" || n === null || Array.isArray(n)) {
        problems.push({ path: `$.nodes[${i}]`, message: `a node must be an object with id and kind but found ${describeValue(n)}`, value: n });
        continue;
      }
      nodeList.push(n as Record<string, unknown>);
      nodeAt.push(i);
    }
  }
  const edgeList: Record<string, unknown>[] = [];
  const edgeAt: number[] = [];
  if (doc.edges !== undefined && !Array.isArray(doc.edges)) {
    problems.push({ path: "$.edges", message: `edges must be an array but found ${describeValue(doc.edges)}`, value: doc.edges });
  } else if (Array.isArray(doc.edges)) {
    const list = doc.edges as unknown[];
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (typeof e !== "object" || e === null || Array.isArray(e)) {
        problems.push({ path: `$.edges[${i}]`, message: `an edge must be an object with source, target and kind but found ${describeValue(e)}`, value: e });
        continue;
      }
      edgeList.push(e as Record<string, unknown>);
      edgeAt.push(i);
    }
  }
  // Each node or edge object is its own attribute bag: "id", "source" and "target" are known fields the checks skip.
  const nodes = {
    count: nodeList.length,
    id: (i: number) => nodeList[i].id,
    attributes: (i: number) => nodeList[i],
    at: (i: number, field: string) => pathOf(`$.nodes[${nodeAt[i]}]`, field),
    nameInMessages: true,
  };
  const edges = {
    count: edgeList.length,
    source: (i: number) => edgeList[i].source,
    target: (i: number) => edgeList[i].target,
    attributes: (i: number) => edgeList[i],
    at: (i: number, field: string) => pathOf(`$.edges[${edgeAt[i]}]`, field),
  };
  return assembleGraph(api, what, nodes, edges, graphAttributes, problems);
}
