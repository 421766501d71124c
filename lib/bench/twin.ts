// Twin benchmarks, each size in its own process for a clean peak RSS: the run loop alone (a day of one-minute steps with
// scheduled faults, on 1,000, 10,000 and 100,000 nodes) and end to end as the runner works (topology build + construction +
// random faults + the default rule pack every step, on 1,000, 10,000 and 100,000 nodes; 1,000,000 with TWIN_BENCH_1M=1).
import { execFileSync } from "node:child_process";
import { bankTopology } from "../graph";
import { runScenario } from "../scenarios";
import { createTwin, TWIN_DEFAULTS, type FaultSpec } from "../twin";
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
  // The default realism ("typical"): the recorded telemetry gets noise, spikes, level shifts and gaps, as users run it.
  const options = { seed: 1, start: "2026-11-25", horizon: "1d", step: "1m", faults, record };
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
  const target = RUN_TARGETS[nodes];
  const nodeSteps = (graph.order * steps) / seconds;
  return {
    mode: "run loop",
    nodes: graph.order,
    steps,
    recorded: nodes > 10_000 ? "kpis" : "all",
    realism: TWIN_DEFAULTS.realism,
    seconds: Math.round(seconds * 1000) / 1000,
    runs: repeats,
    node_steps_per_s: Math.round((graph.order * steps) / seconds),
    peak_rss_mb: peakRssMb(),
    ...(target ? { target: target.text, meets: target.meets(nodeSteps, seconds, peakRssMb()) } : { target: "none set for this size", meets: true }),
  };
}

/** Targets of the run loop per size (README, Benchmarks). */
const RUN_TARGETS: Record<number, { text: string; meets: (nodeStepsPerS: number, seconds: number, rssMb: number) => boolean }> = {
  1000: { text: "≥ 2 M node-steps/s", meets: (rate) => rate >= 2e6 },
  10000: { text: "≤ 15 s, < 2 GB", meets: (_r, s, mb) => s <= 15 && mb < 2048 },
  100000: { text: "≤ 180 s, < 4 GB", meets: (_r, s, mb) => s <= 180 && mb < 4096 },
};

/** End-to-end targets per size: what a notebook user waits for `runScenario` on a generated estate (seconds, and peak RSS in MB when set). */
const END_TO_END_TARGETS: Record<number, { seconds: number; rssMb?: number }> = {
  1000: { seconds: 10 },
  10000: { seconds: 60 },
  100000: { seconds: 60, rssMb: 4096 },
  1000000: { seconds: 600, rssMb: 16384 },
};

/** Past this size only the business services' metrics (the KPIs) are recorded end to end, as a large study would; rules still see every node. */
const RECORD_ALL_UP_TO = 10_000;

/**
 * End to end as `runScenario` does it: generate the topology, construct the twin, draw random faults from
 * MTBF/MTTR, evaluate the default rule pack on every step; no supervisor (it runs beside the simulation, not in it).
 */
export async function measureEndToEnd(nodes: number): Promise<Record<string, unknown>> {
  const scenario = {
    name: `bench end to end ${nodes}`,
    seed: 1,
    topology: { generate: { seed: 1, size: nodes } },
    start: "2026-11-25",
    horizon: "1d",
    step: "1m",
    randomFaults: true,
    rules: "default",
    supervisor: { kind: "none" },
    ...(nodes > RECORD_ALL_UP_TO ? { record: { kinds: ["business_service"] } } : {}),
  };
  const started = process.hrtime.bigint();
  const result = await runScenario(scenario);
  const seconds = secondsSince(started);
  const limit = END_TO_END_TARGETS[nodes];
  const rss = peakRssMb();
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    mode: "end to end",
    nodes: result.twin.graph.order,
    steps: result.twin.steps,
    realism: result.scenario.realism ?? TWIN_DEFAULTS.realism,
    recorded: nodes > RECORD_ALL_UP_TO ? "kpis" : "all",
    random_faults: result.groundTruth.faults.length,
    rule_transitions: result.alerts.length,
    incidents: result.incidents.length,
    seconds: round(seconds),
    build_s: round(result.timings.buildSeconds),
    run_s: round(result.timings.runSeconds),
    rules_s: round(result.timings.rulesSeconds),
    finish_s: round(result.timings.finishSeconds),
    node_steps_per_s: Math.round((result.twin.graph.order * result.twin.steps) / seconds),
    peak_rss_mb: rss,
    ...(limit
      ? { target: `≤ ${limit.seconds} s${limit.rssMb ? `, < ${limit.rssMb / 1024} GB` : ""}`, meets: seconds <= limit.seconds && (limit.rssMb === undefined || rss < limit.rssMb) }
      : { target: "none set for this size", meets: true }),
  };
}

export const benches: Bench[] = [
  {
    name: "twin",
    run() {
      const sizes = (process.env.INFRATWIN_BENCH_TWIN_SIZES ?? "1000,10000,100000").split(",").filter(Boolean).map(Number);
      // A million nodes take minutes and ~10 GB: opt in with TWIN_BENCH_1M=1.
      const defaultE2e = "1000,10000,100000" + (process.env.TWIN_BENCH_1M === "1" ? ",1000000" : "");
      const endToEnd = (process.env.INFRATWIN_BENCH_TWIN_E2E_SIZES ?? defaultE2e).split(",").filter(Boolean).map(Number);
      const child = (mode: string, n: number) =>
        JSON.parse(
          execFileSync(process.execPath, [`--max-old-space-size=${n >= 1_000_000 ? 15360 : 6144}`, __filename, mode, String(n)], { encoding: "utf8", maxBuffer: 1 << 20 }).trim().split("\n").pop()!,
        ) as Record<string, unknown>;
      return [...sizes.map((n) => child("run", n)), ...endToEnd.map((n) => child("e2e", n))];
    },
  },
];

if (require.main === module) {
  const [mode, size] = [process.argv[2], Number(process.argv[3])];
  if (mode === "e2e") measureEndToEnd(size).then((r) => console.log(JSON.stringify(r)));
  else console.log(JSON.stringify(measureTwin(size)));
}
