// Twin benchmarks: a day of one-minute steps with faults active on bank topologies of 1,000, 10,000 and 100,000 nodes, each in its own process for a clean peak RSS.
import { execFileSync } from "node:child_process";
import { bankTopology } from "../graph";
import { createTwin, type FaultSpec } from "../twin";
import { peakRssMb, secondsSince, type Bench } from "./types";

/** Runs one size in this process and returns its figures. */
export function measureTwin(nodes: number): Record<string, unknown> {
  const graph = bankTopology({ seed: 1, size: nodes });
  const ids = (kind: string) => graph.filterNodes((_id, a) => a.kind === kind).sort();
  const db = ids("database").find((id) => id.endsWith("-primary"))!;
  const apps = ids("application");
  const faults: FaultSpec[] = [
    { kind: "database_crash", target: db, at: "10:00", duration: "45m" },
    { kind: "load_surge", target: "*", at: "11:00", duration: "3h", params: { multiplier: 1.5 } },
    { kind: "memory_leak", target: apps[0], at: "02:00", duration: "12h" },
    { kind: "bad_deployment", target: apps[Math.floor(apps.length / 2)], at: "14:00", duration: "1h" },
    { kind: "network_outage", target: ids("switch")[0], at: "16:00", duration: "20m" },
  ];
  // Past 10,000 nodes only the business services' metrics are recorded (KPIs), as a large study would.
  const record = nodes > 10_000 ? { nodes: (id: string) => graph.getNodeAttribute(id, "kind") === "business_service" } : undefined;
  // Realism on ("typical"): the recorded telemetry gets noise, spikes, level shifts and gaps, as users will run it.
  const options = { seed: 1, start: "2026-11-25", horizon: "1d", step: "1m", faults, record, realism: "typical" as const };
  // A small estate runs a day in well under a second, so JIT warm-up and noise matter: warm up, then take the median of three days.
  const repeats = nodes <= 2_000 ? 3 : 1;
  if (repeats > 1) createTwin(graph, { ...options, horizon: "3h", faults: [] }).run();
  const times: number[] = [];
  let steps = 0;
  for (let r = 0; r < repeats; r++) {
    const twin = createTwin(graph, options);
    const started = process.hrtime.bigint();
    twin.run();
    times.push(secondsSince(started));
    steps = twin.steps;
  }
  const seconds = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  return {
    nodes: graph.order,
    steps,
    recorded: nodes > 10_000 ? "kpis" : "all",
    seconds: Math.round(seconds * 1000) / 1000,
    runs: repeats,
    node_steps_per_s: Math.round((graph.order * steps) / seconds),
    peak_rss_mb: peakRssMb(),
  };
}

export const benches: Bench[] = [
  {
    name: "twin",
    run() {
      const sizes = (process.env.INFRATWIN_BENCH_TWIN_SIZES ?? "1000,10000,100000").split(",").map(Number);
      return sizes.map((n) => JSON.parse(execFileSync(process.execPath, ["--max-old-space-size=6144", __filename, String(n)], { encoding: "utf8", maxBuffer: 1 << 20 }).trim().split("\n").pop()!));
    },
  },
];

if (require.main === module) console.log(JSON.stringify(measureTwin(Number(process.argv[2]))));
