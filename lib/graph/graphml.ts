// GraphML export and import: every attribute as a typed GraphML key (capacity.* and extra.* flattened, tags as a JSON array).
import { InvalidArgumentError, invalidArgument } from "../errors";
import { ALL_CAPACITY_FIELDS, DYNAMIC_KEYS, type InfraGraph } from "./schema";
import { fromSpec, type TopologyDocument } from "./spec";

type KeyType = "string" | "int" | "double" | "boolean";
type Key = { id: string; for: "graph" | "node" | "edge"; name: string; type: KeyType };

const NODE_SCALARS: Array<[string, KeyType]> = [
  ["kind", "string"],
  ["name", "string"],
  ["region", "string"],
  ["datacenter", "string"],
  ["tier", "int"],
  ["redundancyGroup", "string"],
  ["owner", "string"],
  ["tags", "string"],
];
const INTEGER_CAPACITY = new Set(["cores", "maxConnections", "maxDepth", "instances"]);
const EDGE_SCALARS: Array<[string, KeyType]> = [
  ["kind", "string"],
  ["fanout", "double"],
  ["critical", "boolean"],
  ["bandwidthMbps", "double"],
  ["mode", "string"],
];

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

function typeOf(values: unknown[]): KeyType {
  if (values.every((v) => typeof v === "boolean")) return "boolean";
  if (values.every((v) => typeof v === "number" && Number.isInteger(v))) return "int";
  if (values.every((v) => typeof v === "number")) return "double";
  return "string";
}

function render(value: unknown): string {
  if (typeof value === "object" && value !== null) return escapeXml(JSON.stringify(value));
  return escapeXml(String(value));
}

/**
 * The graph as GraphML (yEd, Gephi, Cytoscape, NetworkX read it). Nested attributes are flattened to keys named
 * `capacity.cores`, `extra.<column>`; `tags` is a JSON array string; graph attributes other than name and
 * description travel as one JSON string key. `fromGraphML(toGraphML(g))` rebuilds an equal graph.
 */
export function toGraphML(graph: InfraGraph): string {
  const keys: Key[] = [];
  const add = (scope: Key["for"], name: string, type: KeyType) => keys.push({ id: `${scope[0]}${keys.filter((k) => k.for === scope).length}`, for: scope, name, type });
  const { name, description, ...rest } = graph.getAttributes();
  if (name !== undefined) add("graph", "name", "string");
  if (description !== undefined) add("graph", "description", "string");
  if (Object.keys(rest).length > 0) add("graph", "attributes", "string");

  const used = new Set<string>();
  const extraValues = new Map<string, unknown[]>();
  graph.forEachNode((_id, attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "capacity") for (const c of Object.keys(v as object)) used.add("capacity." + c);
      else if (k === "extra") for (const [x, xv] of Object.entries(v as object)) (extraValues.get(x) ?? extraValues.set(x, []).get(x)!).push(xv);
      else used.add(k);
    }
  });
  for (const [k, type] of NODE_SCALARS) if (used.has(k)) add("node", k, type);
  for (const c of ALL_CAPACITY_FIELDS) if (used.has("capacity." + c)) add("node", "capacity." + c, INTEGER_CAPACITY.has(c) ? "int" : "double");
  if (used.has("baseRps")) add("node", "baseRps", "double");
  for (const k of DYNAMIC_KEYS) if (used.has(k)) add("node", k, k === "status" ? "string" : "double");
  for (const x of [...extraValues.keys()].sort()) add("node", "extra." + x, typeOf(extraValues.get(x)!));
  // Attributes outside the schema (a graph edited by hand) still travel, as strings.
  const standard = new Set<string>([...NODE_SCALARS.map(([k]) => k), "baseRps", ...DYNAMIC_KEYS]);
  for (const k of [...used].sort()) if (!standard.has(k) && !k.startsWith("capacity.")) add("node", k, "string");

  const edgeUsed = new Set<string>();
  const edgeExtra = new Map<string, unknown[]>();
  graph.forEachEdge((_key, attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "extra") for (const [x, xv] of Object.entries(v as object)) (edgeExtra.get(x) ?? edgeExtra.set(x, []).get(x)!).push(xv);
      else edgeUsed.add(k);
    }
  });
  for (const [k, type] of EDGE_SCALARS) if (edgeUsed.has(k)) add("edge", k, type);
  for (const x of [...edgeExtra.keys()].sort()) add("edge", "extra." + x, typeOf(edgeExtra.get(x)!));
  const standardEdge = new Set(EDGE_SCALARS.map(([k]) => k));
  for (const k of [...edgeUsed].sort()) if (!standardEdge.has(k)) add("edge", k, "string");

  const byName = new Map(keys.map((k) => [`${k.for}:${k.name}`, k]));
  const keyFor = (scope: Key["for"], name: string) => byName.get(`${scope}:${name}`)!;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of keys) lines.push(`  <key id="${k.id}" for="${k.for}" attr.name="${escapeXml(k.name)}" attr.type="${k.type}"/>`);
  lines.push('  <graph id="G" edgedefault="directed">');
  if (name !== undefined) lines.push(`    <data key="${keyFor("graph", "name").id}">${render(name)}</data>`);
  if (description !== undefined) lines.push(`    <data key="${keyFor("graph", "description").id}">${render(description)}</data>`);
  if (Object.keys(rest).length > 0) lines.push(`    <data key="${keyFor("graph", "attributes").id}">${escapeXml(JSON.stringify(rest))}</data>`);
  graph.forEachNode((id, attrs) => {
    const data: string[] = [];
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "capacity") for (const [c, cv] of Object.entries(v as object)) data.push(`<data key="${keyFor("node", "capacity." + c).id}">${render(cv)}</data>`);
      else if (k === "extra") for (const [x, xv] of Object.entries(v as object)) data.push(`<data key="${keyFor("node", "extra." + x).id}">${render(xv)}</data>`);
      else data.push(`<data key="${keyFor("node", k).id}">${render(v)}</data>`);
    }
    lines.push(`    <node id="${escapeXml(id)}">${data.join("")}</node>`);
  });
  graph.forEachEdge((key, attrs, source, target) => {
    const data: string[] = [];
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "extra") for (const [x, xv] of Object.entries(v as object)) data.push(`<data key="${keyFor("edge", "extra." + x).id}">${render(xv)}</data>`);
      else data.push(`<data key="${keyFor("edge", k).id}">${render(v)}</data>`);
    }
    lines.push(`    <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}">${data.join("")}</edge>`);
  });
  lines.push("  </graph>", "</graphml>");
  return lines.join("\n") + "\n";
}

type XmlEvent = { type: "open"; name: string; attrs: Record<string, string>; selfClosing: boolean } | { type: "close"; name: string } | { type: "text"; text: string };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[e];
  });
}

/** A small XML event reader: enough for GraphML (elements, attributes, text, CDATA; comments and declarations skipped). */
function* xmlEvents(xml: string): Generator<XmlEvent> {
  const pattern = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = pattern.exec(xml)) !== null) {
    if (match.index !== last) throw new InvalidArgumentError(`fromGraphML: malformed XML near ${JSON.stringify(xml.slice(last, last + 40))}.`);
    last = pattern.lastIndex;
    if (match[1] !== undefined) yield { type: "text", text: match[1] };
    else if (match[2] !== undefined) yield { type: "close", name: localName(match[2]) };
    else if (match[3] !== undefined) {
      const attrs: Record<string, string> = {};
      const attrPattern = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      while ((a = attrPattern.exec(match[4])) !== null) attrs[a[1]] = decodeEntities(a[2] ?? a[3]);
      yield { type: "open", name: localName(match[3]), attrs, selfClosing: match[5] === "/" };
    } else if (match[6] !== undefined) yield { type: "text", text: decodeEntities(match[6]) };
  }
  if (last !== xml.length) throw new InvalidArgumentError(`fromGraphML: malformed XML near ${JSON.stringify(xml.slice(last, last + 40))}.`);
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon >= 0 ? name.slice(colon + 1) : name;
}

function convert(text: string, type: string): unknown {
  switch (type) {
    case "int":
    case "long":
    case "float":
    case "double": {
      const n = Number(text.trim());
      return text.trim() !== "" && Number.isFinite(n) ? n : text;
    }
    case "boolean":
      return text.trim() === "true" ? true : text.trim() === "false" ? false : text;
    default:
      return text;
  }
}

function setAttribute(target: Record<string, unknown>, name: string, value: unknown, scope: "node" | "edge"): void {
  if (scope === "node" && name === "tags" && typeof value === "string") {
    let tags: unknown;
    try {
      tags = JSON.parse(value);
    } catch {
      tags = value.split(/[;,|]/).map((t) => t.trim()).filter((t) => t !== "");
    }
    target.tags = tags;
  } else if (scope === "node" && name.startsWith("capacity.")) {
    ((target.capacity ??= {}) as Record<string, unknown>)[name.slice(9)] = value;
  } else if (name.startsWith("extra.")) {
    ((target.extra ??= {}) as Record<string, unknown>)[name.slice(6)] = value;
  } else {
    target[name] = value;
  }
}

/**
 * Reads GraphML written by `toGraphML` (or any GraphML whose node keys use the schema's attribute names; other
 * keys land in `extra`) and validates it like `fromSpec`: problems are reported with JSON paths into the
 * equivalent topology document (`$.nodes[3]` is the fourth <node>).
 */
export function fromGraphML(xml: string): InfraGraph {
  if (typeof xml !== "string") throw invalidArgument("fromGraphML", "xml", "GraphML text (a string)", xml);
  const keys = new Map<string, { for: string; name: string; type: string; default?: string }>();
  const doc: TopologyDocument & { edges: NonNullable<TopologyDocument["edges"]> } = { nodes: [], edges: [] };
  const graphAttrs: Record<string, unknown> = {};
  let current: { scope: "node" | "edge" | "graph"; target: Record<string, unknown> } | undefined;
  let dataKey: string | undefined;
  let dataText = "";
  let inKey: string | undefined;
  let inDefault = false;
  let defaultText = "";
  const known = new Set(["kind", "name", "region", "datacenter", "tier", "redundancyGroup", "owner", "tags", "baseRps", ...DYNAMIC_KEYS]);
  const knownEdge = new Set(["kind", "fanout", "critical", "bandwidthMbps", "mode"]);
  const applyDefaults = (scope: "node" | "edge", target: Record<string, unknown>, given: Set<string>) => {
    for (const [id, k] of keys) if (k.for === scope && k.default !== undefined && !given.has(id)) setAttribute(target, mapName(scope, k.name), convert(k.default, k.type), scope);
  };
  const mapName = (scope: "node" | "edge", name: string) =>
    (scope === "node" ? known.has(name) : knownEdge.has(name)) || name.startsWith("capacity.") || name.startsWith("extra.") ? name : "extra." + name;
  let given = new Set<string>();
  for (const ev of xmlEvents(xml)) {
    if (ev.type === "open") {
      if (ev.name === "key") {
        keys.set(ev.attrs.id, { for: ev.attrs.for ?? "all", name: ev.attrs["attr.name"] ?? ev.attrs.id, type: ev.attrs["attr.type"] ?? "string" });
        inKey = ev.selfClosing ? undefined : ev.attrs.id;
      } else if (ev.name === "default" && inKey !== undefined) {
        inDefault = true;
        defaultText = "";
      } else if (ev.name === "graph") {
        current = { scope: "graph", target: graphAttrs };
      } else if (ev.name === "node") {
        const node: Record<string, unknown> = { id: ev.attrs.id };
        doc.nodes.push(node as never);
        current = { scope: "node", target: node };
        given = new Set();
        if (ev.selfClosing) {
          applyDefaults("node", node, given);
          current = { scope: "graph", target: graphAttrs };
        }
      } else if (ev.name === "edge") {
        const edge: Record<string, unknown> = { source: ev.attrs.source, target: ev.attrs.target };
        doc.edges.push(edge as never);
        current = { scope: "edge", target: edge };
        given = new Set();
        if (ev.selfClosing) {
          applyDefaults("edge", edge, given);
          current = { scope: "graph", target: graphAttrs };
        }
      } else if (ev.name === "data") {
        dataKey = ev.attrs.key;
        dataText = "";
        if (ev.selfClosing) dataKey = undefined;
      }
    } else if (ev.type === "text") {
      if (dataKey !== undefined) dataText += ev.text;
      else if (inDefault) defaultText += ev.text;
    } else if (ev.type === "close") {
      if (ev.name === "default" && inKey !== undefined) {
        keys.get(inKey)!.default = defaultText;
        inDefault = false;
      } else if (ev.name === "key") {
        inKey = undefined;
      } else if (ev.name === "data" && dataKey !== undefined && current) {
        const key = keys.get(dataKey);
        if (key === undefined) throw new InvalidArgumentError(`fromGraphML: <data key=${JSON.stringify(dataKey)}> uses a key that no <key> element declares.`);
        const value = convert(dataText, key.type);
        if (current.scope === "graph") {
          if (key.name === "attributes") {
            try {
              Object.assign(graphAttrs, JSON.parse(dataText));
            } catch {
              graphAttrs.attributes = dataText;
            }
          } else graphAttrs[key.name] = value;
        } else {
          given.add(dataKey);
          setAttribute(current.target, mapName(current.scope, key.name), value, current.scope);
        }
        dataKey = undefined;
      } else if ((ev.name === "node" || ev.name === "edge") && current) {
        applyDefaults(current.scope as "node" | "edge", current.target, given);
        current = { scope: "graph", target: graphAttrs };
      }
    }
  }
  const { name, description, ...rest } = graphAttrs;
  if (typeof name === "string") doc.name = name;
  if (typeof description === "string") doc.description = description;
  if (Object.keys(rest).length > 0) doc.attributes = rest;
  return fromSpec(doc, { api: "fromGraphML", what: "GraphML" });
}
