// A stand-in model for the fake server: reads the prompt's INPUT and answers with what the heuristic would say, in reply format.
import { generateWhatIfCandidates, HeuristicSupervisor } from "../../lib/llm";
import type { Action, IncidentInput, WhatIfContext } from "../../lib/llm";
import type { RecordedRequest, ScriptedResponse } from "./fake-openai-server";
import { jsonCompletion } from "./fake-openai-server";

const heuristic = new HeuristicSupervisor();

/** The JSON after "INPUT:" in the user message of a supervisor prompt. */
export function promptInput(request: RecordedRequest): Record<string, unknown> {
  const user = request.body.messages.find((m) => m.role === "user")?.content ?? "";
  return JSON.parse(user.slice(user.indexOf("INPUT:\n") + 7)) as Record<string, unknown>;
}

/** Which question a prompt asks, from the top-level properties of the schema in its system message. */
export function promptKind(request: RecordedRequest): "summary" | "diagnosis" | "actions" | "what_ifs" {
  const system = request.body.messages.find((m) => m.role === "system")?.content ?? "";
  const schema = JSON.parse(system.slice(system.indexOf("JSON Schema:\n") + 13)) as { properties: Record<string, unknown> };
  if ("text" in schema.properties) return "summary";
  if ("candidates" in schema.properties) return "diagnosis";
  if ("actions" in schema.properties) return "actions";
  return "what_ifs";
}

function flat(action: Action): Record<string, unknown> {
  const base = { node: null, to: null, from: null, instances: null, rps: null, deployment: null };
  return { ...base, ...action };
}

/** Answers like a competent model would (synchronously, deterministically). */
export async function modelReply(request: RecordedRequest): Promise<unknown> {
  const input = promptInput(request);
  switch (promptKind(request)) {
    case "summary": {
      const firing = input.firing as unknown[];
      return { text: `Model summary: ${firing.length} alerts firing.`, highlights: (input.services as { name: string; status: string }[]).map((s) => `${s.name}: ${s.status}`) };
    }
    case "diagnosis":
      return { candidates: (await heuristic.diagnose(input as unknown as IncidentInput)).candidates };
    case "actions":
      return { actions: (await heuristic.proposeActions(input as unknown as IncidentInput)).actions.map(flat) };
    case "what_ifs": {
      const context = input as unknown as WhatIfContext;
      const scenarios = generateWhatIfCandidates(context, input.n as number).map((s) => ({
        name: s.name,
        description: s.description,
        faults: s.faults.map((f) => ({ kind: f.kind, target: f.target, at: f.at, duration: f.duration, params: Object.entries(f.params ?? {}).map(([name, value]) => ({ name, value })) })),
      }));
      return { scenarios };
    }
  }
}

/** A responder for the fake server that answers every supervisor prompt like a competent model. */
export async function modelResponder(request: RecordedRequest): Promise<ScriptedResponse> {
  return jsonCompletion(await modelReply(request));
}
