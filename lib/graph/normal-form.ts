// Fast recognisers of the graph's normal form: a trusted builder's objects that are already what normaliseNode/normaliseEdge would return are adopted without a copy.
import { NODE_FIELDS } from "./check";
import { CAPACITY_FIELDS, DEFAULT_CAPACITY, isNodeKind, type EdgeAttributes, type NodeAttributes } from "./schema";

function unit(v: unknown): boolean {
  return typeof v === "number" && v >= 0 && v <= 1;
}

function nonNegative(v: unknown): boolean {
  return typeof v === "number" && v >= 0 && v < Infinity;
}

function optionalText(v: unknown): boolean {
  return v === undefined || (typeof v === "string" && v !== "");
}

function scalars(v: unknown): boolean {
  if (v === undefined) return true;
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (!(typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x)))) return false;
  }
  return true;
}

/**
 * True when `o` is already exactly what `normaliseNode` would return for it (valid, defaults present, no id key),
 * so a trusted builder's objects can be adopted without a copy. A false answer says nothing: run normaliseNode.
 */
export function isNormalNode(o: unknown): o is NodeAttributes {
  if (typeof o !== "object" || o === null) return false;
  const a = o as Record<string, unknown>;
  const kind = a.kind;
  if (!isNodeKind(kind) || typeof a.name !== "string" || a.name === "") return false;
  if (!optionalText(a.region) || !optionalText(a.datacenter) || !optionalText(a.redundancyGroup) || !optionalText(a.owner)) return false;
  const tier = a.tier;
  if (tier !== undefined && tier !== 1 && tier !== 2 && tier !== 3 && tier !== 4) return false;
  const tags = a.tags;
  if (!Array.isArray(tags)) return false;
  for (let i = 0; i < tags.length; i++) if (typeof tags[i] !== "string") return false;
  if (kind === "business_service") {
    if (tier === undefined || a.capacity !== undefined || !nonNegative(a.baseRps)) return false;
  } else {
    if (a.baseRps !== undefined) return false;
    const cap = a.capacity;
    if (typeof cap !== "object" || cap === null) return false;
    const fields = CAPACITY_FIELDS[kind];
    const defaults = DEFAULT_CAPACITY[kind] as Readonly<Record<string, number | undefined>>;
    let present = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const v = (cap as Record<string, unknown>)[f.name];
      if (v === undefined) {
        if (defaults[f.name] !== undefined) return false;
        continue;
      }
      if (!nonNegative(v) || (f.integer && !Number.isInteger(v))) return false;
      present++;
    }
    let keys = 0;
    for (const _k in cap) keys++;
    if (keys !== present) return false;
  }
  if (!scalars(a.extra)) return false;
  if (!unit(a.cpu) || !unit(a.ram) || !unit(a.error_rate) || !nonNegative(a.latency_ms) || !nonNegative(a.throughput)) return false;
  if (a.status !== "up" && a.status !== "degraded" && a.status !== "down") return false;
  if ((a.disk !== undefined && !unit(a.disk)) || (a.replication_lag_s !== undefined && !nonNegative(a.replication_lag_s))) return false;
  for (const k in a) if (k === "id" || !NODE_FIELDS.has(k) || a[k] === undefined) return false;
  return true;
}

/** True when `o` is already exactly what `normaliseEdge` would return for it (see `isNormalNode`). */
export function isNormalEdge(o: unknown): o is EdgeAttributes {
  if (typeof o !== "object" || o === null) return false;
  const a = o as Record<string, unknown>;
  let allowed = 1; // kind
  switch (a.kind) {
    case "hosts":
      break;
    case "depends_on":
      if (!(typeof a.fanout === "number" && a.fanout > 0 && a.fanout < Infinity) || typeof a.critical !== "boolean") return false;
      allowed += 2;
      break;
    case "serves":
      if (typeof a.critical !== "boolean") return false;
      allowed += 1;
      break;
    case "network":
      if (a.bandwidthMbps !== undefined) {
        if (!nonNegative(a.bandwidthMbps)) return false;
        allowed += 1;
      }
      break;
    case "replicates_to":
      if (a.mode !== "sync" && a.mode !== "async") return false;
      allowed += 1;
      break;
    default:
      return false;
  }
  if (a.extra !== undefined) {
    if (!scalars(a.extra)) return false;
    allowed += 1;
  }
  let keys = 0;
  for (const _k in a) keys++;
  return keys === allowed;
}
