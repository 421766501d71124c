// Checks a whole batch of nodes and edges (every problem at once, each with its location) and builds the graph from it.
import { ValidationError, describeValue, type Problem } from "../errors";
import { edgeLabel, endpointProblem, isNormalEdge, isNormalNode, normaliseEdge, normaliseNode, type CheckContext } from "./check";
import { createInfraGraph, edgeKey, type EdgeAttributes, type GraphAttributes, type InfraGraph, type NodeKind } from "./schema";

/** The nodes of a document, read by position (no per-node wrapper objects: 100,000-node documents stay cheap). */
export type NodeBatch = {
  count: number;
  id(i: number): unknown;
  /** The attribute bag; an "id" key in it is ignored. */
  attributes(i: number): unknown;
  /** Location of a field of node i (`$.nodes[3].kind`, `nodes.csv line 7`); "" is the node itself. */
  at(i: number, field: string): string;
  /** Cells as written, shown in messages instead of parsed values. */
  raw?(i: number): Readonly<Record<string, string>> | undefined;
  /** Name the node in messages (false when the location already identifies it, as a CSV line does). */
  nameInMessages: boolean;
  /** Trusted builders (bankTopology) pass attributes already in normal form: checked, then used without a copy. */
  adopt?: boolean;
};

/** The edges of a document, read by position; the attribute bag may also hold "source" and "target". */
export type EdgeBatch = {
  count: number;
  source(i: number): unknown;
  target(i: number): unknown;
  attributes(i: number): unknown;
  at(i: number, field: string): string;
  raw?(i: number): Readonly<Record<string, string>> | undefined;
  /** See NodeBatch.adopt. */
  adopt?: boolean;
};

/**
 * Validates every node and edge, collecting all problems, and builds the graph as it goes (thrown away if
 * anything is wrong): ValidationError(api, problems, what). Linear in the size of the input.
 */
/** Node ids refused: the names of Object.prototype's properties. */
const RESERVED_IDS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

export function assembleGraph(api: string, what: string, nodes: NodeBatch, edges: EdgeBatch, graphAttributes: GraphAttributes, problems: Problem[] = []): InfraGraph {
  const graph = createInfraGraph(graphAttributes);
  const position = new Map<string, number>(); // id → position in the node batch
  const kinds: (NodeKind | null)[] = new Array(nodes.count).fill(null);
  let current = 0;
  let currentId = "";
  const nodeCtx: CheckContext = {
    problems,
    who: () => (nodes.nameInMessages && currentId !== "" ? `node ${JSON.stringify(currentId)}` : ""),
    at: (field) => nodes.at(current, field),
  };
  for (let i = 0; i < nodes.count; i++) {
    current = i;
    const id = nodes.id(i);
    nodeCtx.raw = nodes.raw?.(i);
    if (typeof id !== "string" || id === "") {
      currentId = "";
      problems.push({ path: nodes.at(i, "id"), message: `id must be a non-empty string but found ${describeValue(id)}`, value: id });
      normaliseNode(nodes.attributes(i), nodeCtx);
      continue;
    }
    if (RESERVED_IDS.has(id)) {
      // graphology keeps neighbours in plain objects, where these names already exist: edges to such a node would break.
      problems.push({ path: nodes.at(i, "id"), message: `id ${JSON.stringify(id)} is reserved (a JavaScript object property name the graph store cannot hold); rename the node`, value: id });
      continue;
    }
    const first = position.get(id);
    if (first !== undefined) {
      problems.push({ path: nodes.at(i, "id"), message: `duplicate node id ${JSON.stringify(id)} (first at ${nodes.at(first, "")})`, value: id });
      continue;
    }
    position.set(id, i);
    currentId = id;
    const given = nodes.attributes(i);
    const attrs = nodes.adopt && isNormalNode(given) ? given : normaliseNode(given, nodeCtx, id);
    if (attrs) {
      kinds[i] = attrs.kind;
      graph.addNode(id, attrs);
    }
  }

  const n = nodes.count;
  // The graph under construction doubles as the index of pairs seen (it is thrown away if anything is wrong).
  // Pairs already accepted, in a Map (never a plain object: ids such as "constructor" or "__proto__" are plain strings here).
  const accepted = new Map<string, number>();
  const pairKey = (a: string, b: string) => `${a}\u0000${b}`;
  const firstAt = (a: string, b: string) => accepted.get(pairKey(a, b)) ?? -1;
  const hostedBy = new Int32Array(n).fill(-1); // node position → host position
  const hostEdgeAt = new Int32Array(n).fill(-1); // node position → edge position of its hosts edge
  let edgeAt = 0;
  let s = "";
  let t = "";
  let labelled = false;
  const edgeCtx: CheckContext = { problems, who: () => (labelled ? `edge ${edgeLabel(s, t)}` : ""), at: (field) => edges.at(edgeAt, field) };
  for (let e = 0; e < edges.count; e++) {
    edgeAt = e;
    const source = edges.source(e);
    const target = edges.target(e);
    const sourceOk = typeof source === "string" && source !== "";
    const targetOk = typeof target === "string" && target !== "";
    if (!sourceOk) problems.push({ path: edges.at(e, "source"), message: `source must be a node id (non-empty string) but found ${describeValue(source)}`, value: source });
    if (!targetOk) problems.push({ path: edges.at(e, "target"), message: `target must be a node id (non-empty string) but found ${describeValue(target)}`, value: target });
    labelled = sourceOk && targetOk;
    s = sourceOk ? (source as string) : "";
    t = targetOk ? (target as string) : "";
    edgeCtx.raw = edges.raw?.(e);
    const given = edges.attributes(e);
    const attrs = edges.adopt && isNormalEdge(given) ? given : normaliseEdge(given, edgeCtx);
    if (!labelled) continue;
    const sp = position.get(s);
    const tp = position.get(t);
    if (sp === undefined || tp === undefined) {
      const kindText = (edges.attributes(e) as { kind?: unknown } | null)?.kind;
      const label = `${typeof kindText === "string" ? kindText + " edge" : "edge"} ${edgeLabel(s, t)}`;
      if (sp === undefined) problems.push({ path: edges.at(e, "source"), message: `source node ${JSON.stringify(s)} of ${label} not found`, value: s });
      if (tp === undefined) problems.push({ path: edges.at(e, "target"), message: `target node ${JSON.stringify(t)} of ${label} not found`, value: t });
      continue;
    }
    if (s === t) {
      problems.push({ path: edges.at(e, "target"), message: `self-loop: edge ${edgeLabel(s, t)} connects ${JSON.stringify(s)} to itself; an edge joins two different nodes`, value: t });
      continue;
    }
    const sk = kinds[sp];
    const tk = kinds[tp];
    if (attrs === undefined || sk === null || tk === null) continue; // the node or the edge itself was reported
    const bad = endpointProblem(attrs.kind, s, sk, t, tk);
    if (bad) {
      problems.push({ path: edges.at(e, "kind"), message: bad, value: attrs.kind });
      continue;
    }
    if (accepted.has(pairKey(s, t))) {
      problems.push({ path: edges.at(e, ""), message: `duplicate edge ${edgeLabel(s, t)} (first at ${edges.at(firstAt(s, t), "")}); the graph keeps one edge per ordered pair`, value: attrs.kind });
      continue;
    }
    if (attrs.kind === "network" && accepted.has(pairKey(t, s)) && graph.getDirectedEdgeAttributes(t, s).kind === "network") {
      problems.push({
        path: edges.at(e, ""),
        message: `network edge ${edgeLabel(s, t)} duplicates the link at ${edges.at(firstAt(t, s), "")}; a link is stored once, from the side nearer the core`,
        value: attrs.kind,
      });
      continue;
    }
    if (attrs.kind === "hosts") {
      if (hostedBy[tp] >= 0) {
        const previous = hostEdgeAt[tp];
        problems.push({
          path: edges.at(e, "source"),
          message: `${JSON.stringify(t)} is already hosted by ${JSON.stringify(nodes.id(hostedBy[tp]))} (${edges.at(previous, "")}); a node has at most one host`,
          value: s,
        });
        continue;
      }
      hostedBy[tp] = sp;
      hostEdgeAt[tp] = e;
    }
    accepted.set(pairKey(s, t), e);
    addWithKey(graph, s, t, attrs);
  }

  findHostingCycles(hostedBy, hostEdgeAt, (p) => nodes.id(p) as string, edges, problems);
  if (problems.length > 0) throw new ValidationError(api, problems, what);
  return graph;
}

/** Adds an edge keyed "source->target"; ids that themselves contain "->" can collide, and then get "#2", "#3"... */
function addWithKey(graph: InfraGraph, s: string, t: string, attrs: EdgeAttributes): void {
  const key = edgeKey(s, t);
  try {
    // The pair was checked already, so graphology can only object to the key: cheaper than asking first.
    graph.addDirectedEdgeWithKey(key, s, t, attrs);
  } catch (error) {
    if (!graph.hasEdge(key)) throw error;
    let k = 2;
    while (graph.hasEdge(`${key}#${k}`)) k++;
    graph.addDirectedEdgeWithKey(`${key}#${k}`, s, t, attrs);
  }
}

function findHostingCycles(hostedBy: Int32Array, hostEdgeAt: Int32Array, idOf: (p: number) => string, edges: EdgeBatch, problems: Problem[]): void {
  // Each node has at most one host, so hosting is a functional graph: walk up with three colours.
  const n = hostedBy.length;
  const state = new Uint8Array(n); // 0 unseen, 1 on the current walk, 2 done
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0 || hostedBy[start] < 0) continue;
    path.length = 0;
    let cursor = start;
    while (cursor >= 0 && state[cursor] === 0) {
      state[cursor] = 1;
      path.push(cursor);
      cursor = hostedBy[cursor];
    }
    if (cursor >= 0 && state[cursor] === 1) {
      const cycle = path.slice(path.indexOf(cursor)); // each is hosted by the next
      const order = cycle.reverse().map(idOf);
      problems.push({
        path: edges.at(hostEdgeAt[cursor], ""),
        message: `hosts edges form a cycle: ${[...order, order[0]].map((c) => JSON.stringify(c)).join(" hosts ")}`,
        value: order,
      });
    }
    for (const p of path) state[p] = 2;
  }
}
