// addNode and addEdge: the schema-enforcing way to grow an infrastructure graph one call at a time.
import { InvalidArgumentError, NotFoundError, invalidArgument, type Problem } from "../errors";
import { edgeLabel, endpointProblem, hostingCycle, normaliseEdge, normaliseNode, type EdgeInput, type NodeInput } from "./check";
import { edgeKey, type InfraGraph, type NodeAttributes } from "./schema";

/** What `addEdge` takes: the two endpoints and the edge's attributes (its kind at least). */
export type NewEdge = EdgeInput & { source: string; target: string };

function firstProblem(api: string, problems: Problem[]): InvalidArgumentError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""}: ${problems.slice(1).map((p) => p.message).join("; ")})` : "";
  return new InvalidArgumentError(`${api}: ${problems[0].message}${more}.`);
}

/**
 * Adds a node after checking it against the schema; fills in defaults (capacity, idle dynamic values, name = id).
 * Throws InvalidArgumentError naming the node and the bad value, e.g.
 * `addNode: unknown kind "sever" for node "srv-1"; expected one of router, switch, ...`.
 *
 * @example addNode(graph, "srv-1", { kind: "server", capacity: { cores: 32, ramGb: 256 }, datacenter: "dc1" })
 */
export function addNode(graph: InfraGraph, id: string, attributes: NodeInput): string {
  if (typeof id !== "string" || id === "") throw invalidArgument("addNode", "id", "a non-empty string", id);
  if (graph.hasNode(id)) throw new InvalidArgumentError(`addNode: node ${JSON.stringify(id)} already exists.`);
  const problems: Problem[] = [];
  const attrs = normaliseNode(attributes, { problems, who: () => `node ${JSON.stringify(id)}`, at: (f) => f }, id);
  if (attrs === undefined) throw firstProblem("addNode", problems);
  graph.addNode(id, attrs);
  return id;
}

/** The host of `id` (the source of its incoming hosts edge), if any. */
export function hostOf(graph: InfraGraph, id: string): string | undefined {
  const edge = graph.findInEdge(id, (_e, attrs) => attrs.kind === "hosts");
  return edge === undefined ? undefined : graph.source(edge);
}

/**
 * Adds an edge after checking its kind, its endpoints' kinds, duplicates, single hosting and hosting cycles.
 * `edge` holds the endpoints and the edge's attributes (at least its kind). Returns the edge key (`"source->target"`). Throws NotFoundError for a
 * dangling endpoint and InvalidArgumentError otherwise, e.g.
 * `addEdge: hosts edge "app-1" → "vm-2" must start at a server or a vm but "app-1" is an application.`
 *
 * @example addEdge(graph, { source: "app-1", target: "db-1", kind: "depends_on", fanout: 3 })
 */
export function addEdge(graph: InfraGraph, edge: NewEdge): string {
  if (edge === null || typeof edge !== "object") throw invalidArgument("addEdge", "edge", 'an object { source, target, kind, ... }', edge);
  const { source, target, ...attributes } = edge;
  if (typeof source !== "string" || source === "") throw invalidArgument("addEdge", "source", "a node id (non-empty string)", source);
  if (typeof target !== "string" || target === "") throw invalidArgument("addEdge", "target", "a node id (non-empty string)", target);
  const kindText = (attributes as { kind?: unknown }).kind;
  const label = `${typeof kindText === "string" ? kindText + " edge" : "edge"} ${edgeLabel(source, target)}`;
  if (!graph.hasNode(source)) throw new NotFoundError(`addEdge: source node ${JSON.stringify(source)} of ${label} not found.`);
  if (!graph.hasNode(target)) throw new NotFoundError(`addEdge: target node ${JSON.stringify(target)} of ${label} not found.`);
  const problems: Problem[] = [];
  const attrs = normaliseEdge(attributes as EdgeInput, { problems, who: () => `edge ${edgeLabel(source, target)}`, at: (f) => f });
  if (attrs === undefined) throw firstProblem("addEdge", problems);
  const sourceKind = graph.getNodeAttribute(source, "kind");
  const targetKind = graph.getNodeAttribute(target, "kind");
  const bad = endpointProblem(attrs.kind, source, sourceKind, target, targetKind);
  if (bad) throw new InvalidArgumentError(`addEdge: ${bad}.`);
  if (graph.hasDirectedEdge(source, target)) {
    const existing = graph.getDirectedEdgeAttributes(source, target).kind;
    throw new InvalidArgumentError(`addEdge: an edge ${edgeLabel(source, target)} already exists (${existing}); the graph keeps one edge per ordered pair.`);
  }
  if (attrs.kind === "network" && graph.hasDirectedEdge(target, source) && graph.getDirectedEdgeAttributes(target, source).kind === "network")
    throw new InvalidArgumentError(
      `addEdge: network edge ${edgeLabel(source, target)} duplicates the link ${edgeLabel(target, source)}; a link is stored once, from the side nearer the core.`,
    );
  if (attrs.kind === "hosts") {
    const current = hostOf(graph, target);
    if (current !== undefined)
      throw new InvalidArgumentError(
        `addEdge: ${JSON.stringify(target)} is already hosted by ${JSON.stringify(current)}; a node has at most one host (hosts edge ${edgeLabel(source, target)}).`,
      );
    const cycle = hostingCycle(source, target, (id) => hostOf(graph, id));
    if (cycle) throw new InvalidArgumentError(`addEdge: hosts edge ${edgeLabel(source, target)} would close a hosting cycle: ${cycle.map((c) => JSON.stringify(c)).join(" hosts ")}.`);
  }
  let key = edgeKey(source, target);
  for (let n = 2; graph.hasEdge(key); n++) key = `${edgeKey(source, target)}#${n}`;
  graph.addDirectedEdgeWithKey(key, source, target, attrs);
  return key;
}

/** Reads a node's attributes, typed by kind; throws NotFoundError naming the call when the node is missing. */
export function nodeAttributes(graph: InfraGraph, id: string): NodeAttributes {
  if (!graph.hasNode(id)) throw new NotFoundError(`nodeAttributes: node ${JSON.stringify(id)} not found.`);
  return graph.getNodeAttributes(id);
}
