// The twin as a Prometheus exporter: the exposition text itself, and a real Prometheus scraping it and reading back the twin's values.
import { afterAll, describe, expect, it } from "vitest";
import { TWIN_METRICS } from "../../lib/metrics";
import { runScenario } from "../../lib/scenarios";
import { createTwinExporter } from "../../lib/sync";
import { serveExporter } from "../../lib/sync";
import { paymentsEstate } from "../graph/fixtures";
import { skipWithoutPrometheus, startPrometheus, type PrometheusServer } from "../servers/prometheus";
import { instantQuery, scrapeConfig, waitFor } from "./live-prometheus";

/** A 3-hour twin run whose database crash (from 02:30) is still on at the end, so alerts are active. */
function crashedRun() {
  return runScenario(
    { name: "exporter", seed: 7, horizon: "3h", step: "1m", rules: "default", supervisor: { kind: "none" }, faults: [{ kind: "database_crash", target: "db-p", at: "02:30", duration: "2h" }] },
    { graph: paymentsEstate() },
  );
}

describe("TwinExporter", () => {
  it("serves predicted, observed, deviation and z per node and metric, skips NaN, and reports alert states", async () => {
    const exporter = createTwinExporter();
    exporter.update({
      time: 1_800_000_000,
      nodes: ["a", "b"],
      metrics: ["cpu"],
      predicted: [new Float64Array([0.5, 0.25])],
      observed: [new Float64Array([0.75, NaN])],
      deviation: [new Float64Array([0.25, NaN])],
      z: [new Float64Array([3.5, NaN])],
      alerts: [{ rule: "HighCpu", node: "a", kind: "firing", severity: "warning" }],
      gapSteps: 2,
    });
    const text = await exporter.metrics();
    expect(text).toContain('infratwin_predicted{node="a",metric="cpu"} 0.5');
    expect(text).toContain('infratwin_predicted{node="b",metric="cpu"} 0.25');
    expect(text).toContain('infratwin_observed{node="a",metric="cpu"} 0.75');
    expect(text).not.toContain('infratwin_observed{node="b"');
    expect(text).toContain('infratwin_deviation{node="a",metric="cpu"} 0.25');
    expect(text).toContain('infratwin_deviation_z{node="a",metric="cpu"} 3.5');
    expect(text).toContain('infratwin_alert_state{rule="HighCpu",node="a",state="firing",severity="warning"} 1');
    expect(text).toContain("infratwin_step_time_seconds 1800000000");
    expect(text).toContain("infratwin_gap_steps 2");
    // A later step replaces the earlier one: the alert resolved, b's value changed.
    exporter.update({ time: 1_800_000_060, nodes: ["a", "b"], metrics: ["cpu"], predicted: [new Float64Array([0.5, 0.3])] });
    const next = await exporter.metrics();
    expect(next).toContain('infratwin_predicted{node="b",metric="cpu"} 0.3');
    expect(next).not.toContain("infratwin_alert_state{");
    expect(next).not.toContain("infratwin_observed{");
  });

  it("rejects arrays that do not match the nodes and metrics, and a bad prefix, naming the field", () => {
    const exporter = createTwinExporter({ prefix: "twin" });
    expect(() => exporter.update({ time: 0, nodes: ["a", "b"], metrics: ["cpu"], predicted: [new Float64Array(1)] })).toThrow(/TwinExporter\.update: .*snapshot\.predicted/);
    expect(() => createTwinExporter({ prefix: "bad-prefix" })).toThrow(/createTwinExporter: .*options\.prefix.*"bad-prefix"/);
  });

  it("two exporters keep separate registries (never prom-client's global one)", async () => {
    const a = createTwinExporter();
    const b = createTwinExporter();
    a.update({ time: 0, nodes: ["x"], metrics: ["cpu"], predicted: [[0.1]] });
    expect(await a.metrics()).toContain('node="x"');
    expect(await b.metrics()).not.toContain('node="x"');
  });
});

describe.skipIf(skipWithoutPrometheus())("a real Prometheus scraping the twin", () => {
  let prometheus: PrometheusServer | undefined;
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    await prometheus?.stop();
  });

  it("reads back the twin's predicted values and its active alerts through the HTTP API", async () => {
    const result = await crashedRun();
    const engine = result.ruleEngine!;
    const exporter = createTwinExporter();
    exporter.watchTwin(result.twin, { alerts: () => engine.alerts() });
    const server = await serveExporter(exporter);
    close = server.close;
    prometheus = await startPrometheus(scrapeConfig({ twin: `127.0.0.1:${server.port}` }));
    const view = result.twin.view();
    const ids = view.topology.ids;
    let expected = 0;
    for (const column of view.columns) for (const v of column) if (v === v) expected++;
    const predicted = await waitFor("all predicted series scraped", async () => {
      const got = await instantQuery(prometheus!.url, "infratwin_predicted");
      return got.length === expected ? got : undefined;
    });
    for (const sample of predicted) {
      const m = TWIN_METRICS.indexOf(sample.labels.metric as (typeof TWIN_METRICS)[number]);
      expect(m, sample.labels.metric).toBeGreaterThanOrEqual(0);
      expect(sample.labels.job).toBe("twin");
      expect(sample.value, `${sample.labels.node} ${sample.labels.metric}`).toBe(view.columns[m][ids.indexOf(sample.labels.node)]);
    }
    const active = engine.alerts();
    expect(active.some((a) => a.kind === "firing" && a.rule === "DatabaseDown" && a.node === "db-p")).toBe(true);
    const states = await instantQuery(prometheus.url, "infratwin_alert_state == 1");
    expect(states.map((s) => `${s.labels.rule}/${s.labels.node}/${s.labels.state}`).sort()).toEqual(active.map((a) => `${a.rule}/${a.node}/${a.kind}`).sort());
    const time = await instantQuery(prometheus.url, "infratwin_step_time_seconds");
    expect(time.map((s) => s.value)).toEqual([view.time]);
  }, 120_000);
});
