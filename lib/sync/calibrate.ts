// Calibration: fit each request node's service time, idle CPU and RAM and latency floor to observed telemetry, and report held-out MAPE before and after.
import type Graph from "graphology";
import { invalidArgument } from "../errors";
import type { GraphStore } from "../graph";
import { parseDuration } from "../time";
import { TWIN_KINDS, type NodeParameters, type TwinTopology } from "../twin";
import { hourlyMape } from "./mape";
import { replay, type ReplayOptions, type ReplaySource } from "./replay";
import { robustLine, robustMedian } from "./robust-fit";
import { resampleSource } from "./resample";
import { LOAD_METRICS, SYNC_METRICS, type Calibration, type LoadMapping } from "./types";

/** Options of `calibrate`. */
export interface CalibrateOptions {
  /** Observed load and metrics to fit on (readTelemetry's result, a metrics store, or samples). */
  train: ReplaySource;
  /** A later window to measure MAPE on; the training window is used (and said so) without one. */
  holdout?: ReplaySource;
  /** Step of the CPU and RAM fit: observations are averaged over it ("5m" by default). */
  fitStep?: string | number;
  /** Step of the latency passes, one per call depth ("30m" by default). */
  latencyStep?: string | number;
  /** Step of the before/after comparison ("5m" by default). */
  evaluationStep?: string | number;
  seed?: number | string;
  loadMapping?: LoadMapping;
}

/** One node's fit and its held-out MAPE before and after (NaN where the metric was not observed). */
export interface NodeFit {
  node: string;
  kind: string;
  parameters: NodeParameters;
  /** How the service time was found: "cpu slope" or "kept" (too little load variation to tell). */
  serviceTime: "cpu slope" | "kept";
  cpuBefore: number;
  cpuAfter: number;
  latencyBefore: number;
  latencyAfter: number;
}

/** Overall MAPE (mean of per-node MAPEs of hourly medians) of a window. */
export interface MapeSummary {
  cpu: number;
  ram: number;
  latency: number;
}

/** What `calibrate` returns. */
export interface CalibrationReport {
  calibration: Calibration;
  /** Which window `before` and `after` were measured on. */
  window: "holdout" | "train";
  before: MapeSummary;
  after: MapeSummary;
  nodes: NodeFit[];
  /** Latency passes run (the call graph's depth + 1). */
  latencyPasses: number;
  seconds: number;
  warnings: string[];
}

const CPU_PER_UTILISATION = 0.92;
const RAM_PER_UTILISATION = 0.25;
/** Above this utilisation the queue is no longer linear in load: such steps do not enter the CPU fit. */
const LINEAR_RHO = 0.85;

/** Call depth of every request node over depends_on: 0 for nodes calling no request node, else 1 + the deepest callee. */
function callDepths(topo: TwinTopology, isRequest: Uint8Array): Int32Array {
  const depth = new Int32Array(topo.n);
  const { offsets, targets } = topo.dependsOn;
  // callOrder puts callers before callees: walk it backwards so callees are done first.
  for (let o = topo.n - 1; o >= 0; o--) {
    const v = topo.callOrder[o];
    let d = 0;
    for (let k = offsets[v]; k < offsets[v + 1]; k++) if (isRequest[targets[k]]) d = Math.max(d, depth[targets[k]] + 1);
    depth[v] = d;
  }
  return depth;
}

function mapeSummary(result: ReturnType<typeof replay>): { summary: MapeSummary; cpu: Float64Array; latency: Float64Array } {
  const cpu = hourlyMape(result.predicted, result.observed, "cpu");
  const ram = hourlyMape(result.predicted, result.observed, "ram");
  const latency = hourlyMape(result.predicted, result.observed, "latency_ms");
  return { summary: { cpu: cpu.overall, ram: ram.overall, latency: latency.overall }, cpu: cpu.perNode, latency: latency.perNode };
}

/**
 * Fits the twin to production, deterministically. Pass 1 replays the training window (observed request rates drive
 * the twin, so each node's demand is known) and fits, per request node, observed CPU = idle + service time × 0.92 ×
 * demand / (1000 × servers) by least squares with 3-sigma trimming (steps above 85 % utilisation left out), then idle
 * RAM as the median of observed RAM minus the model's load share. Servers stay as planned sizing set them: CPU
 * identifies service time per server, latency the rest. Then one latency pass per call depth, callees first:
 * each replays the window with the parameters so far and sets the latency floor of the nodes at that depth to the
 * median of observed − predicted latency (never negative). Finally both parameter sets replay the held-out window
 * and MAPE of hourly medians is reported per node and overall.
 */
export function calibrate(graph: Graph | GraphStore, options: CalibrateOptions): CalibrationReport {
  const api = "calibrate";
  const began = performance.now();
  if (options === null || typeof options !== "object" || options.train === undefined) throw invalidArgument(api, "options.train", "observed telemetry to fit on (readTelemetry's result, a MetricsStore or samples)", options?.train);
  const step = (field: "fitStep" | "latencyStep" | "evaluationStep", fallback: string) => {
    const s = parseDuration(options[field] ?? fallback, api, field);
    if (!(s > 0)) throw invalidArgument(api, field, "a duration > 0", options[field]);
    return s;
  };
  const fitStep = step("fitStep", "5m");
  const latencyStep = step("latencyStep", "30m");
  const evaluationStep = step("evaluationStep", "5m");
  // Each replay reads the data at its own step: average once per step instead of once per replay.
  const loadMetrics = options.loadMapping?.metrics ?? LOAD_METRICS;
  const wanted = [...SYNC_METRICS, ...loadMetrics];
  const fitData = resampleSource(options.train, fitStep, wanted);
  const latencyData = resampleSource(options.train, latencyStep, wanted);
  const base: ReplayOptions = { seed: options.seed, loadMapping: options.loadMapping, record: { metrics: ["cpu", "ram", "latency_ms"] }, deviation: { window: 5, warmup: 0 } };
  const warnings: string[] = [];

  // Pass 1: demand per node from the replay, observed CPU and RAM.
  type Samples = { x: number[]; cpu: number[]; ramX: number[]; ram: number[] };
  let data: Samples[] = [];
  let requestNodes: number[] = [];
  let topo: TwinTopology | undefined;
  let planned: { serviceMs: Float64Array; servers: Float64Array; baseRamTracked: Uint8Array } | undefined;
  replay(graph, fitData, {
    ...base,
    step: fitStep,
    onStep(s, session) {
      const st = session.twin.state;
      if (!topo) {
        topo = session.twin.topology;
        requestNodes = [];
        for (let v = 0; v < topo.n; v++) if (st.isRequest[v]) requestNodes.push(v);
        data = requestNodes.map(() => ({ x: [], cpu: [], ramX: [], ram: [] }));
        planned = { serviceMs: st.serviceMs.slice(), servers: st.servers.slice(), baseRamTracked: Uint8Array.from(st.baseRam, (r) => (r === r ? 1 : 0)) };
      }
      requestNodes.forEach((v, i) => {
        if (st.down[v] || st.hostShare[v] !== 1 || st.slowdown[v] !== 1 || !(st.rho[v] < LINEAR_RHO)) return;
        // Utilisation per ms of service time: CPU = idle + serviceMs × x.
        const x = (CPU_PER_UTILISATION * st.rho[v]) / st.serviceMs[v];
        const c = s.observed.cpu[v];
        if (c === c) {
          data[i].x.push(x);
          data[i].cpu.push(c);
        }
        const r = s.observed.ram[v];
        if (r === r) {
          data[i].ramX.push(x);
          data[i].ram.push(r);
        }
      });
    },
  });
  if (!topo || !planned) throw invalidArgument(api, "options.train", "telemetry with at least one step", "no steps");
  const t = topo;
  const nodes: Record<string, NodeParameters> = {};
  const how = new Map<number, NodeFit["serviceTime"]>();
  let kept = 0;
  requestNodes.forEach((v, i) => {
    const d = data[i];
    const s0 = planned!.serviceMs[v];
    const p: NodeParameters = {};
    if (d.cpu.length >= 3) {
      const line = robustLine(d.x, d.cpu);
      // The slope is the service time when load varied enough to show it and the value is plausible.
      const ok = line !== undefined && line.spread * s0 > 0.01 && line.slope > 0.2 * s0 && line.slope < 5 * s0 && line.intercept > -0.05;
      if (ok) {
        p.serviceMs = line!.slope;
        p.baseCpu = Math.min(0.9, Math.max(0, line!.intercept));
        how.set(v, "cpu slope");
      } else {
        p.baseCpu = Math.min(0.9, Math.max(0, robustMedian(d.cpu.map((y, k) => y - s0 * d.x[k]))));
        how.set(v, "kept");
        kept++;
      }
    }
    if (planned!.baseRamTracked[v] && d.ram.length >= 3) {
      const s = p.serviceMs ?? s0;
      p.baseRam = Math.min(0.95, Math.max(0, robustMedian(d.ram.map((y, k) => y - RAM_PER_UTILISATION * Math.min(1, (s * d.ramX[k]) / CPU_PER_UTILISATION)))));
    }
    if (Object.keys(p).length > 0) nodes[t.ids[v]] = p;
  });
  if (kept > 0) warnings.push(`${kept} node(s) kept their planned service time: their load varied too little in the training window to measure it`);

  // Latency passes, callees first.
  const isRequest = new Uint8Array(t.n);
  for (const v of requestNodes) isRequest[v] = 1;
  const depth = callDepths(t, isRequest);
  let maxDepth = 0;
  for (const v of requestNodes) maxDepth = Math.max(maxDepth, depth[v]);
  for (let level = 0; level <= maxDepth; level++) {
    const residuals = new Map<number, number[]>();
    for (const v of requestNodes) if (depth[v] === level) residuals.set(v, []);
    replay(graph, latencyData, {
      ...base,
      step: latencyStep,
      calibration: { kind: "calibration", nodes },
      onStep(s) {
        for (const [v, list] of residuals) {
          const o = s.observed.latency_ms[v];
          if (o === o) list.push(o - s.predicted.latency_ms[v]);
        }
      },
    });
    for (const [v, list] of residuals) {
      if (list.length === 0) continue;
      const id = t.ids[v];
      const floor = Math.max(0, robustMedian(list));
      nodes[id] = { ...(nodes[id] ?? {}), latencyFloorMs: floor };
    }
  }
  const calibration: Calibration = { kind: "calibration", nodes };

  // Before and after on the held-out window.
  const window = options.holdout !== undefined ? "holdout" : "train";
  const evalSource = resampleSource(options.holdout ?? options.train, evaluationStep, wanted);
  const before = mapeSummary(replay(graph, evalSource, { ...base, step: evaluationStep }));
  const after = mapeSummary(replay(graph, evalSource, { ...base, step: evaluationStep, calibration }));
  const fits: NodeFit[] = requestNodes.map((v) => ({
    node: t.ids[v],
    kind: TWIN_KINDS[t.kind[v]],
    parameters: nodes[t.ids[v]] ?? {},
    serviceTime: how.get(v) ?? "kept",
    cpuBefore: before.cpu[v],
    cpuAfter: after.cpu[v],
    latencyBefore: before.latency[v],
    latencyAfter: after.latency[v],
  }));
  return { calibration, window, before: before.summary, after: after.summary, nodes: fits, latencyPasses: maxDepth + 1, seconds: (performance.now() - began) / 1000, warnings };
}
