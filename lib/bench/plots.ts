// Benchmarks of the plot builders and the HTML report: time to build each figure from a week of a large estate, and its JSON size.
import { bankTopology } from "../graph";
import { MetricsStore } from "../metrics";
import { reportHtml } from "../notebook";
import { heatmap, timeSeries, topologyFigure, type Figure } from "../plots";
import { RandomStreams } from "../random";
import { createTwin } from "../twin";
import { peakRssMb, secondsSince, type Bench } from "./types";

/** A store over the bank topology's nodes with seeded noise and a few outages, `steps` one-minute steps. */
function syntheticRun(size: number, steps: number) {
  const graph = bankTopology({ seed: 5, size });
  const ids = graph.nodes();
  const kinds = ids.map((id) => String(graph.getNodeAttribute(id, "kind")));
  const store = new MetricsStore({ nodes: ids, kinds, metrics: ["latency_ms", "error_rate", "status"], stepSeconds: 60, epoch: "2026-11-25", expectedSteps: steps });
  const rng = new RandomStreams(5).stream("bench-plots");
  const columns = [0, 1, 2].map(() => new Float64Array(ids.length));
  const outages = Array.from({ length: 20 }, () => ({ node: rng.int(0, ids.length - 1), from: rng.int(0, steps - 60), length: rng.int(5, 60) }));
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < ids.length; i++) {
      columns[0][i] = 20 + 30 * rng.random();
      columns[1][i] = 0.002 * rng.random();
      columns[2][i] = 0;
    }
    for (const o of outages) if (s >= o.from && s < o.from + o.length) columns[2][o.node] = 2;
    store.append(s * 60, columns);
  }
  return { graph, store };
}

function measure(name: string, build: () => Figure): Record<string, unknown> {
  const start = process.hrtime.bigint();
  const figure = build();
  const seconds = secondsSince(start);
  const kb = JSON.stringify(figure).length / 1024;
  // A figure a notebook shows must build in a couple of seconds and stay light enough for the browser.
  return { figure: name, seconds: Number(seconds.toFixed(3)), json_kb: Math.round(kb), frames: figure.frames?.length ?? 0, target: "≤ 2 s, ≤ 20 MB of JSON", meets: seconds <= 2 && kb <= 20 * 1024 };
}

/** The plot and report benchmarks. */
export const benches: Bench[] = [
  {
    name: "plots-figures",
    run: () => {
      const { graph, store } = syntheticRun(500, 7 * 1440);
      const services = store.nodeIds.filter((_, i) => store.kinds[i] === "business_service").slice(0, 8);
      const base = { nodes: store.nodeIds.length, steps: store.recordedSteps };
      return [
        { ...base, ...measure("timeSeries 8 services x 2 metrics", () => timeSeries(store, { metric: ["latency_ms", "error_rate"], nodes: services })) },
        { ...base, ...measure("heatmap status, all nodes", () => heatmap(store, { metric: "status" })) },
        { ...base, ...measure("topologyFigure with slider", () => topologyFigure(graph, { metrics: store, slider: true })) },
        { peak_rss_mb: peakRssMb(), target: "< 2 GB", meets: peakRssMb() < 2048 },
      ];
    },
  },
  {
    name: "notebook-report",
    run: () => {
      const graph = bankTopology({ seed: 3, size: 200 });
      const result = createTwin(graph, { seed: 3, horizon: "1d", faults: [{ kind: "load_surge", target: "*", at: "15:00", duration: "30m", params: { multiplier: 2.5 } }] }).run();
      const start = process.hrtime.bigint();
      const html = reportHtml(result);
      const seconds = secondsSince(start);
      return { nodes: graph.order, steps: result.metrics.recordedSteps, seconds: Number(seconds.toFixed(3)), html_mb: Number((html.length / 1e6).toFixed(2)), peak_rss_mb: peakRssMb(), target: "≤ 5 s", meets: seconds <= 5 };
    },
  },
];
