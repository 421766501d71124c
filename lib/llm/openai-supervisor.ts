// The model-backed supervisor: asks an OpenAI-compatible server (OpenAI, Azure, Ollama, vLLM, llama.cpp) and falls back to the heuristic.
import { boundedFetch } from "./bounded-fetch";
import OpenAI from "openai";
import { invalidArgument } from "../errors";
import { ResponseCache } from "./cache";
import { DEFAULT_MODEL } from "./config";
import { checkWhatIfCount, HeuristicSupervisor } from "./heuristic-supervisor";
import { checkIncidentInput, checkStateInput, checkWhatIfContext } from "./input-schemas";
import { actionMessages, diagnosisMessages, summaryMessages, whatIfMessages } from "./prompts";
import { redactSecrets } from "./redact";
import type { ActionsReply, DiagnosisReply, SummaryReply, WhatIfsReply } from "./reply-schemas";
import { actionsReplySchema, diagnosisProblems, diagnosisReplySchema, summaryReplySchema, toAction, toWhatIfProposal, whatIfsReplySchema } from "./reply-schemas";
import type { Problem } from "../errors";
import type { StructuredChatOptions, StructuredRequest } from "./structured-chat";
import { STRUCTURED_CHAT_DEFAULTS, StructuredChat } from "./structured-chat";
import type {
  Action,
  ActionPlan,
  AnswerUsage,
  CallOptions,
  Diagnosis,
  IncidentInput,
  StateInput,
  Summary,
  Supervisor,
  SupervisorAnswer,
  SupervisorName,
  SupervisorWarning,
  UsageTotals,
  WhatIfContext,
  WhatIfSet,
} from "./types";
import { validateWhatIfs } from "./what-if-validate";

/** Options of `OpenAISupervisor`; everything but `client`/`apiKey` is optional. */
export interface OpenAISupervisorOptions extends Omit<StructuredChatOptions, "client" | "model" | "cache" | "secrets"> {
  /** Model name; default "gpt-4o-mini". */
  model?: string;
  /** API key; a local server without keys (Ollama, llama.cpp) needs none. Never logged, cached or shown. */
  apiKey?: string;
  /** e.g. "http://localhost:11434/v1" (Ollama), "https://<resource>.openai.azure.com/openai/v1/" (Azure). */
  baseURL?: string;
  /** Extra headers (Azure's `api-key`, a gateway's tenant header). */
  defaultHeaders?: Record<string, string>;
  /** Extra query parameters (Azure's `api-version`). */
  defaultQuery?: Record<string, string>;
  /** A ready client instead of apiKey/baseURL (an `AzureOpenAI`, a client with a custom fetch). */
  client?: OpenAI;
  /** A response cache, or the folder of one. */
  cache?: ResponseCache | string;
  /** Who answers when the model cannot; default a `HeuristicSupervisor`. */
  fallback?: Supervisor;
  /** Largest reply body in bytes (default 1 MB); a longer reply is cut off and the heuristic answers. */
  maxReplyBytes?: number;
  /** Called with every warning (fallback, repair, format downgrade); default prints one line to stderr. */
  onWarning?: (warning: SupervisorWarning) => void;
}

/** The nodes an answer about `incident` may name: its context nodes, then alerting nodes missing from the context. */
function incidentNodeIds(incident: IncidentInput): string[] {
  const ids = incident.context.nodes.map((n) => n.id);
  const seen = new Set(ids);
  for (const alert of incident.alerts) {
    if (!seen.has(alert.node)) {
      seen.add(alert.node);
      ids.push(alert.node);
    }
  }
  return ids;
}

/** The one-line text of a warning. */
export function describeWarning(warning: SupervisorWarning): string {
  switch (warning.kind) {
    case "fallback":
      return `${warning.request}: the model did not answer (${warning.reason}); the heuristic supervisor answered instead`;
    case "repaired":
      return `${warning.request}: the first reply was invalid (${warning.problems.slice(0, 2).join("; ")}); a corrected reply was accepted`;
    case "format_downgrade":
      return `the server refused response_format ${warning.from} (${warning.reason}); using ${warning.to} from now on`;
    case "parameter_dropped":
      return `the model refused ${warning.parameter} (${warning.reason}); it is no longer sent`;
    case "cache_ignored":
      return `${warning.request}: ${warning.reason}`;
  }
}

/** Asks a model for each answer; any failure after retries is answered by the fallback (the heuristic) with a `fallback` warning. */
export class OpenAISupervisor implements Supervisor {
  readonly name: SupervisorName;
  readonly model: string;
  private readonly chat: StructuredChat;
  private readonly fallback: Supervisor;
  private readonly onWarning: (warning: SupervisorWarning) => void;
  private readonly recorded: SupervisorWarning[] = [];
  private calls = 0;
  private fallbacks = 0;

  /** `new OpenAISupervisor({ apiKey, model: "gpt-4o-mini" })`, `new OpenAISupervisor({ baseURL: "http://localhost:11434/v1", model: "llama3.1" })` */
  constructor(options: OpenAISupervisorOptions = {}) {
    const model = options.model ?? DEFAULT_MODEL;
    if (typeof model !== "string" || model.trim() === "") throw invalidArgument("OpenAISupervisor", "options.model", "a model name", model);
    const secrets = [options.apiKey];
    const client =
      options.client ??
      new OpenAI({
        // Local servers need no key, but the client insists on one; this placeholder is not a secret.
        apiKey: options.apiKey ?? "no-key",
        baseURL: options.baseURL,
        defaultHeaders: options.defaultHeaders,
        defaultQuery: options.defaultQuery,
        // This layer retries (deterministically) and times out per attempt; the client must not add its own.
        maxRetries: 0,
        timeout: options.timeoutMs,
        // The deadline covers the body too, and the body is read under a size limit (a dripping or endless reply fails).
        fetch: boundedFetch({ maxBytes: options.maxReplyBytes, totalMs: options.timeoutMs ?? STRUCTURED_CHAT_DEFAULTS.timeoutMs }),
      });
    if (options.defaultHeaders) for (const value of Object.values(options.defaultHeaders)) secrets.push(value);
    const cache = typeof options.cache === "string" ? new ResponseCache(options.cache, { secrets }) : options.cache;
    this.model = model;
    this.name = `openai:${model}`;
    this.chat = new StructuredChat({ ...options, client, model, cache, secrets });
    this.fallback = options.fallback ?? new HeuristicSupervisor();
    this.onWarning = options.onWarning ?? ((w) => console.warn(`infratwin llm: ${redactSecrets(describeWarning(w), secrets)}`));
  }

  /** Summarises the estate. */
  async summarize(state: StateInput, options: CallOptions = {}): Promise<Summary> {
    checkStateInput("OpenAISupervisor.summarize", state);
    const schema = summaryReplySchema();
    return this.ask<SummaryReply, Summary>(
      { request: "summarize", schemaName: "infratwin_summary", schema, messages: summaryMessages(state, schema), signal: options.signal },
      (reply, usage) => ({ kind: "summary", supervisor: this.name, time: state.time, text: reply.text, highlights: reply.highlights, warnings: [], usage }),
      () => this.fallback.summarize(state, options),
    );
  }

  /** Ranks root-cause candidates (re-sorted by confidence, most likely first). */
  async diagnose(incident: IncidentInput, options: CallOptions = {}): Promise<Diagnosis> {
    checkIncidentInput("OpenAISupervisor.diagnose", incident);
    const ids = incidentNodeIds(incident);
    const known = new Set(ids);
    const schema = diagnosisReplySchema(ids);
    return this.ask<DiagnosisReply, Diagnosis>(
      {
        request: "diagnose",
        schemaName: "infratwin_diagnosis",
        schema,
        messages: diagnosisMessages(incident, schema),
        check: (reply) => diagnosisProblems(reply, known),
        signal: options.signal,
      },
      (reply, usage) => ({
        kind: "diagnosis",
        supervisor: this.name,
        incidentId: incident.id,
        time: incident.time,
        candidates: reply.candidates.map((c, i) => ({ c, i })).sort((a, b) => b.c.confidence - a.c.confidence || a.i - b.i).map(({ c }) => c),
        warnings: [],
        usage,
      }),
      () => this.fallback.diagnose(incident, options),
    );
  }

  /** Proposes corrective actions; each must name nodes of the incident and carry the fields its kind needs. */
  async proposeActions(incident: IncidentInput, options: CallOptions = {}): Promise<ActionPlan> {
    checkIncidentInput("OpenAISupervisor.proposeActions", incident);
    const ids = incidentNodeIds(incident);
    const known = new Set(ids);
    const schema = actionsReplySchema(ids);
    const convert = (reply: ActionsReply) => {
      const actions: Action[] = [];
      const problems: Problem[] = [];
      reply.actions.forEach((flat, i) => {
        const result = toAction(flat, known, `$.actions[${i}]`);
        if (result.ok) actions.push(result.action);
        else problems.push(...result.problems);
      });
      return { actions, problems };
    };
    return this.ask<ActionsReply, ActionPlan>(
      { request: "propose_actions", schemaName: "infratwin_actions", schema, messages: actionMessages(incident, schema), check: (reply) => convert(reply).problems, signal: options.signal },
      (reply, usage) => ({ kind: "action_plan", supervisor: this.name, incidentId: incident.id, time: incident.time, actions: convert(reply).actions, warnings: [], usage }),
      () => this.fallback.proposeActions(incident, options),
    );
  }

  /** Proposes up to `n` what-ifs; each is validated against the context, and rejected ones are listed with their problems. */
  async generateWhatIfs(context: WhatIfContext, n: number, options: CallOptions = {}): Promise<WhatIfSet> {
    checkWhatIfCount("OpenAISupervisor.generateWhatIfs", n);
    checkWhatIfContext("OpenAISupervisor.generateWhatIfs", context);
    const schema = whatIfsReplySchema();
    return this.ask<WhatIfsReply, WhatIfSet>(
      { request: "generate_what_ifs", schemaName: "infratwin_what_ifs", schema, messages: whatIfMessages(context, n, schema), signal: options.signal },
      (reply, usage) => {
        const { scenarios, rejected } = validateWhatIfs(reply.scenarios.slice(0, n).map(toWhatIfProposal), context);
        reply.scenarios.slice(n).forEach((extra, i) =>
          rejected.push({ index: n + i, scenario: toWhatIfProposal(extra), errors: [{ path: "$", message: `beyond the ${n} scenarios asked for` }] }),
        );
        return { kind: "what_ifs", supervisor: this.name, scenarios, rejected, warnings: [], usage };
      },
      () => this.fallback.generateWhatIfs(context, n, options),
    );
  }

  /** Calls, requests, retries, tokens, cache hits, repairs and fallbacks since creation (or `resetUsage`). */
  usage(): UsageTotals {
    return { ...this.chat.usage(), calls: this.calls, fallbacks: this.fallbacks };
  }

  /** Sets every counter back to zero (e.g. between runs). */
  resetUsage(): void {
    this.chat.resetUsage();
    this.calls = 0;
    this.fallbacks = 0;
  }

  /** Every warning so far. */
  warnings(): readonly SupervisorWarning[] {
    return [...this.recorded];
  }

  private record(warning: SupervisorWarning): void {
    this.recorded.push(warning);
    try {
      this.onWarning(warning);
    } catch {
      // A failing warning hook must not turn an answer into an error.
    }
  }

  private async ask<R, A extends SupervisorAnswer>(
    request: StructuredRequest<R>,
    build: (reply: R, usage: AnswerUsage) => A,
    fallback: () => Promise<A>,
  ): Promise<A> {
    request.signal?.throwIfAborted();
    this.calls++;
    const result = await this.chat.ask(request);
    for (const warning of result.warnings) this.record(warning);
    if (result.ok) {
      const answer = build(result.data, result.usage);
      answer.warnings = [...result.warnings];
      return answer;
    }
    this.fallbacks++;
    const warning: SupervisorWarning = { kind: "fallback", request: request.request, reason: result.reason };
    this.record(warning);
    const answer = await fallback();
    return { ...answer, warnings: [...result.warnings, warning, ...answer.warnings] };
  }
}
