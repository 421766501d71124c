// The model's reply formats: JSON Schemas (sent as response_format and used to validate) and their conversion to typed answers.
import type { Problem } from "../errors";
import { describeValue } from "../errors";
import type { JsonSchema } from "./schema";
import type { Action, DiagnosisCandidate } from "./types";
import { ACTION_KINDS, WHAT_IF_FAULT_KINDS } from "./types";

/** Above this many node ids, schemas name nodes as plain strings (checked after parsing) instead of an enum. */
export const MAX_ENUM_NODES = 300;

const text: JsonSchema = { type: "string" };
const texts: JsonSchema = { type: "array", items: text };

/** Schemas follow OpenAI's strict-mode rules: every property required, no extra properties, optional values nullable. */
function object(properties: Record<string, JsonSchema>): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

function nodeId(ids: readonly string[], nullable = false): JsonSchema {
  if (ids.length === 0 || ids.length > MAX_ENUM_NODES) return { type: nullable ? ["string", "null"] : "string" };
  return nullable ? { type: ["string", "null"], enum: [...ids, null] } : { type: "string", enum: [...ids] };
}

/** Reply of `summarize`. */
export interface SummaryReply {
  text: string;
  highlights: string[];
}

/** Schema of `SummaryReply`. */
export function summaryReplySchema(): JsonSchema {
  return object({ text: { type: "string", minLength: 1 }, highlights: texts });
}

/** Reply of `diagnose`. */
export interface DiagnosisReply {
  candidates: DiagnosisCandidate[];
}

/** Schema of `DiagnosisReply`, with node ids limited to the incident's neighbourhood. */
export function diagnosisReplySchema(ids: readonly string[]): JsonSchema {
  return object({
    candidates: {
      type: "array",
      items: object({ node: nodeId(ids), confidence: { type: "number", minimum: 0, maximum: 1 }, evidence: texts }),
    },
  });
}

/** One action as the model writes it: every field present, unused ones null. */
export interface FlatAction {
  kind: (typeof ACTION_KINDS)[number];
  node: string | null;
  to: string | null;
  from: string | null;
  instances: number | null;
  rps: number | null;
  deployment: string | null;
  rationale: string;
  expectedEffect: string;
}

/** Reply of `proposeActions`. */
export interface ActionsReply {
  actions: FlatAction[];
}

/** Schema of `ActionsReply`. */
export function actionsReplySchema(ids: readonly string[]): JsonSchema {
  return object({
    actions: {
      type: "array",
      items: object({
        kind: { type: "string", enum: [...ACTION_KINDS] },
        node: nodeId(ids, true),
        to: nodeId(ids, true),
        from: nodeId(ids, true),
        instances: { type: ["integer", "null"], minimum: 1 },
        rps: { type: ["number", "null"], minimum: 0 },
        deployment: { type: ["string", "null"] },
        rationale: text,
        expectedEffect: text,
      }),
    },
  });
}

/** One what-if fault as the model writes it (params as name/value pairs: strict mode allows no free-form objects). */
export interface FlatFault {
  kind: (typeof WHAT_IF_FAULT_KINDS)[number];
  target: string;
  at: number;
  duration: number;
  params: { name: string; value: number | string }[];
}

/** Reply of `generateWhatIfs`. */
export interface WhatIfsReply {
  scenarios: { name: string; description: string; faults: FlatFault[] }[];
}

/** Schema of `WhatIfsReply`; targets are plain strings so that one bad target rejects one scenario, not the reply. */
export function whatIfsReplySchema(): JsonSchema {
  return object({
    scenarios: {
      type: "array",
      items: object({
        name: text,
        description: text,
        faults: {
          type: "array",
          items: object({
            kind: { type: "string", enum: [...WHAT_IF_FAULT_KINDS] },
            target: text,
            at: { type: "number" },
            duration: { type: "number" },
            params: { type: "array", items: object({ name: text, value: { type: ["number", "string"] } }) },
          }),
        },
      }),
    },
  });
}

/** Converts a flat action to the typed union, or lists what it lacks; `known` are the node ids it may name. */
export function toAction(flat: FlatAction, known: ReadonlySet<string>, path: string): { ok: true; action: Action } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const need = (field: "node" | "to" | "from"): string => {
    const value = flat[field];
    if (typeof value !== "string" || value === "") problems.push({ path: `${path}.${field}`, message: `a ${flat.kind} action needs ${field}` });
    else if (!known.has(value)) problems.push({ path: `${path}.${field}`, message: `node ${describeValue(value)} is not in the incident`, value });
    return value ?? "";
  };
  const optional = (field: "to"): string | undefined => {
    const value = flat[field];
    if (value === null || value === "") return undefined;
    if (!known.has(value)) problems.push({ path: `${path}.${field}`, message: `node ${describeValue(value)} is not in the incident`, value });
    return value;
  };
  const reason = { rationale: flat.rationale, expectedEffect: flat.expectedEffect };
  let action: Action;
  switch (flat.kind) {
    case "failover": {
      const node = need("node");
      const to = optional("to");
      action = { kind: "failover", node, ...(to === undefined ? {} : { to }), ...reason };
      break;
    }
    case "scale_out":
      if (flat.instances === null || !Number.isInteger(flat.instances) || flat.instances < 1) problems.push({ path: `${path}.instances`, message: "a scale_out action needs instances >= 1", value: flat.instances });
      action = { kind: "scale_out", node: need("node"), instances: flat.instances ?? 1, ...reason };
      break;
    case "add_replica":
      action = { kind: "add_replica", node: need("node"), ...reason };
      break;
    case "restart":
      action = { kind: "restart", node: need("node"), ...reason };
      break;
    case "rollback":
      action = { kind: "rollback", node: need("node"), ...(flat.deployment ? { deployment: flat.deployment } : {}), ...reason };
      break;
    case "rate_limit":
      if (flat.rps === null || !(flat.rps > 0)) problems.push({ path: `${path}.rps`, message: "a rate_limit action needs rps > 0", value: flat.rps });
      action = { kind: "rate_limit", node: need("node"), rps: flat.rps ?? 0, ...reason };
      break;
    case "reroute":
      action = { kind: "reroute", from: need("from"), to: need("to"), ...reason };
      break;
  }
  return problems.length === 0 ? { ok: true, action } : { ok: false, problems };
}

/** Problems of a diagnosis reply beyond its schema: unknown nodes, repeated candidates. */
export function diagnosisProblems(reply: DiagnosisReply, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  reply.candidates.forEach((c, i) => {
    if (!known.has(c.node)) problems.push({ path: `$.candidates[${i}].node`, message: `node ${describeValue(c.node)} is not in the incident`, value: c.node });
    if (seen.has(c.node)) problems.push({ path: `$.candidates[${i}].node`, message: `node ${describeValue(c.node)} is listed twice`, value: c.node });
    seen.add(c.node);
  });
  return problems;
}

/** A model what-if in the public shape (params pairs become a record); validation happens after. */
export function toWhatIfProposal(scenario: WhatIfsReply["scenarios"][number]): unknown {
  return {
    name: scenario.name,
    description: scenario.description,
    faults: scenario.faults.map((f) => {
      const params: Record<string, number | string> = {};
      for (const p of f.params) params[p.name] = p.value;
      return { kind: f.kind, target: f.target, at: f.at, duration: f.duration, ...(f.params.length > 0 ? { params } : {}) };
    }),
  };
}
