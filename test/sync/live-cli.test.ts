// `infratwin sync` in a child process: usage errors exit 2, and a short run beside a real Prometheus prints its steps and summary and exits 0.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { saveTopology } from "../../lib/graph";
import { runCli, runCliAsync } from "../cli/helpers";
import { paymentsEstate } from "../graph/fixtures";
import { skipWithoutPrometheus, startPrometheus } from "../servers/prometheus";
import { startRealityExporter } from "../servers/reality-exporter";
import { instantQuery, scrapeConfig, waitFor } from "./live-prometheus";

const dir = mkdtempSync(join(tmpdir(), "infratwin-sync-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("infratwin sync", () => {
  it("exits 2 without --prometheus and on a bad --pace, naming the flag", () => {
    const missing = runCli(["sync", "--topology", "reference-bank"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--prometheus URL is required");
    const pace = runCli(["sync", "--prometheus", "http://127.0.0.1:9/", "--topology", "reference-bank", "--pace", "fast"]);
    expect(pace.code).toBe(2);
    expect(pace.stderr).toContain("--pace must be wall-clock or as-fast-as-data");
  }, 60_000);

  it.skipIf(skipWithoutPrometheus())("follows a real Prometheus for a few steps, printing the summary, with the twin served at /metrics", async () => {
    const graph = paymentsEstate();
    const topology = join(dir, "payments.json");
    saveTopology(graph, topology);
    const reality = await startRealityExporter({ nodes: [{ id: "app-pay-1", kind: "application" }], metrics: ["cpu", "latency_ms"], value: (_n, metric) => (metric === "cpu" ? 0.3 : 40), faults: [] });
    const prometheus = await startPrometheus(scrapeConfig({ reality: reality.target }, 0.5));
    try {
      await waitFor("the first scrape", async () => ((await instantQuery(prometheus.url, "cpu")).length > 0 ? true : undefined));
      const run = await runCliAsync(["sync", "--prometheus", prometheus.url, "--topology", topology, "--query", '{job="reality"}', "--step", "1s", "--until", "4s", "--lag", "1s", "--metrics-port", "0", "--no-supervisor"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Prometheus metrics at http:\/\/127\.0\.0\.1:\d+\/metrics/);
      expect(run.stdout).toMatch(/sync {7}4 steps: 4 with data, 0 gap steps/);
    } finally {
      await prometheus.stop();
      await reality.close();
    }
  }, 120_000);
});
