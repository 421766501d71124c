// A scripted OpenAI-compatible HTTP server on loopback (POST /v1/chat/completions) for driving the real `openai` client in tests.
import type { IncomingHttpHeaders, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted reply: status, JSON (or raw text) body, headers and a delay before answering. */
export interface ScriptedResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Adversarial behaviour instead of a normal reply (issue 18): see `ServerFault`. */
  fault?: ServerFault;
}

/**
 * How a hostile or broken server misbehaves: `drip` sends headers then one byte every `everyMs` forever; `huge` streams
 * `bytes` of a valid-looking body as fast as it can; `hang` accepts and never answers; `reset` drops the connection.
 */
export type ServerFault = { kind: "drip"; everyMs: number } | { kind: "huge"; bytes: number } | { kind: "hang" } | { kind: "reset" };

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (a chat completion request). */
  body: ChatRequestBody;
  /** Wall-clock ms when it arrived. */
  at: number;
}

/** The parts of a chat completion request the tests look at. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
  [key: string]: unknown;
}

/** Computes a reply from the request (used when the script is empty, or as one scripted step). */
export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

/** A chat.completion body whose message content is `content`. */
export function completion(content: string, usage = { prompt_tokens: 11, completion_tokens: 7 }, model = "fake-model"): ScriptedResponse {
  return {
    status: 200,
    body: {
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 0,
      model,
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}

/** A chat.completion whose content is `value` as JSON. */
export function jsonCompletion(value: unknown, usage?: { prompt_tokens: number; completion_tokens: number }): ScriptedResponse {
  return completion(JSON.stringify(value), usage);
}

/** An OpenAI-style error body with `status`. */
export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): ScriptedResponse {
  return { status, headers, body: { error: { message, type: "test_error", param: null, code: null } } };
}

/** The loopback server; `start()` binds 127.0.0.1 on a free port. */
export class FakeOpenAIServer {
  readonly requests: RecordedRequest[] = [];
  /** Most requests being answered at the same time so far. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly script: (ScriptedResponse | Responder)[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly intervals = new Set<ReturnType<typeof setInterval>>();
  private fallbackResponder: Responder | undefined;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Starts a server; `responder` answers whenever the script is empty. */
  static async start(responder?: Responder): Promise<FakeOpenAIServer> {
    let instance: FakeOpenAIServer | undefined;
    const server = createServer((req, res) => instance?.handle(req.method ?? "", req.url ?? "", req.headers, req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    instance = new FakeOpenAIServer(server, (server.address() as AddressInfo).port);
    instance.fallbackResponder = responder;
    return instance;
  }

  /** The base URL to give the client. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Appends replies to the script, answered in order. */
  enqueue(...responses: (ScriptedResponse | Responder)[]): void {
    this.script.push(...responses);
  }

  /** Replaces the responder used when the script is empty. */
  respondWith(responder: Responder | undefined): void {
    this.fallbackResponder = responder;
  }

  /** Stops listening and drops open connections (delayed replies are abandoned). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.intervals) clearInterval(timer);
    this.intervals.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: string, headers: IncomingHttpHeaders, req: NodeJS.ReadableStream, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: ChatRequestBody;
      try {
        body = JSON.parse(text) as ChatRequestBody;
      } catch {
        body = { model: "", messages: [] };
      }
      const recorded: RecordedRequest = { method, url, headers, body, at: Date.now() };
      this.requests.push(recorded);
      if (method !== "POST" || !url.endsWith("/chat/completions")) return this.reply(res, { status: 404, body: { error: { message: `no route ${method} ${url}` } } });
      const step = this.script.shift() ?? this.fallbackResponder;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      new Promise<ScriptedResponse>((resolve) => resolve(step === undefined ? errorResponse(500, "the fake server has no scripted response left") : typeof step === "function" ? step(recorded) : step))
        .catch((error: unknown) => errorResponse(500, `the responder threw: ${error instanceof Error ? error.message : String(error)}`))
        .then((response) => this.answer(res, response));
    });
  }

  private answer(res: ServerResponse, response: ScriptedResponse): void {
    const send = () => {
      this.inFlight--;
      this.reply(res, response);
    };
    if (!response.delayMs) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, response.delayMs);
    this.timers.add(timer);
    res.on("close", () => {
      // The client gave up (timeout, abort) before the delayed reply: forget it.
      if (this.timers.delete(timer)) {
        clearTimeout(timer);
        this.inFlight--;
      }
    });
  }

  private reply(res: ServerResponse, response: ScriptedResponse): void {
    if (res.destroyed) return;
    if (response.fault) return this.misbehave(res, response.fault);
    const raw = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? {});
    res.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers });
    res.end(raw);
  }

  private misbehave(res: ServerResponse, fault: ServerFault): void {
    switch (fault.kind) {
      case "reset":
        res.socket?.destroy();
        return;
      case "hang":
        return;
      case "drip": {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{");
        const timer: ReturnType<typeof setInterval> = setInterval(() => {
          if (res.destroyed) return clearInterval(timer);
          res.write(" ");
        }, fault.everyMs);
        res.on("close", () => clearInterval(timer));
        this.intervals.add(timer);
        return;
      }
      case "huge": {
        res.writeHead(200, { "content-type": "application/json" });
        const piece = Buffer.alloc(64 * 1024, "a");
        let sent = 0;
        res.write('{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"');
        const pump = () => {
          while (sent < fault.bytes && !res.destroyed) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once("drain", pump);
          }
          if (!res.destroyed) res.end('"},"finish_reason":"stop"}]}');
        };
        pump();
        return;
      }
    }
  }
}
