import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LiveSourceError, pollPrometheus, queryRange, readTelemetry, tailTelemetry, type LiveBatch } from "../../lib/ingest";
import { skipWithoutPrometheus, startPrometheus, type PrometheusServer } from "../servers/prometheus";
import { storeDifference } from "./fixtures";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), "ingest-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

describe("tailTelemetry() follows a growing file", () => {
  it("CSV: yields what is there, then each complete new line, keeping a partial line for later", async () => {
    const path = join(dir, "grow.csv");
    writeFileSync(path, "time,host,cpu\n0,a,0.1\n60,a,0.2\n");
    const source = tailTelemetry(path, { intervalMs: 20, idleTimeoutMs: 5000 });
    const batches: LiveBatch[] = [];
    for await (const batch of source) {
      batches.push(batch);
      if (batches.length === 1) appendFileSync(path, "120,a,0.3\n180,a,0.");
      if (batches.length === 2) appendFileSync(path, "4\n");
      if (batches.length === 3) break;
    }
    expect(batches.map((b) => b.samples.map((s) => s.value))).toEqual([[0.1, 0.2], [0.3], [0.4]]);
    expect(batches.map((b) => b.watermark)).toEqual([60_000, 120_000, 180_000]);
    expect(batches[0].samples[0]).toEqual({ time: 0, node: "a", metric: "cpu", value: 0.1 });
  });

  it("NDJSON, and a truncated (rotated) file is read again from its start", async () => {
    const path = join(dir, "grow.ndjson");
    writeFileSync(path, JSON.stringify({ time: "2026-11-25T00:00:00Z", node: "a", metric: "cpu", value: 0.5 }) + "\n");
    const got: number[] = [];
    for await (const batch of tailTelemetry(path, { intervalMs: 20, idleTimeoutMs: 5000 })) {
      got.push(...batch.samples.map((s) => s.value));
      if (got.length === 1) writeFileSync(path, JSON.stringify({ time: "2026-11-25T00:01:00Z", node: "a", metric: "cpu", value: 1 }) + "\n");
      if (got.length === 2) break;
    }
    expect(got).toEqual([0.5, 1]);
  });

  it("stops after the idle timeout", async () => {
    const path = join(dir, "idle.csv");
    writeFileSync(path, "time,host,cpu\n0,a,0.1\n");
    const batches: LiveBatch[] = [];
    for await (const batch of tailTelemetry(path, { intervalMs: 20, idleTimeoutMs: 200 })) batches.push(batch);
    expect(batches).toHaveLength(1);
  });
});

describe("queryRange() retries with back-off", () => {
  it("retries 5xx answers and then reads, or gives up naming options.retries", async () => {
    let calls = 0;
    const server = createServer((_, res) => {
      calls++;
      if (calls <= 2) {
        res.writeHead(503).end("busy");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "success", data: { resultType: "matrix", result: [] } }));
    });
    const port = await listen(server);
    try {
      const retries: number[] = [];
      const body = await queryRange("test", `http://127.0.0.1:${port}`, { query: "up", start: 0, end: 60, step: 60 }, { backoffMs: 10, onRetry: (n) => retries.push(n) });
      expect(retries).toEqual([1, 2]);
      expect(body).toMatchObject({ status: "success" });
      calls = 0;
      await expect(queryRange("test", `http://127.0.0.1:${port}`, { query: "up", start: 0, end: 60, step: 60 }, { retries: 1, backoffMs: 10 })).rejects.toThrow(LiveSourceError);
      calls = 0;
      await expect(queryRange("test", `http://127.0.0.1:${port}`, { query: "up", start: 0, end: 60, step: 60 }, { retries: 1, backoffMs: 10 })).rejects.toThrow(/options\.retries/);
    } finally {
      server.close();
    }
  });

  it("a bad query (HTTP 400) fails at once naming options.query", async () => {
    let calls = 0;
    const server = createServer((_, res) => {
      calls++;
      res.writeHead(400).end('{"status":"error","error":"parse error"}');
    });
    const port = await listen(server);
    try {
      await expect(queryRange("test", `http://127.0.0.1:${port}/`, { query: "up{", start: 0, end: 60, step: 60 }, { backoffMs: 10 })).rejects.toThrow(/options\.query/);
      expect(calls).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe.skipIf(skipWithoutPrometheus())("a real Prometheus 2.42 scraping a test exporter", () => {
  let prometheus: PrometheusServer;
  let exporter: Server;
  let scrapes = 0;

  beforeAll(async () => {
    exporter = createServer((_, res) => {
      scrapes++;
      const body = [
        "# TYPE demo_cpu gauge",
        'demo_cpu{host="app-01"} 0.25',
        'demo_cpu{host="db-01"} 0.5',
        "# TYPE demo_latency_ms gauge",
        'demo_latency_ms{host="app-01"} 12',
        'demo_latency_ms{host="db-01"} 40',
        "# TYPE demo_requests_total counter",
        `demo_requests_total{host="app-01"} ${scrapes * 10}`,
        "",
      ].join("\n");
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(body);
    });
    const port = await listen(exporter);
    prometheus = await startPrometheus(["global:", "  scrape_interval: 1s", "scrape_configs:", "  - job_name: demo", "    static_configs:", `      - targets: ["127.0.0.1:${port}"]`, ""].join("\n"));
    // Wait for a few scrapes to be queryable.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = Math.floor(Date.now() / 1000);
      const body = (await queryRange("test", prometheus.url, { query: "demo_cpu", start: now - 30, end: now, step: 1 }, {})) as { data: { result: { values: unknown[] }[] } };
      if ((body.data.result[0]?.values.length ?? 0) >= 5) break;
      if (Date.now() > deadline) throw new Error(`Prometheus has no data after 60 s:\n${prometheus.log()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    exporter?.close();
  });

  it("readTelemetry(url) gives the same store as the equivalent long CSV", async () => {
    const now = Math.floor(Date.now() / 1000);
    const probe = (await queryRange("test", prometheus.url, { query: "demo_cpu", start: now - 60, end: now, step: 1 }, {})) as { data: { result: { values: [number, string][] }[] } };
    const times = probe.data.result[0].values.map(([t]) => t);
    // Every step from the second scrape on sees both nodes' latest samples.
    const start = times[1];
    const end = times[times.length - 1];
    const read = await readTelemetry(prometheus.url, { query: '{__name__=~"demo_cpu|demo_latency_ms"}', start, end, step: 1, nodeLabel: "host" });
    expect(read.report.format).toBe("prometheus");
    const rows = ["time,node,metric,value"];
    for (let t = start; t <= end; t++) {
      rows.push(`${t},app-01,demo_cpu,0.25`, `${t},db-01,demo_cpu,0.5`, `${t},app-01,demo_latency_ms,12`, `${t},db-01,demo_latency_ms,40`);
    }
    const long = await readTelemetry(rows.join("\n"));
    expect(storeDifference(read.store, long.store)).toBeUndefined();
  }, 60_000);

  it("pollPrometheus() yields new samples poll after poll, none twice, and counters read as rates", async () => {
    const batches: LiveBatch[] = [];
    for await (const batch of pollPrometheus(prometheus.url, { query: "demo_requests_total", step: 1, since: 5, intervalMs: 1100, polls: 3, nodeLabel: "host" })) batches.push(batch);
    expect(batches.length).toBe(3);
    const seen = new Set<number>();
    for (const batch of batches) {
      for (const s of batch.samples) {
        expect(seen.has(s.time)).toBe(false);
        seen.add(s.time);
        expect(s.time).toBeLessThanOrEqual(batch.watermark);
        expect(s.node).toBe("app-01");
      }
    }
    expect(batches[2].watermark).toBeGreaterThan(batches[0].watermark);
    expect(seen.size).toBeGreaterThanOrEqual(6);
    const now = Math.floor(Date.now() / 1000);
    const read = await readTelemetry(prometheus.url, { query: "demo_requests_total", start: now - 10, end: now, step: 1, nodeLabel: "host" });
    expect(read.report.units[0].counter).toBe(true);
    expect(read.report.totals.resets).toBe(0);
    const rates = Array.from(read.store.series("demo_requests_total", "app-01")).filter((v) => v === v);
    expect(rates.length).toBeGreaterThan(3);
    expect(Math.max(...rates)).toBeGreaterThan(0);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
