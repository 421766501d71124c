// validateGraph: checks a graph built by any means (raw graphology calls included) against the schema, in linear time.
import { ValidationError, type Problem } from "../errors";
import { edgeLabel, endpointProblem, normaliseEdge, normaliseNode } from "./check";
import { CAPACITY_FIELDS, isNodeKind, REQUIRED_DYNAMIC_KEYS, type CapacityKind, type InfraGraph } from "./schema";

function at(base: string, field: string): string {
  return field === "" ? base : `${base}.${field}`;
}

/**
 * Every schema problem in the graph: node attributes, edge kinds and endpoints, one host per node, no hosting
 * cycles, no link stored in both directions. Paths look like `$.nodes["srv-1"].capacity.cores`. Returns [] when valid.
 */
export function validateGraph(graph: InfraGraph): Problem[] {
  const problems: Problem[] = [];
  if (graph.type !== "directed" || graph.multi)
    problems.push({ path: "$", message: `the graph must be a simple DirectedGraph (createInfraGraph) but it is ${graph.multi ? "a multi" : "a"} ${graph.type} graph` });
  graph.forEachNode((id, attrs) => {
    const base = `$.nodes[${JSON.stringify(id)}]`;
    const ctx = { problems, who: () => `node ${JSON.stringify(id)}`, at: (f: string) => at(base, f) };
    const normal = normaliseNode(attrs, ctx, id);
    if (normal === undefined) return;
    if (attrs.kind === "business_service") {
      if (attrs.baseRps === undefined) problems.push({ path: at(base, "baseRps"), message: `baseRps of node ${JSON.stringify(id)} is missing` });
      if (attrs.tier === undefined) problems.push({ path: at(base, "tier"), message: `tier of business service ${JSON.stringify(id)} is missing` });
    } else {
      const given = (attrs.capacity ?? {}) as Record<string, unknown>;
      for (const f of CAPACITY_FIELDS[attrs.kind as CapacityKind])
        if (f.required && given[f.name] === undefined)
          problems.push({ path: at(base, `capacity.${f.name}`), message: `capacity.${f.name} of node ${JSON.stringify(id)} is missing` });
    }
    for (const key of ["tags", ...REQUIRED_DYNAMIC_KEYS] as const)
      if ((attrs as Record<string, unknown>)[key] === undefined) problems.push({ path: at(base, key), message: `${key} of node ${JSON.stringify(id)} is missing` });
  });
  const hostOf = new Map<string, string>();
  graph.forEachEdge((key, attrs, source, target, sourceAttrs, targetAttrs) => {
    const base = `$.edges[${JSON.stringify(key)}]`;
    const normal = normaliseEdge(attrs, { problems, who: () => `edge ${edgeLabel(source, target)}`, at: (f) => at(base, f) });
    if (normal === undefined) return;
    // An endpoint whose own kind is bad was reported with the node; judging its edges too would only add noise.
    const bad = isNodeKind(sourceAttrs.kind) && isNodeKind(targetAttrs.kind) ? endpointProblem(normal.kind, source, sourceAttrs.kind, target, targetAttrs.kind) : undefined;
    if (bad) problems.push({ path: at(base, "kind"), message: bad, value: normal.kind });
    if (normal.kind === "network" && source < target && graph.hasDirectedEdge(target, source) && graph.getDirectedEdgeAttributes(target, source).kind === "network")
      problems.push({ path: base, message: `network link ${edgeLabel(source, target)} is stored in both directions; store it once, from the side nearer the core` });
    if (normal.kind === "hosts") {
      const previous = hostOf.get(target);
      if (previous !== undefined)
        problems.push({ path: base, message: `${JSON.stringify(target)} is hosted by both ${JSON.stringify(previous)} and ${JSON.stringify(source)}; a node has at most one host` });
      else hostOf.set(target, source);
    }
  });
  const state = new Map<string, 1 | 2>();
  for (const start of hostOf.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let cursor: string | undefined = start;
    while (cursor !== undefined && !state.has(cursor)) {
      state.set(cursor, 1);
      path.push(cursor);
      cursor = hostOf.get(cursor);
    }
    if (cursor !== undefined && state.get(cursor) === 1) {
      const order = path.slice(path.indexOf(cursor)).reverse();
      problems.push({ path: "$.edges", message: `hosts edges form a cycle: ${[...order, order[0]].map((c) => JSON.stringify(c)).join(" hosts ")}`, value: order });
    }
    for (const id of path) state.set(id, 2);
  }
  return problems;
}

/** Throws ValidationError("validateGraph", problems, "graph") when `validateGraph` finds anything. */
export function assertValidGraph(graph: InfraGraph): void {
  const problems = validateGraph(graph);
  if (problems.length > 0) throw new ValidationError("validateGraph", problems, "graph");
}
