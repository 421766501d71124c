// Retry decisions and delays: Retry-After honoured, backoff doubling without jitter, failures sorted by kind.
import { describe, expect, it } from "vitest";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { backoffDelayMs, classifyFailure, DEFAULT_RETRY_POLICY, parseRetryAfter } from "../../lib/llm";
import { sleep } from "../../lib/llm/retry";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("backoffDelayMs()", () => {
  it("`backoffDelayMs()` doubles from the base delay up to the cap, the same every time", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 500 };
    expect([0, 1, 2, 3, 4].map((r) => backoffDelayMs(policy, r))).toEqual([100, 200, 400, 500, 500]);
  });

  it("`backoffDelayMs()` uses the server's Retry-After when given", () => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 0, 1234)).toBe(1234);
  });
});

describe("parseRetryAfter()", () => {
  it("`parseRetryAfter()` reads retry-after-ms, seconds and HTTP dates", () => {
    expect(parseRetryAfter(headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(parseRetryAfter(headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(headers({ "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" }), now)).toBe(3000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});

describe("classifyFailure()", () => {
  it("`classifyFailure()` retries rate limits and server errors, with the Retry-After they carry", () => {
    const limited = APIError.generate(429, { error: { message: "slow down" } }, undefined, headers({ "retry-after": "1" }));
    expect(classifyFailure(limited, [])).toMatchObject({ kind: "retryable", retryAfterMs: 1000 });
    expect(classifyFailure(APIError.generate(503, { error: { message: "busy" } }, undefined, headers({})), []).kind).toBe("retryable");
    expect(classifyFailure(new APIConnectionTimeoutError(), [])).toEqual({ kind: "retryable", reason: "the request timed out" });
    expect(classifyFailure(new APIConnectionError({ cause: new Error("ECONNREFUSED") }), []).kind).toBe("retryable");
  });

  it("`classifyFailure()` downgrades when the server rejects the response format, gives up on other client errors", () => {
    const format = APIError.generate(400, { error: { message: "response_format json_schema is not supported" } }, undefined, headers({}));
    expect(classifyFailure(format, []).kind).toBe("format_rejected");
    expect(classifyFailure(APIError.generate(401, { error: { message: "bad key" } }, undefined, headers({})), []).kind).toBe("fatal");
    expect(classifyFailure(new APIUserAbortError(), [])).toEqual({ kind: "aborted" });
  });

  it("`classifyFailure()` redacts the key from the reason", () => {
    const error = APIError.generate(401, { error: { message: "Incorrect API key provided: test-key-abcdef123" } }, undefined, headers({}));
    const failure = classifyFailure(error, ["test-key-abcdef123"]);
    expect(failure.kind === "fatal" && failure.reason).toBe("the server answered 401: Incorrect API key provided: [redacted]");
  });
});

describe("sleep()", () => {
  it("`sleep()` rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
