// One structured exchange with an OpenAI-compatible server: cache, concurrency limit, retries, format downgrade, parse, validate, one repair.
import type OpenAI from "openai";
import type { Problem } from "../errors";
import { invalidArgument } from "../errors";
import type { ResponseCache } from "./cache";
import { cacheKey } from "./cache";
import { extractJsonObject } from "./json-extract";
import { ConcurrencyLimiter } from "./limiter";
import { redactSecrets } from "./redact";
import type { DroppableParameter, RetryPolicy } from "./retry";
import { backoffDelayMs, classifyFailure, DEFAULT_RETRY_POLICY, sleep } from "./retry";
import type { JsonSchema } from "./schema";
import { portableSchema, schemaProblems } from "./schema";
import type { AnswerUsage, RequestKind, ResponseFormatMode, SupervisorWarning, UsageTotals } from "./types";
import { emptyUsageTotals } from "./usage";

/** Defaults of `StructuredChatOptions`. */
export const STRUCTURED_CHAT_DEFAULTS = {
  temperature: 0,
  responseFormat: "json_schema" as ResponseFormatMode,
  strict: true,
  /** Per HTTP attempt. */
  timeoutMs: 60_000,
  maxConcurrency: 4,
  cacheMode: "read_write" as CacheMode,
};

/** How the response cache is used: read and write; read only; or replay (cache only, the network is never used). */
export type CacheMode = "read_write" | "read_only" | "replay";

/** One chat message. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Options of `StructuredChat`. */
export interface StructuredChatOptions {
  /** An `OpenAI` (or `AzureOpenAI`) client; its own retries are not used (this layer retries, deterministically). */
  client: OpenAI;
  model: string;
  /** Sampling temperature; `null` omits it (for models that accept only their default). */
  temperature?: number | null;
  /** Sent as `seed` when set (servers that support it sample reproducibly). */
  seed?: number;
  /** The format tried first; a server that rejects it is asked with the next weaker one from then on. */
  responseFormat?: ResponseFormatMode;
  /** `strict` of the json_schema response format. */
  strict?: boolean;
  /** Timeout of one HTTP attempt, ms. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** HTTP requests in flight at once. */
  maxConcurrency?: number;
  /** `max_tokens` of each request; omitted when unset. */
  maxTokens?: number;
  cache?: ResponseCache;
  cacheMode?: CacheMode;
  /** Strings redacted from every reason and warning (the API key). */
  secrets?: readonly (string | undefined)[];
}

/** One question with a JSON reply. */
export interface StructuredRequest<T> {
  request: RequestKind;
  /** The response_format name (a-z, 0-9, _ and -). */
  schemaName: string;
  schema: JsonSchema;
  messages: ChatMessage[];
  /** Checks beyond the schema (referenced nodes exist, ...); problems make the reply invalid. */
  check?: (data: T) => Problem[];
  signal?: AbortSignal;
}

/** A validated reply, or why there is none. */
export type StructuredResult<T> =
  | { ok: true; data: T; usage: AnswerUsage; warnings: SupervisorWarning[] }
  | { ok: false; reason: string; warnings: SupervisorWarning[] };

type Interpretation<T> = { ok: true; data: T } | { ok: false; problems: string[] };
type Sent = { ok: true; content: string; promptTokens: number; completionTokens: number } | { ok: false; reason: string };

const WEAKER: Record<ResponseFormatMode, ResponseFormatMode | undefined> = { json_schema: "json_object", json_object: "plain", plain: undefined };

/** Asks an OpenAI-compatible server for JSON replies that pass a schema; never throws for server trouble (returns `ok: false`), only for cancellation. */
export class StructuredChat {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly temperature: number | null;
  private readonly seed: number | undefined;
  private readonly strict: boolean;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly maxTokens: number | undefined;
  private readonly cache: ResponseCache | undefined;
  private readonly cacheMode: CacheMode;
  private readonly secrets: readonly (string | undefined)[];
  private readonly limiter: ConcurrencyLimiter;
  private format: ResponseFormatMode;
  /** Parameters the server refused; they are no longer sent. */
  private readonly dropped = new Set<DroppableParameter>();
  private counters: UsageTotals = emptyUsageTotals();

  /** `new StructuredChat({ client, model: "gpt-4o-mini" })` */
  constructor(options: StructuredChatOptions) {
    const api = "StructuredChat";
    if (typeof options.model !== "string" || options.model === "") throw invalidArgument(api, "options.model", "a model name", options.model);
    const timeoutMs = options.timeoutMs ?? STRUCTURED_CHAT_DEFAULTS.timeoutMs;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw invalidArgument(api, "options.timeoutMs", "an integer >= 1", timeoutMs);
    this.client = options.client;
    this.model = options.model;
    this.temperature = options.temperature === undefined ? STRUCTURED_CHAT_DEFAULTS.temperature : options.temperature;
    this.seed = options.seed;
    this.strict = options.strict ?? STRUCTURED_CHAT_DEFAULTS.strict;
    this.timeoutMs = timeoutMs;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    if (!Number.isInteger(this.retry.maxRetries) || this.retry.maxRetries < 0) throw invalidArgument(api, "options.retry.maxRetries", "an integer >= 0", this.retry.maxRetries);
    this.maxTokens = options.maxTokens;
    this.cache = options.cache;
    this.cacheMode = options.cacheMode ?? STRUCTURED_CHAT_DEFAULTS.cacheMode;
    if (this.cacheMode === "replay" && this.cache === undefined) throw invalidArgument(api, "options.cache", 'a ResponseCache when cacheMode is "replay"', undefined);
    this.secrets = options.secrets ?? [];
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency ?? STRUCTURED_CHAT_DEFAULTS.maxConcurrency);
    this.format = options.responseFormat ?? STRUCTURED_CHAT_DEFAULTS.responseFormat;
  }

  /** The response format requests use now (it weakens when a server rejects one). */
  get responseFormat(): ResponseFormatMode {
    return this.format;
  }

  /** Request, retry, token and cache counters so far (`calls` and `fallbacks` are the supervisor's). */
  usage(): UsageTotals {
    return { ...this.counters };
  }

  /** Sets every counter back to zero. */
  resetUsage(): void {
    this.counters = emptyUsageTotals();
  }

  /** Asks one question; a reply that fails its schema or `check` gets one repair request quoting the problems. */
  async ask<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>> {
    const warnings: SupervisorWarning[] = [];
    const key = cacheKey({ model: this.model, messages: request.messages, schemaName: request.schemaName, schema: request.schema, temperature: this.temperature, seed: this.seed });
    if (this.cache) {
      const entry = await this.cache.get(key);
      if (entry) {
        const cached = this.interpret(entry.content, request);
        if (cached.ok) {
          this.counters.cacheHits++;
          return { ok: true, data: cached.data, usage: { ...entry.usage, cached: true }, warnings };
        }
        warnings.push({ kind: "cache_ignored", request: request.request, reason: `the cached reply no longer validates: ${cached.problems.slice(0, 3).join("; ")}` });
      }
      if (this.cacheMode === "replay") {
        return { ok: false, reason: `no cached reply for this ${request.request} request (key ${key.slice(0, 12)}); replay mode never uses the network`, warnings };
      }
    }
    const first = await this.send(request.messages, request, warnings);
    if (!first.ok) return { ok: false, reason: first.reason, warnings };
    let promptTokens = first.promptTokens;
    let completionTokens = first.completionTokens;
    let content = first.content;
    let reading = this.interpret(content, request);
    if (!reading.ok) {
      const problems = reading.problems;
      this.counters.repairs++;
      const repair: ChatMessage[] = [
        ...request.messages,
        { role: "assistant", content },
        { role: "user", content: repairPrompt(problems) },
      ];
      const second = await this.send(repair, request, warnings);
      if (!second.ok) return { ok: false, reason: `the reply was invalid (${problems.slice(0, 3).join("; ")}) and the repair request failed: ${second.reason}`, warnings };
      promptTokens += second.promptTokens;
      completionTokens += second.completionTokens;
      content = second.content;
      reading = this.interpret(content, request);
      if (!reading.ok) return { ok: false, reason: `the reply was invalid twice: ${reading.problems.slice(0, 5).join("; ")}`, warnings };
      warnings.push({ kind: "repaired", request: request.request, problems: problems.slice(0, 10) });
    }
    if (this.cache && this.cacheMode === "read_write") {
      await this.cache.set({ key, model: this.model, schemaName: request.schemaName, content, usage: { promptTokens, completionTokens } });
    }
    return { ok: true, data: reading.data, usage: { promptTokens, completionTokens, cached: false }, warnings };
  }

  private interpret<T>(content: string, request: StructuredRequest<T>): Interpretation<T> {
    const extracted = extractJsonObject(content);
    if (!extracted.ok) return { ok: false, problems: [extracted.reason] };
    const problems = schemaProblems(request.schema, extracted.value);
    if (problems.length > 0) return { ok: false, problems: problems.map((p) => `${p.path}: ${p.message}`) };
    const data = extracted.value as T;
    const more = request.check ? request.check(data) : [];
    if (more.length > 0) return { ok: false, problems: more.map((p) => `${p.path}: ${p.message}`) };
    return { ok: true, data };
  }

  /** One logical request: retries retryable failures, weakens the format when the server rejects it. */
  private async send<T>(messages: ChatMessage[], request: StructuredRequest<T>, warnings: SupervisorWarning[]): Promise<Sent> {
    let retry = 0;
    for (;;) {
      const format = this.format;
      try {
        this.counters.requests++;
        const completion = await this.limiter.run(
          () => this.client.chat.completions.create(this.body(messages, request, format), { signal: request.signal, timeout: this.timeoutMs, maxRetries: 0 }),
          request.signal,
        );
        const promptTokens = completion.usage?.prompt_tokens ?? 0;
        const completionTokens = completion.usage?.completion_tokens ?? 0;
        this.counters.promptTokens += promptTokens;
        this.counters.completionTokens += completionTokens;
        this.counters.totalTokens += completion.usage?.total_tokens ?? promptTokens + completionTokens;
        const message = completion.choices?.[0]?.message;
        if (message?.refusal) return { ok: false, reason: `the model refused: ${this.clean(message.refusal)}` };
        return { ok: true, content: message?.content ?? "", promptTokens, completionTokens };
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        const failure = classifyFailure(error, this.secrets);
        switch (failure.kind) {
          case "aborted":
            throw error;
          case "format_rejected": {
            const weaker = WEAKER[format];
            if (weaker === undefined) return { ok: false, reason: failure.reason };
            // Another request may have weakened it already; never strengthen it back.
            if (this.format === format) {
              this.format = weaker;
              warnings.push({ kind: "format_downgrade", from: format, to: weaker, reason: failure.reason });
            }
            continue;
          }
          case "parameter_rejected":
            if (this.dropped.has(failure.parameter)) return { ok: false, reason: failure.reason };
            this.dropped.add(failure.parameter);
            warnings.push({ kind: "parameter_dropped", parameter: failure.parameter, reason: failure.reason });
            continue;
          case "fatal":
            return { ok: false, reason: failure.reason };
          case "retryable": {
            const attempts = retry + 1;
            if (retry >= this.retry.maxRetries) return { ok: false, reason: `${failure.reason} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"})` };
            if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.retry.maxRetryAfterMs) {
              return { ok: false, reason: `${failure.reason} (the server asked to wait ${failure.retryAfterMs} ms, more than maxRetryAfterMs ${this.retry.maxRetryAfterMs})` };
            }
            await sleep(backoffDelayMs(this.retry, retry, failure.retryAfterMs), request.signal);
            retry++;
            this.counters.retries++;
            continue;
          }
        }
      }
    }
  }

  private body<T>(messages: ChatMessage[], request: StructuredRequest<T>, format: ResponseFormatMode): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: this.model, messages };
    if (this.temperature !== null && !this.dropped.has("temperature")) body.temperature = this.temperature;
    if (this.seed !== undefined && !this.dropped.has("seed")) body.seed = this.seed;
    if (this.maxTokens !== undefined && !this.dropped.has("max_tokens")) body.max_tokens = this.maxTokens;
    if (format === "json_schema") {
      const schema = portableSchema(request.schema) as Record<string, unknown>;
      body.response_format = { type: "json_schema", json_schema: { name: request.schemaName, schema, strict: this.strict } };
    } else if (format === "json_object") {
      body.response_format = { type: "json_object" };
    }
    return body;
  }

  private clean(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

function repairPrompt(problems: string[]): string {
  const listed = problems.slice(0, 10).map((p) => `- ${p}`).join("\n");
  return `Your reply could not be used:\n${listed}\nReply again with only the corrected JSON object, matching the schema exactly.`;
}
