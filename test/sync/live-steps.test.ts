// liveSteps against a real Prometheus scraping a planted reality: steps carry the raw samples, and a Prometheus outage becomes recorded gaps, then the steps resume.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { liveSteps, type LiveStep } from "../../lib/sync/live-steps";
import { skipWithoutPrometheus, startPrometheus, type PrometheusServer } from "../servers/prometheus";
import { startRealityExporter, type RealityExporter, type RealityFixture } from "../servers/reality-exporter";
import { scrapeConfig, waitFor, instantQuery } from "./live-prometheus";

/** Two nodes with flat latency and CPU; app-2's latency is ×5 from 10 s to 16 s. */
const FIXTURE: RealityFixture = {
  nodes: [
    { id: "app-1", kind: "application" },
    { id: "app-2", kind: "application" },
  ],
  metrics: ["latency_ms", "cpu"],
  value: (node, metric) => (metric === "cpu" ? 0.4 : node === "app-1" ? 40 : 60),
  faults: [{ node: "app-2", metric: "latency_ms", from: 10, to: 16, multiply: 5 }],
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

async function reality(): Promise<{ exporter: RealityExporter; prometheus: PrometheusServer; dir: string }> {
  const exporter = await startRealityExporter(FIXTURE);
  cleanup.push(exporter.close);
  const dir = mkdtempSync(join(tmpdir(), "infratwin-live-"));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const prometheus = await startPrometheus(scrapeConfig({ reality: exporter.target }), { dir });
  cleanup.push(() => prometheus.stop());
  await waitFor("the first scrape", async () => ((await instantQuery(prometheus.url, "cpu")).length === 2 ? true : undefined));
  return { exporter, prometheus, dir };
}

describe("liveSteps()", () => {
  it("rejects a query that is not a series selector, a bad pace and a bad URL, naming the field", async () => {
    const first = (options: Parameters<typeof liveSteps>[1], url = "http://127.0.0.1:9/") => liveSteps(url, options).next();
    await expect(first({ query: "rate(cpu[5m])" })).rejects.toThrow(/liveSteps: .*options\.query.*rate\(cpu\[5m\]\)/);
    await expect(first({ query: "{job=\"x\"}", pace: "fast" as never })).rejects.toThrow(/liveSteps: .*options\.pace.*"fast"/);
    await expect(first({ query: "cpu" }, "localhost:9090")).rejects.toThrow(/liveSteps: .*prometheus.*localhost:9090/);
  });

  it.skipIf(skipWithoutPrometheus())("as fast as data: each step holds the raw samples of its window, the planted latency jump included", async () => {
    const { exporter, prometheus } = await reality();
    // From the first whole second after the first scrape: every step has data.
    const start = Math.ceil(Date.now() / 1000) * 1000;
    const steps: LiveStep[] = [];
    for await (const step of liveSteps(prometheus.url, { query: '{job="reality"}', step: "2s", start, until: Math.max(start, exporter.startedAt + 18_000) + 4000, pace: "as-fast-as-data", lag: 5, pollMs: 200 })) steps.push(step);
    const data = steps.filter((s): s is Extract<LiveStep, { kind: "data" }> => s.kind === "data");
    expect(steps.map((s) => s.kind).every((k) => k === "data")).toBe(true);
    expect(data.map((s) => s.time)).toEqual(data.map((_, i) => start + (i + 1) * 2000));
    for (const step of data) {
      expect(step.samples.every((s) => s.time > step.time - 2000 && s.time <= step.time)).toBe(true);
      expect(new Set(step.samples.map((s) => `${s.node}/${s.metric}`)).size).toBe(4);
      for (const sample of step.samples) expect(sample.value, `${sample.node} ${sample.metric} at ${sample.time}`).toBe(exporter.valueAt(sample.node, sample.metric, sample.time));
    }
    const latency = (s: LiveStep) => (s.kind === "data" ? s.samples.filter((x) => x.node === "app-2" && x.metric === "latency_ms").map((x) => x.value) : []);
    // Steps wholly inside 10–16 s see 300 ms; the last step, after it, sees 60 ms again.
    const inside = data.filter((s) => s.time - 2000 >= exporter.startedAt + 10_000 && s.time <= exporter.startedAt + 16_000);
    expect(inside.length).toBeGreaterThan(0);
    for (const s of inside) expect(latency(s).every((v) => v === 300)).toBe(true);
    expect(latency(data[data.length - 1]).every((v) => v === 60)).toBe(true);
  }, 120_000);

  it.skipIf(skipWithoutPrometheus())("wall clock: Prometheus stopped mid-run is reported, its outage comes out as gap steps, and the steps resume when it is back", async () => {
    const { exporter, prometheus, dir } = await reality();
    const controller = new AbortController();
    const steps: LiveStep[] = [];
    let restarted: PrometheusServer | undefined;
    const outage = { from: 0, to: 0 };
    const reader = (async () => {
      for await (const step of liveSteps(prometheus.url, { query: '{job="reality"}', step: "1s", lag: 1.5, backoffMs: 200, maxBackoffMs: 1000, signal: controller.signal })) {
        steps.push(step);
        const data = steps.filter((s) => s.kind === "data").length;
        if (data === 3 && outage.from === 0) {
          // Take Prometheus down for about 5 s, then bring it back on the same port and data directory.
          outage.from = Date.now();
          await prometheus.stop();
          void new Promise((r) => setTimeout(r, 5000)).then(async () => {
            outage.to = Date.now();
            restarted = await startPrometheus(scrapeConfig({ reality: exporter.target }), { dir, port: prometheus.port });
          });
        }
        if (outage.to > 0 && steps.filter((s) => s.kind === "data" && s.time > outage.to + 2000).length >= 3) controller.abort();
      }
    })();
    await reader;
    cleanup.push(async () => restarted?.stop());
    const kinds = steps.map((s) => s.kind);
    expect(kinds).toContain("unreachable");
    expect(kinds).toContain("reachable");
    const gaps = steps.filter((s): s is Extract<LiveStep, { kind: "gap" }> => s.kind === "gap");
    // Nothing was scraped while Prometheus was down: those steps are gaps, not filled in.
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps) expect(g.time).toBeGreaterThan(outage.from - 2000);
    const timed = steps.filter((s): s is Extract<LiveStep, { kind: "data" | "gap" }> => s.kind === "data" || s.kind === "gap");
    // Every step came out exactly once, in order, through the outage.
    for (let i = 1; i < timed.length; i++) expect(timed[i].time - timed[i - 1].time).toBe(1000);
    expect(timed.filter((s) => s.kind === "data" && s.time > outage.to).length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
