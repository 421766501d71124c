// Schemas of the supervisor's plain-data inputs, so a mis-mapped incident fails with a path, not deep inside a heuristic.
import { ValidationError } from "../errors";
import type { JsonSchema } from "./schema";
import { schemaProblems } from "./schema";
import type { IncidentInput, StateInput, WhatIfContext } from "./types";

const str: JsonSchema = { type: "string" };
const num: JsonSchema = { type: "number" };
const strings: JsonSchema = { type: "array", items: str };

/** The schema of `IncidentInput` (extra properties allowed: mappings may carry more). */
export const INCIDENT_INPUT_SCHEMA: JsonSchema = {
  type: "object",
  required: ["id", "time", "severity", "alerts", "services", "context"],
  properties: {
    id: str,
    time: { type: "number", minimum: 0 },
    severity: { enum: ["info", "warning", "critical"] },
    alerts: {
      type: "array",
      items: {
        type: "object",
        required: ["rule", "node", "nodeKind", "severity", "since"],
        properties: { rule: str, node: str, nodeKind: str, severity: str, value: num, since: num, until: num, inhibited: { type: "boolean" }, summary: str },
      },
    },
    services: strings,
    rootCandidates: {
      type: "array",
      items: { type: "object", required: ["node", "score", "reason"], properties: { node: str, score: num, reason: str } },
    },
    context: {
      type: "object",
      required: ["nodes"],
      properties: {
        nodes: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "kind", "status", "dependsOn", "dependents"],
            properties: {
              id: str,
              kind: str,
              status: str,
              cpu: num,
              error_rate: num,
              latency_ms: num,
              dependsOn: strings,
              dependents: strings,
              redundancyGroup: str,
              standby: str,
              risk: { type: "number", minimum: 0, maximum: 1 },
            },
          },
        },
      },
    },
  },
};

/** The schema of `StateInput`. */
export const STATE_INPUT_SCHEMA: JsonSchema = {
  type: "object",
  required: ["time", "services", "firing", "incidents"],
  properties: {
    time: { type: "number", minimum: 0 },
    services: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "tier", "status"],
        properties: { id: str, name: str, tier: { type: ["string", "number"] }, status: str, availability: num, p95LatencyMs: num },
      },
    },
    firing: {
      type: "array",
      items: { type: "object", required: ["rule", "node", "severity", "since"], properties: { rule: str, node: str, severity: str, since: num } },
    },
    incidents: { type: "array", items: INCIDENT_INPUT_SCHEMA },
    atRisk: {
      type: "array",
      items: { type: "object", required: ["id", "kind", "risk", "status"], properties: { id: str, kind: str, risk: { type: "number", minimum: 0, maximum: 1 }, status: str } },
    },
  },
};

/** The schema of `WhatIfContext`. */
export const WHAT_IF_CONTEXT_SCHEMA: JsonSchema = {
  type: "object",
  required: ["topologyNodes", "criticalNodes", "horizonSeconds"],
  properties: {
    topologyNodes: {
      type: "array",
      items: { type: "object", required: ["id", "kind"], properties: { id: str, kind: str, tier: { type: ["string", "number"] }, tags: strings } },
    },
    criticalNodes: strings,
    horizonSeconds: { type: "number", minimum: 0 },
    existingFaults: {
      type: "array",
      items: { type: "object", required: ["kind", "target"], properties: { kind: str, target: str, at: num, duration: num } },
    },
  },
};

function check(api: string, what: string, schema: JsonSchema, value: unknown): void {
  const problems = schemaProblems(schema, value, "$");
  if (problems.length > 0) throw new ValidationError(api, problems, what);
}

/** Throws a `ValidationError` naming `api` when `incident` is not an `IncidentInput`. */
export function checkIncidentInput(api: string, incident: unknown): asserts incident is IncidentInput {
  check(api, "incident", INCIDENT_INPUT_SCHEMA, incident);
}

/** Throws a `ValidationError` naming `api` when `state` is not a `StateInput`. */
export function checkStateInput(api: string, state: unknown): asserts state is StateInput {
  check(api, "state", STATE_INPUT_SCHEMA, state);
}

/** Throws a `ValidationError` naming `api` when `context` is not a `WhatIfContext`. */
export function checkWhatIfContext(api: string, context: unknown): asserts context is WhatIfContext {
  check(api, "what-if context", WHAT_IF_CONTEXT_SCHEMA, context);
}
