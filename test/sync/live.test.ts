// syncLive against a real Prometheus scraping a planted reality: deviation episodes match the planted fault, incidents reach the supervisor, the twin's exporter is scraped, and an outage is a recorded gap.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HeuristicSupervisor, SupervisorQueue } from "../../lib/llm";
import { parseRuleSet } from "../../lib/rules";
import { createTwinExporter } from "../../lib/sync";
import { serveExporter } from "../../lib/sync";
import { syncLive, type SyncLiveResult } from "../../lib/sync";
import { paymentsEstate } from "../graph/fixtures";
import { skipWithoutPrometheus, startPrometheus, type PrometheusServer } from "../servers/prometheus";
import { startRealityExporter, type PlantedFault, type RealityExporter } from "../servers/reality-exporter";
import { reality, REALITY_METRICS } from "./fixtures/reality";
import { instantQuery, scrapeConfig, waitFor } from "./live-prometheus";

const SEED = 1;
/** app-pay-1's latency ×5 from 12 s to 20 s after the sync starts. */
const FAULT: PlantedFault = { node: "app-pay-1", metric: "latency_ms", from: 12, to: 20, multiply: 5 };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of cleanup.splice(0).reverse()) await stop();
});

/**
 * The payments estate as reality at 1-second steps (the twin's own parameters and seed, so the twin matches it but
 * for what is planted), served by a reality exporter that a real Prometheus scrapes every second.
 */
async function liveReality(faults: PlantedFault[]): Promise<{ exporter: RealityExporter; prometheus: PrometheusServer; dir: string }> {
  const graph = paymentsEstate();
  const { telemetry } = reality(graph, { seed: SEED, step: 1, days: 120 / 86400, realism: "clean", spread: 0 });
  const exporter = await startRealityExporter({
    nodes: telemetry.nodeIds.map((id, i) => ({ id, kind: telemetry.kinds[i] ?? "unknown" })),
    metrics: REALITY_METRICS,
    value: (node, metric, seconds) => {
      const v = telemetry.value(metric, node, Math.min(telemetry.recordedSteps - 1, Math.max(0, Math.floor(seconds))));
      return v === v ? v : undefined;
    },
    faults,
  });
  cleanup.push(exporter.close);
  const dir = mkdtempSync(join(tmpdir(), "infratwin-sync-live-"));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  // Scraped twice per 1-second step, so every step holds a sample even when a scrape comes a few ms late.
  const prometheus = await startPrometheus(scrapeConfig({ reality: exporter.target }, 0.5), { dir });
  cleanup.push(() => prometheus.stop());
  await waitFor("the first scrape", async () => ((await instantQuery(prometheus.url, "requests_per_s")).length > 0 ? true : undefined));
  return { exporter, prometheus, dir };
}

/** The first whole second from now: where the sync starts and the reality's clock restarts. */
function nextSecond(): number {
  return Math.ceil(Date.now() / 1000) * 1000;
}

describe.skipIf(skipWithoutPrometheus())("syncLive() beside a real Prometheus", () => {
  it("as fast as data: the planted latency jump is the deviation episode, the rule's incident is posted, and Prometheus scrapes the twin", async () => {
    const { exporter, prometheus } = await liveReality([FAULT]);
    const twinExporter = createTwinExporter();
    const served = await serveExporter(twinExporter);
    cleanup.push(served.close);
    // A second Prometheus job scraping the twin, on the same server (reload by restart would lose nothing: separate test).
    const twinProm = await startPrometheus(scrapeConfig({ twin: `127.0.0.1:${served.port}` }));
    cleanup.push(() => twinProm.stop());
    const queue = new SupervisorQueue(new HeuristicSupervisor());
    const rules = parseRuleSet({ rules: [{ name: "TwinDisagrees", severity: "warning", for: "2s", conditions: { all: [{ fact: "deviation", params: { metric: "latency_ms", measure: "z" }, operator: "greaterThan", value: 4 }] } }] });
    const start = nextSecond();
    exporter.restartClock(start);
    const result: SyncLiveResult = await syncLive(paymentsEstate(), {
      prometheus: prometheus.url,
      query: '{job="reality"}',
      step: 1,
      start,
      until: start + 26_000,
      pace: "as-fast-as-data",
      lag: 3,
      seed: SEED,
      rules,
      deviation: { window: 20, warmup: 5 },
      supervisor: queue,
      exporter: twinExporter,
    });
    expect(result.steps).toBe(26);
    expect(result.gaps).toEqual([]);
    const top = result.episodes[0];
    expect(top, JSON.stringify(result.episodes)).toBeDefined();
    expect(top.node).toBe("app-pay-1");
    expect(top.metrics).toContain("latency_ms");
    // The jump starts 12 s in: the episode opens at the end of a step within the first three seconds of it, and closes after it ends.
    expect(top.start).toBeGreaterThanOrEqual(start + 12_000);
    expect(top.start).toBeLessThanOrEqual(start + 15_000);
    expect(top.end).not.toBeNull();
    expect(top.end!).toBeGreaterThanOrEqual(start + 19_000);
    expect(top.end!).toBeLessThanOrEqual(start + 23_000);
    // Nothing else was planted: any other episode is far weaker.
    for (const other of result.episodes.slice(1)) expect(other.score).toBeLessThan(top.score / 4);
    expect(result.session.allAlerts().some((a) => a.rule === "TwinDisagrees" && a.node === "app-pay-1" && (a.kind === "firing" || a.kind === "resolved"))).toBe(true);
    // The rule's incident and the opened deviation episode were both posted to the supervisor.
    expect(result.posted.some((p) => p.incident.startsWith("deviation@"))).toBe(true);
    expect(result.posted.some((p) => !p.incident.startsWith("deviation@"))).toBe(true);
    const drained = await queue.drain({ deadlineMs: 30_000 });
    expect(drained).toBeDefined();
    // The twin's own exporter, scraped by Prometheus during the run, saw the deviation.
    const seen = await waitFor("the twin's deviation scraped", async () => {
      const got = await instantQuery(twinProm.url, 'max_over_time(infratwin_deviation_z{node="app-pay-1",metric="latency_ms"}[2m])');
      return got.length === 1 ? got[0].value : undefined;
    });
    expect(seen).toBeGreaterThan(4);
  }, 120_000);

  it("wall clock: Prometheus stopped mid-run and restarted is an outage, its steps are recorded gaps with nothing observed, and the sync resumes", async () => {
    const { exporter, prometheus, dir } = await liveReality([]);
    const start = nextSecond();
    exporter.restartClock(start);
    const controller = new AbortController();
    let restarted: PrometheusServer | undefined;
    let stoppedAt = 0;
    let backAt = 0;
    const gapObserved: number[] = [];
    let dataAfter = 0;
    const result = await syncLive(paymentsEstate(), {
      prometheus: prometheus.url,
      query: '{job="reality"}',
      step: 1,
      start,
      lag: 1.5,
      backoffMs: 200,
      maxBackoffMs: 1000,
      seed: SEED,
      // Opening a 30-day session at 1-second steps would hold this process (which also serves reality) for a while.
      horizon: "10m",
      signal: controller.signal,
      onStep: (step, { gap }) => {
        if (gap) gapObserved.push(Object.values(step.observed).reduce((n, a) => n + a.filter((x) => x === x).length, 0));
        if (!gap && backAt > 0 && step.time > backAt) dataAfter++;
        if (step.step === 4 && stoppedAt === 0) {
          stoppedAt = Date.now();
          void prometheus.stop().then(async () => {
            await new Promise((r) => setTimeout(r, 4000));
            restarted = await startPrometheus(scrapeConfig({ reality: exporter.target }, 0.5), { dir, port: prometheus.port });
            backAt = Date.now();
          });
        }
        if (dataAfter >= 3) controller.abort();
      },
    });
    cleanup.push(async () => restarted?.stop());
    expect(result.outages).toHaveLength(1);
    expect(result.outages[0].to).not.toBeNull();
    const gapSteps = result.gaps.reduce((n, g) => n + g.steps, 0);
    expect(gapSteps).toBeGreaterThanOrEqual(3);
    expect(result.gaps.every((g) => g.to > stoppedAt - 2000), JSON.stringify({ stoppedAt, backAt, gaps: result.gaps })).toBe(true);
    // Gap steps carry no observation at all: nothing was invented for them.
    expect(gapObserved).toHaveLength(gapSteps);
    expect(gapObserved.every((n) => n === 0)).toBe(true);
    // One step per second all along: the session never skipped, and data came back after the restart.
    expect(result.session.steps).toBe(result.steps);
    expect(result.session.gapSteps).toBe(0);
    expect(result.dataSteps).toBe(result.steps - gapSteps);
    expect(dataAfter).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
