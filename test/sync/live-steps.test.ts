// liveSteps' argument checks; its reading of a real Prometheus (raw samples per step, outages as gaps) is tested through syncLive in live.test.ts.
import { describe, expect, it } from "vitest";
import { liveSteps } from "../../lib/sync";

describe("liveSteps()", () => {
  it("rejects a query that is not a series selector, a bad pace and a bad URL, naming the field", async () => {
    const first = (options: Parameters<typeof liveSteps>[1], url = "http://127.0.0.1:9/") => liveSteps(url, options).next();
    await expect(first({ query: "rate(cpu[5m])" })).rejects.toThrow(/liveSteps: .*options\.query.*rate\(cpu\[5m\]\)/);
    await expect(first({ query: '{job="x"}', pace: "fast" as never })).rejects.toThrow(/liveSteps: .*options\.pace.*"fast"/);
    await expect(first({ query: "cpu" }, "localhost:9090")).rejects.toThrow(/liveSteps: .*prometheus.*localhost:9090/);
  });

  it("an unreachable server is reported once and retried with back-off, never thrown, until the signal stops it", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    // Port 9 (discard) on loopback refuses connections: the reader must keep backing off.
    for await (const step of liveSteps("http://127.0.0.1:9/", { query: '{job="x"}', step: 1, start: Date.now() - 5000, pace: "as-fast-as-data", backoffMs: 50, maxBackoffMs: 100, signal: controller.signal })) {
      seen.push(step.kind);
      setTimeout(() => controller.abort(), 500);
    }
    expect(seen).toEqual(["unreachable"]);
  });
});
