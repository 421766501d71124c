// Schema checks shared by every way into the graph (addNode/addEdge, fromSpec, fromCsv, fromGraphML, validateGraph): problems, not exceptions.
import { describeValue, type Problem } from "../errors";
import {
  aKind,
  CAPACITY_FIELDS,
  DEFAULT_BASE_RPS,
  DEFAULT_CAPACITY,
  DEFAULT_SERVICE_TIER,
  DYNAMIC_KEYS,
  EDGE_KINDS,
  EDGE_RULES,
  isEdgeKind,
  isNodeKind,
  NODE_KINDS,
  orList,
  STATUSES,
  type CapacityKind,
  type EdgeAttributes,
  type EdgeKind,
  type ExtraValue,
  type NodeAttributes,
  type NodeKind,
  type Status,
  type Tier,
} from "./schema";

/** Where problems go and how they are labelled. */
export type CheckContext = {
  /** Collected problems. */
  problems: Problem[];
  /** Who is being checked, for messages: `node "srv-1"`, or "" when the location already says it (a CSV line); called only when a problem is found. */
  who(): string;
  /** The location of a field: a JSON path (`$.nodes[3].capacity.cores`) or a line label (`nodes.csv line 7`). */
  at(field: string): string;
  /** The value as the user wrote it (a CSV cell), shown in messages instead of the parsed value. */
  raw?: Readonly<Record<string, string>>;
};

/** What a caller may pass for a node: kind-specific fields, everything else optional. */
export type NodeInput = {
  kind: NodeKind;
  name?: string;
  region?: string;
  datacenter?: string;
  tier?: Tier;
  redundancyGroup?: string;
  owner?: string;
  tags?: string[];
  capacity?: Record<string, number>;
  baseRps?: number;
  extra?: Record<string, ExtraValue>;
  cpu?: number;
  ram?: number;
  latency_ms?: number;
  error_rate?: number;
  throughput?: number;
  status?: Status;
  disk?: number;
  replication_lag_s?: number;
};

/** What a caller may pass for an edge. */
export type EdgeInput = {
  kind: EdgeKind;
  fanout?: number;
  critical?: boolean;
  bandwidthMbps?: number;
  mode?: "sync" | "async";
  extra?: Record<string, ExtraValue>;
};

const NODE_FIELD_LIST: readonly string[] = [
  "id",
  "kind",
  "name",
  "region",
  "datacenter",
  "redundancyGroup",
  "owner",
  "tier",
  "tags",
  "capacity",
  "baseRps",
  "extra",
  ...DYNAMIC_KEYS,
];
const NODE_FIELDS = new Set(NODE_FIELD_LIST);
const EDGE_FIELD_LIST: readonly string[] = ["source", "target", "kind", "fanout", "critical", "bandwidthMbps", "mode", "extra"];
const EDGE_FIELDS = new Set(EDGE_FIELD_LIST);
const EDGE_FIELD_KIND: Readonly<Record<string, EdgeKind>> = {
  fanout: "depends_on",
  bandwidthMbps: "network",
  mode: "replicates_to",
};

function subject(field: string, ctx: CheckContext): string {
  return ctx.who() ? `${field} of ${ctx.who()}` : field;
}

function shown(field: string, value: unknown, ctx: CheckContext): string {
  const raw = ctx.raw?.[field];
  return describeValue(raw !== undefined ? raw : value);
}

function report(ctx: CheckContext, field: string, message: string, value: unknown): void {
  ctx.problems.push({ path: ctx.at(field), message, value: ctx.raw?.[field] ?? value });
}

function expect(ctx: CheckContext, field: string, expected: string, value: unknown): void {
  report(ctx, field, `${subject(field, ctx)} must be ${expected} but found ${shown(field, value, ctx)}`, value);
}

/** Normalises a name for "did you mean": lower case, no separators. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[\s_\-.]/g, "");
}

/** The known name closest to `name` ignoring case and separators, if any. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  const s = squash(name);
  return known.find((k) => squash(k) === s);
}

function unknownField(ctx: CheckContext, field: string, known: readonly string[], on: string): void {
  const hint = suggest(field.split(".").pop() ?? field, known);
  const where = ctx.who() ? ` on ${ctx.who()}` : on ? ` on ${on}` : "";
  report(
    ctx,
    field,
    `unknown field ${JSON.stringify(field)}${where}; ${hint ? `did you mean ${JSON.stringify(hint)}?` : `expected one of ${known.join(", ")}`}`,
    undefined,
  );
}

function checkNumber(ctx: CheckContext, field: string, value: unknown, opts: { integer?: boolean; max?: number; positive?: boolean } = {}): number | undefined {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (opts.positive ? value > 0 : value >= 0) &&
    (opts.max === undefined || value <= opts.max) &&
    (!opts.integer || Number.isInteger(value));
  if (ok) return value as number;
  const range = opts.max !== undefined ? `in [0, ${opts.max}]` : opts.positive ? "> 0" : ">= 0";
  expect(ctx, field, `${opts.integer ? "an integer" : "a number"} ${range}`, value);
  return undefined;
}

function checkExtra(ctx: CheckContext, field: string, value: unknown): Record<string, ExtraValue> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    expect(ctx, field, "an object of strings, numbers and booleans", value);
    return undefined;
  }
  const out: Record<string, ExtraValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) out[k] = v;
    else expect(ctx, `${field}.${k}`, "a string, a finite number or a boolean", v);
  }
  return out;
}

function takeString(o: Record<string, unknown>, name: string, attrs: Record<string, unknown>, ctx: CheckContext): void {
  const v = o[name];
  if (v === undefined) return;
  if (typeof v !== "string" || v === "") expect(ctx, name, "a non-empty string", v);
  else attrs[name] = v;
}

/**
 * Checks one node's attributes against the schema and returns them normalised (defaults filled in,
 * keys in a fixed order, `name` defaulting to `id`), or undefined when a problem was found.
 */
export function normaliseNode(input: unknown, ctx: CheckContext, id?: string): NodeAttributes | undefined {
  const before = ctx.problems.length;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    report(ctx, "", `${ctx.who() || "a node"} must be an object of attributes but found ${describeValue(input)}`, input);
    return undefined;
  }
  const o = input as Record<string, unknown>;
  for (const key in o) {
    if (!NODE_FIELDS.has(key) && o[key] !== undefined) unknownField(ctx, key, NODE_FIELD_LIST, "");
  }
  const kind = o.kind;
  let knownKind: NodeKind | undefined;
  if (kind === undefined) {
    report(ctx, "kind", `${subject("kind", ctx)} is missing; expected one of ${NODE_KINDS.join(", ")}`, undefined);
  } else if (!isNodeKind(kind)) {
    report(ctx, "kind", `unknown kind ${shown("kind", kind, ctx)}${ctx.who() ? " for " + ctx.who() : ""}; expected one of ${NODE_KINDS.join(", ")}`, kind);
  } else {
    knownKind = kind;
  }
  // Attributes are built in a fixed key order as they are checked, so exports are stable; discarded on any problem.
  const attrs: Record<string, unknown> = { kind: knownKind, name: id ?? "" };
  takeString(o, "name", attrs, ctx);
  takeString(o, "region", attrs, ctx);
  takeString(o, "datacenter", attrs, ctx);
  if (o.tier !== undefined) {
    const t = o.tier;
    if (t === 1 || t === 2 || t === 3 || t === 4) attrs.tier = t;
    else expect(ctx, "tier", "one of 1, 2, 3, 4 (1 is the most critical)", t);
  } else if (knownKind === "business_service") {
    attrs.tier = DEFAULT_SERVICE_TIER;
  }
  takeString(o, "redundancyGroup", attrs, ctx);
  takeString(o, "owner", attrs, ctx);
  const tags: string[] = [];
  if (o.tags !== undefined) {
    const given = o.tags;
    if (!Array.isArray(given)) expect(ctx, "tags", "an array of strings", given);
    else
      for (let i = 0; i < given.length; i++) {
        const t = given[i];
        if (typeof t !== "string") expect(ctx, `tags[${i}]`, "a string", t);
        else tags.push(t);
      }
  }
  attrs.tags = tags;

  if (knownKind === "business_service") {
    if (o.capacity !== undefined)
      report(ctx, "capacity", `${ctx.who() || "a business_service"} has no capacity (it is a business service); give baseRps instead`, o.capacity);
    let baseRps: number | undefined = DEFAULT_BASE_RPS;
    if (o.baseRps !== undefined) baseRps = checkNumber(ctx, "baseRps", o.baseRps);
    attrs.baseRps = baseRps;
  } else if (knownKind !== undefined) {
    if (o.baseRps !== undefined) report(ctx, "baseRps", `baseRps applies only to business services but ${ctx.who() || "this node"} is ${aKind(knownKind)}`, o.baseRps);
    attrs.capacity = normaliseCapacity(knownKind, o.capacity, ctx);
  }
  if (o.extra !== undefined) attrs.extra = checkExtra(ctx, "extra", o.extra);

  let cpu = 0;
  let ram = 0;
  let latency = 0;
  let errors = 0;
  let throughput = 0;
  let status: unknown = "up";
  if (o.cpu !== undefined) cpu = checkNumber(ctx, "cpu", o.cpu, { max: 1 }) ?? 0;
  if (o.ram !== undefined) ram = checkNumber(ctx, "ram", o.ram, { max: 1 }) ?? 0;
  if (o.latency_ms !== undefined) latency = checkNumber(ctx, "latency_ms", o.latency_ms) ?? 0;
  if (o.error_rate !== undefined) errors = checkNumber(ctx, "error_rate", o.error_rate, { max: 1 }) ?? 0;
  if (o.throughput !== undefined) throughput = checkNumber(ctx, "throughput", o.throughput) ?? 0;
  if (o.status !== undefined) {
    if (o.status === "up" || o.status === "degraded" || o.status === "down") status = o.status;
    else expect(ctx, "status", `one of ${STATUSES.join(", ")}`, o.status);
  }
  // Optional dynamic attributes are kept only when given.
  let disk: number | undefined;
  let lag: number | undefined;
  if (o.disk !== undefined) disk = checkNumber(ctx, "disk", o.disk, { max: 1 });
  if (o.replication_lag_s !== undefined) lag = checkNumber(ctx, "replication_lag_s", o.replication_lag_s);
  if (ctx.problems.length > before || knownKind === undefined) return undefined;
  attrs.cpu = cpu;
  attrs.ram = ram;
  attrs.latency_ms = latency;
  attrs.error_rate = errors;
  attrs.throughput = throughput;
  attrs.status = status;
  if (disk !== undefined) attrs.disk = disk;
  if (lag !== undefined) attrs.replication_lag_s = lag;
  return attrs as NodeAttributes;
}

const CAPACITY_NAMES: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(CAPACITY_FIELDS).map(([kind, fields]) => [kind, fields.map((f) => f.name)]),
);

function normaliseCapacity(kind: CapacityKind, value: unknown, ctx: CheckContext): Record<string, number> | undefined {
  const fields = CAPACITY_FIELDS[kind];
  const defaults = DEFAULT_CAPACITY[kind] as Readonly<Record<string, number | undefined>>;
  const out: Record<string, number> = {};
  if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
    expect(ctx, "capacity", "an object", value);
    return undefined;
  }
  const given = (value ?? {}) as Record<string, unknown>;
  const names = CAPACITY_NAMES[kind];
  for (const key in given) {
    if (!names.includes(key) && given[key] !== undefined) {
      const hint = suggest(key, names);
      report(
        ctx,
        `capacity.${key}`,
        `unknown capacity field ${JSON.stringify(key)} for ${ctx.who() ? `${ctx.who()} (${aKind(kind)})` : aKind(kind)}; ${hint ? `did you mean ${JSON.stringify(hint)}?` : `expected ${orList(names)}`}`,
        given[key],
      );
    }
  }
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const v = given[f.name];
    if (v === undefined) {
      const d = defaults[f.name];
      if (d !== undefined) out[f.name] = d;
      continue;
    }
    if (typeof v === "number" && v >= 0 && v < Infinity && (!f.integer || Number.isInteger(v))) out[f.name] = v;
    else checkNumber(ctx, `capacity.${f.name}`, v, { integer: f.integer });
  }
  return out;
}

/** Checks one edge's attributes (not its endpoints) and returns them normalised, or undefined. */
export function normaliseEdge(input: unknown, ctx: CheckContext): EdgeAttributes | undefined {
  const before = ctx.problems.length;
  if (typeof input === "string") input = { kind: input };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    report(ctx, "", `${ctx.who() || "an edge"} must be an object of attributes but found ${describeValue(input)}`, input);
    return undefined;
  }
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!EDGE_FIELDS.has(key) && o[key] !== undefined) unknownField(ctx, key, EDGE_FIELD_LIST, "");
  }
  const kind = o.kind;
  if (kind === undefined) {
    report(ctx, "kind", `${subject("kind", ctx)} is missing; expected one of ${EDGE_KINDS.join(", ")}`, undefined);
    return undefined;
  }
  if (!isEdgeKind(kind)) {
    report(ctx, "kind", `unknown edge kind ${shown("kind", kind, ctx)}${ctx.who() ? " for " + ctx.who() : ""}; expected one of ${EDGE_KINDS.join(", ")}`, kind);
    return undefined;
  }
  if ((o.fanout !== undefined && kind !== "depends_on") || (o.bandwidthMbps !== undefined && kind !== "network") || (o.mode !== undefined && kind !== "replicates_to")) {
    for (const [fieldName, owner] of Object.entries(EDGE_FIELD_KIND)) {
      if (o[fieldName] !== undefined && owner !== kind)
        report(ctx, fieldName, `${fieldName} applies only to ${owner} edges but ${ctx.who() || "this edge"} is a ${kind} edge`, o[fieldName]);
    }
  }
  if (o.critical !== undefined && kind !== "depends_on" && kind !== "serves")
    report(ctx, "critical", `critical applies only to depends_on and serves edges but ${ctx.who() || "this edge"} is a ${kind} edge`, o.critical);
  const extra = o.extra !== undefined ? checkExtra(ctx, "extra", o.extra) : undefined;
  let attrs: Record<string, unknown> = { kind };
  if (kind === "depends_on" || kind === "serves") {
    let critical = true;
    if (o.critical !== undefined) {
      if (typeof o.critical === "boolean") critical = o.critical;
      else expect(ctx, "critical", "true or false", o.critical);
    }
    if (kind === "depends_on") {
      let fanout = 1;
      if (o.fanout !== undefined) fanout = checkNumber(ctx, "fanout", o.fanout, { positive: true }) ?? 1;
      attrs = { kind, fanout, critical };
    } else {
      attrs = { kind, critical };
    }
  } else if (kind === "network") {
    if (o.bandwidthMbps !== undefined) {
      const b = checkNumber(ctx, "bandwidthMbps", o.bandwidthMbps);
      if (b !== undefined) attrs.bandwidthMbps = b;
    }
  } else if (kind === "replicates_to") {
    let mode: "sync" | "async" = "async";
    if (o.mode !== undefined) {
      if (o.mode === "sync" || o.mode === "async") mode = o.mode;
      else expect(ctx, "mode", `"sync" or "async"`, o.mode);
    }
    attrs.mode = mode;
  }
  if (extra !== undefined) attrs.extra = extra;
  return ctx.problems.length > before ? undefined : (attrs as EdgeAttributes);
}

/** `"a" → "b"`, for messages. */
export function edgeLabel(source: string, target: string): string {
  return `${JSON.stringify(source)} → ${JSON.stringify(target)}`;
}

/**
 * Checks that an edge of `kind` may join these node kinds; returns the message when it may not,
 * e.g. `hosts edge "app-1" → "vm-2" must start at a server or a vm but "app-1" is an application`.
 */
export function endpointProblem(kind: EdgeKind, source: string, sourceKind: NodeKind, target: string, targetKind: NodeKind): string | undefined {
  const rule = EDGE_RULES[kind];
  const label = () => `${kind} edge ${edgeLabel(source, target)}`;
  if (!rule.sources.includes(sourceKind))
    return `${label()} must start at ${orList(rule.sources.map(aKind))} but ${JSON.stringify(source)} is ${aKind(sourceKind)}`;
  const targets = rule.targets(sourceKind);
  if (!targets.includes(targetKind)) {
    const from = kind === "depends_on" || kind === "replicates_to" ? ` when it starts at ${aKind(sourceKind)}` : "";
    return `${label()} must end at ${orList(targets.map(aKind))}${from} but ${JSON.stringify(target)} is ${aKind(targetKind)}`;
  }
  return undefined;
}

/**
 * Would adding `source` hosts `target` close a hosting cycle? Returns the cycle in hosting order
 * (`[source, target, ..., source]`) or undefined. `hostOf` gives a node's current host.
 */
export function hostingCycle(source: string, target: string, hostOf: (id: string) => string | undefined): string[] | undefined {
  if (source === target) return [source, source];
  const up = [source];
  const seen = new Set([source]);
  let cursor = hostOf(source);
  while (cursor !== undefined && !seen.has(cursor)) {
    up.push(cursor);
    // up is source, host(source), ..., target: the new edge makes target host its own host chain.
    if (cursor === target) return [source, ...up.slice(1).reverse(), source];
    seen.add(cursor);
    cursor = hostOf(cursor);
  }
  return undefined;
}

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
