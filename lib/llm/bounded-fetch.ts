// A fetch for the OpenAI client that bounds each exchange: a total deadline covering a slow body, and a maximum reply size read as a stream.
import { ResourceLimitError, invalidArgument } from "../errors";
import { MAX_DEADLINE_MS, MIN_DEADLINE_MS } from "../limits";

/** Defaults of `boundedFetch`. */
export const BOUNDED_FETCH_DEFAULTS = {
  /** A structured answer is a few KB; 1 MB leaves room for verbose local models and refuses a runaway stream. */
  maxBytes: 1_000_000,
  totalMs: 60_000,
};

export interface BoundedFetchOptions {
  /** Largest reply body in bytes; reading stops and the request fails past it. */
  maxBytes?: number;
  /** Wall-clock ms for the whole exchange, from sending to the last byte of the body (1 ms … 24 h). */
  totalMs?: number;
  /** The fetch to wrap (global `fetch` by default). */
  fetch?: typeof fetch;
}

/** Thrown (as the cause the client reports) when a reply is too large or too slow. */
export class ReplyLimitError extends ResourceLimitError {}

/**
 * Wraps `fetch` so that a server can neither send an unbounded reply nor hold a request open by dripping bytes:
 * the body is read here, chunk by chunk, under `maxBytes` and a deadline that started when the request was sent.
 */
export function boundedFetch(options: BoundedFetchOptions = {}): typeof fetch {
  const api = "boundedFetch";
  const maxBytes = options.maxBytes ?? BOUNDED_FETCH_DEFAULTS.maxBytes;
  const totalMs = options.totalMs ?? BOUNDED_FETCH_DEFAULTS.totalMs;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1)) throw invalidArgument(api, "options.maxBytes", "an integer >= 1", maxBytes);
  if (!(typeof totalMs === "number" && totalMs >= MIN_DEADLINE_MS && totalMs <= MAX_DEADLINE_MS)) throw invalidArgument(api, "options.totalMs", `a number of ms from ${MIN_DEADLINE_MS} to ${MAX_DEADLINE_MS}`, totalMs);
  const base = options.fetch ?? fetch;
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new ReplyLimitError(`the server did not finish its reply within ${totalMs} ms (timeoutMs)`)), totalMs);
    try {
      const response = await base(input, { ...init, signal: controller.signal });
      const body = await readLimited(response, maxBytes, controller);
      const headers = new Headers(response.headers);
      // The body is already decoded and complete: its old length and encoding no longer describe it.
      headers.delete("content-length");
      headers.delete("content-encoding");
      return new Response(body, { status: response.status, statusText: response.statusText, headers });
    } catch (error) {
      const reason = controller.signal.reason;
      if (reason instanceof ReplyLimitError) throw reason;
      throw error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  };
}

async function readLimited(response: Response, maxBytes: number, controller: AbortController): Promise<Uint8Array | null> {
  if (!response.body) return null;
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    controller.abort(new ReplyLimitError(`the server announced a ${declared}-byte reply, over maxReplyBytes ${maxBytes}`));
    throw controller.signal.reason;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      controller.abort(new ReplyLimitError(`the reply passed maxReplyBytes ${maxBytes} bytes and was cut off`));
      await reader.cancel().catch(() => undefined);
      throw controller.signal.reason;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
