// Retry policy for model requests: which failures are worth another try, and how long to wait (Retry-After, else backoff, no jitter).
import { ReplyLimitError } from "./bounded-fetch";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { redactedMessage } from "./redact";

/** How failed requests are retried. Delays are a pure function of the attempt and Retry-After: no random jitter. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** Wait before the first retry; doubles each retry. */
  baseDelayMs: number;
  /** Cap of the doubling backoff. */
  maxDelayMs: number;
  /** A server asking to wait longer than this is not waited for: the call fails (and falls back) at once. */
  maxRetryAfterMs: number;
}

/** Defaults of `RetryPolicy`. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** What to do about a failed request. */
export type FailureClass =
  | { kind: "retryable"; reason: string; retryAfterMs?: number }
  /** The server does not accept the response format asked for (use a weaker one). */
  | { kind: "format_rejected"; reason: string }
  /** The model does not accept a sampling parameter (reasoning models refuse temperature): send it no more. */
  | { kind: "parameter_rejected"; parameter: DroppableParameter; reason: string }
  | { kind: "fatal"; reason: string }
  | { kind: "aborted" };

/** Milliseconds to wait before retry number `retry` (0-based): Retry-After when the server gave one, else base × 2^retry capped. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.max(0, retryAfterMs);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
}

/** Minimal view of response headers (fetch `Headers` fits). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The wait a server asks for, from `retry-after-ms` or `retry-after` (seconds or an HTTP date), in ms. */
export function parseRetryAfter(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Request parameters that may be dropped when a model refuses them. */
export type DroppableParameter = "temperature" | "seed" | "max_tokens";

const PARAMETER_REFUSAL = /unsupported|not supported|does not support|only the default|not allowed|unrecognized/i;
const FORMAT_WORDS = /response_format|json_schema|json schema|structured output|invalid schema/i;

/** Sorts an error thrown by the `openai` client into retry, downgrade, give up or cancelled; reasons are redacted. */
export function classifyFailure(error: unknown, secrets: readonly (string | undefined)[]): FailureClass {
  if (error instanceof APIUserAbortError) return { kind: "aborted" };
  // A reply over the size limit or past the total deadline is not retried: the same server would do it again.
  const limit = findLimitError(error);
  if (limit) return { kind: "fatal", reason: limit.message };
  if (error instanceof APIConnectionTimeoutError) return { kind: "retryable", reason: "the request timed out" };
  if (error instanceof APIConnectionError) {
    const cause = error.cause === undefined ? "" : `: ${redactedMessage(error.cause, secrets)}`;
    return { kind: "retryable", reason: `could not connect to the server${cause}` };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    // The client's message starts with the status already.
    const reason = `the server answered ${status}: ${redactedMessage(error.message.replace(/^\d{3}\s*/, ""), secrets)}`;
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      return { kind: "retryable", reason, retryAfterMs: parseRetryAfter(error.headers) };
    }
    if (status === 400 || status === 422) {
      if (FORMAT_WORDS.test(error.message)) return { kind: "format_rejected", reason };
      const parameter = (["temperature", "seed", "max_tokens"] as const).find((p) => error.message.includes(p));
      if (parameter && PARAMETER_REFUSAL.test(error.message)) return { kind: "parameter_rejected", parameter, reason };
    }
    return { kind: "fatal", reason };
  }
  return { kind: "fatal", reason: redactedMessage(error, secrets) };
}

function findLimitError(error: unknown): ReplyLimitError | undefined {
  for (let e = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) if (e instanceof ReplyLimitError) return e;
  return undefined;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
