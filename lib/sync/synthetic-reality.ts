// A synthetic "reality" for demos, benches and tests: the estate run as a twin with different per-node parameters, its own seed and realistic monitoring noise.
import type Graph from "graphology";
import { MetricsStore, TWIN_METRICS } from "../metrics";
import { RandomStreams } from "../random";
import { createTwin, nodeParameters, TWIN_KINDS, setNodeParameters, type FaultSpec, type NodeParameters, type RealismOption } from "../twin";

/** What production reports per node: the compared metrics, RAM, and the request rate of business services. */
export const REALITY_METRICS = ["cpu", "ram", "latency_ms", "error_rate", "status", "requests_per_s"] as const;

/** Options of `syntheticReality`. */
export interface RealityOptions {
  /** Seed of reality's own streams (sizing draws, load noise, monitoring noise, perturbations). */
  seed?: number;
  start?: string;
  days?: number;
  step?: number;
  /** Relative spread of service times and idle RAM (0.3: ×[0.7, 1.3]); 0 keeps the twin's own parameters (no idle CPU or latency floor either). */
  spread?: number;
  realism?: RealismOption;
  /** Faults production suffers that the replaying twin is not told about. */
  faults?: FaultSpec[];
  /** Traffic of reality × this from the start (a load surge on every service: sizing is unchanged), so it differs from the twin's load model. */
  surge?: number;
}

/** What `syntheticReality` returns. */
export interface Reality {
  telemetry: MetricsStore;
  /** The parameters reality ran with: for checking, never for the code under test. */
  truth: Record<string, NodeParameters>;
}

/**
 * Runs the estate as reality: planned sizing drawn with reality's seed, then per request node service time and
 * idle RAM × U(1 − spread, 1 + spread), idle CPU U(0.02, 0.12) and a latency floor of U(0, 0.3) × the node's quiet
 * latency; monitoring sees it through `realism` ("typical" by default). Business services report requests_per_s.
 * Generated, not observed: what a notebook or a test uses in place of production (calibration never reads it).
 */
export function syntheticReality(graph: Graph, options: RealityOptions = {}): Reality {
  const seed = options.seed ?? 777;
  const step = options.step ?? 60;
  const days = options.days ?? 1;
  const spread = options.spread ?? 0.3;
  const twin = createTwin(graph, {
    seed,
    start: options.start ?? "2026-11-23",
    step,
    horizon: days * 86400,
    realism: options.realism ?? "typical",
    faults: [...(options.faults ?? []), ...(options.surge !== undefined ? [{ kind: "load_surge", target: "*", at: 0, duration: days * 86400, params: { multiplier: options.surge } }] : [])],
    record: { metrics: ["status"] },
  });
  const rng = new RandomStreams(seed).stream("reality-parameters");
  const planned = nodeParameters(twin);
  const truth: Record<string, NodeParameters> = {};
  for (const [id, p] of Object.entries(planned)) {
    const v = twin.topology.indexOf.get(id)!;
    const quiet = twin.state.baselineLatency[v];
    truth[id] = {
      serviceMs: p.serviceMs! * rng.uniform(1 - spread, 1 + spread),
      baseCpu: rng.uniform(0.02, 0.12),
      latencyFloorMs: rng.uniform(0, 0.3) * quiet,
    };
    const ram = rng.uniform(1 - spread, 1 + spread);
    if (p.baseRam !== undefined) truth[id].baseRam = Math.min(0.9, p.baseRam * ram);
  }
  if (spread > 0) setNodeParameters(twin, truth);
  const topo = twin.topology;
  const telemetry = new MetricsStore({ nodes: topo.ids, metrics: REALITY_METRICS, stepSeconds: step, epoch: twin.calendar.epochMs, expectedSteps: (days * 86400) / step });
  const index = REALITY_METRICS.map((m) => (TWIN_METRICS as readonly string[]).indexOf(m));
  const services = new Float64Array(topo.n).fill(NaN);
  const serviceKind = TWIN_KINDS.indexOf("business_service");
  const serviceNodes = topo.ids.map((_, v) => v).filter((v) => topo.kind[v] === serviceKind);
  twin.onStep((view) => {
    for (const v of serviceNodes) services[v] = view.state.demand[v];
    telemetry.append(view.time, index.map((i) => (i >= 0 ? view.columns[i] : services)));
  });
  twin.run();
  return { telemetry, truth: nodeParameters(twin) };
}

/** Days [from, to) of a telemetry store's telemetry as a store of its own (a training or a held-out window). */
export function telemetryDays(store: MetricsStore, from: number, to: number): MetricsStore {
  const perDay = 86400 / store.stepSeconds;
  const out = new MetricsStore({ nodes: store.nodeIds, metrics: store.metricNames, stepSeconds: store.stepSeconds, epoch: store.epochMs, startTime: store.timeOf(from * perDay), expectedSteps: (to - from) * perDay });
  for (let s = from * perDay; s < Math.min(to * perDay, store.recordedSteps); s++) out.append(store.timeOf(s), store.metricNames.map((m) => store.snapshot(m, s)));
  return out;
}
