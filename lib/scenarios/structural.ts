// Structural fixes applied to the graph before a run: add_replica gives a node a standby (a database) or a sibling instance (an application).
import { addEdge, addNode, type InfraGraph } from "../graph";
import { invalidArgument } from "../errors";

/** Adds a replica of `node` on another server and returns a sentence saying what was done. */
export function addReplica(graph: InfraGraph, node: string): string {
  const api = "addReplica";
  if (!graph.hasNode(node)) throw invalidArgument(api, "node", "a node id of the topology", node);
  const attrs = graph.getNodeAttributes(node) as Record<string, unknown>;
  const kind = attrs.kind;
  if (kind !== "database" && kind !== "application" && kind !== "queue")
    throw invalidArgument(api, `node "${node}"`, "a database, application or queue (the kinds that can have replicas)", kind);
  let id = `${node}-replica`;
  for (let k = 2; graph.hasNode(id); k++) id = `${node}-replica${k}`;
  const hostOf = (n: string) => graph.inNeighbors(n).find((h) => graph.getEdgeAttribute(graph.edge(h, n)!, "kind") === "hosts");
  const currentHost = hostOf(node);
  // Another server, the least loaded in hosted nodes, in the same datacenter when possible.
  const servers = graph.filterNodes((n, a) => (a.kind === "server" || a.kind === "vm") && n !== currentHost);
  const dc = attrs.datacenter;
  servers.sort((a, b) => {
    const sameA = graph.getNodeAttribute(a, "datacenter") === dc ? 0 : 1;
    const sameB = graph.getNodeAttribute(b, "datacenter") === dc ? 0 : 1;
    return sameA - sameB || graph.outDegree(a) - graph.outDegree(b) || (a < b ? -1 : 1);
  });
  const group = typeof attrs.redundancyGroup === "string" && attrs.redundancyGroup !== "" ? attrs.redundancyGroup : `${node}-group`;
  if (attrs.redundancyGroup !== group) graph.mergeNodeAttributes(node, { redundancyGroup: group } as never);
  const copy: Record<string, unknown> = { ...attrs, name: `${String(attrs.name ?? node)} (replica)`, redundancyGroup: group };
  for (const dynamic of ["cpu", "ram", "disk", "latency_ms", "error_rate", "throughput", "status", "replication_lag_s"]) delete copy[dynamic];
  addNode(graph, id, copy as never);
  if (servers.length > 0) addEdge(graph, { source: servers[0], target: id, kind: "hosts" });
  if (kind === "database") {
    addEdge(graph, { source: node, target: id, kind: "replicates_to" });
  } else {
    for (const target of graph.outNeighbors(node)) {
      const edgeKind = graph.getEdgeAttribute(graph.edge(node, target)!, "kind");
      if (edgeKind === "depends_on" || edgeKind === "serves") addEdge(graph, { ...(graph.getEdgeAttributes(graph.edge(node, target)!) as object), source: id, target } as never);
    }
  }
  return `add_replica: ${id} added as a ${kind === "database" ? "standby of" : "sibling instance of"} ${node}${servers.length > 0 ? ` on ${servers[0]}` : ""}`;
}
