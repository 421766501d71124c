// Training data for failure-risk models, made by the twin: seeded runs with random faults on several generated estates, cut into graph snapshots with "fails within H minutes" labels, split by estate.
import { invalidArgument } from "../errors";
import { bankTopology, GraphologyStore, type InfraGraph } from "../graph";
import type { MetricsStore } from "../metrics";
import { createTwin, type LoadOptions, type RandomFaultRates } from "../twin";
import { graphSnapshot, type GraphSnapshot } from "./features";

/** One labelled snapshot: the graph as a model sees it, and for every node whether it failed soon after. */
export interface RiskSample {
  kind: "risk_sample";
  /** The estate it came from (topology seed and size), the unit of the train/validation/test split. */
  topology: string;
  /** Seed of the run. */
  seed: number;
  snapshot: GraphSnapshot;
  /** 1 when the node fails within the horizon while it is healthy now. */
  labels: Uint8Array;
  /** 1 when the node counts: healthy now (already failing nodes have nothing to predict). */
  eligible: Uint8Array;
  /** Minutes from the snapshot to the failure's onset for positives, -1 otherwise (for lead times). */
  onsetMinutes: Float32Array;
}

/** A dataset split by estate: the test estates never appear in training. */
export interface RiskDataset {
  kind: "risk_dataset";
  train: RiskSample[];
  validation: RiskSample[];
  test: RiskSample[];
  featureNames: string[];
  /** What was built, for a model registry: enough to rebuild the same data. */
  description: RiskDatasetDescription;
}

/** The recipe of a dataset (deterministic: the same recipe gives the same samples). */
export interface RiskDatasetDescription {
  topologies: { train: number[]; validation: number[]; test: number[] };
  size: number;
  runsPerTopology: number;
  seed: number;
  horizonMinutes: number;
  windowMinutes: number;
  everyMinutes: number;
  trendMinutes: number;
  runHours: number;
  failure: "down" | "degraded";
  samples: { train: number; validation: number; test: number };
  positives: { train: number; validation: number; test: number };
  start: string;
  load?: LoadOptions;
}

/** Options of `buildRiskDataset`. */
export interface RiskDatasetOptions {
  /** Topology seeds of each split (defaults: train 1–4, validation 5, test 6–7: distinct generated estates). */
  topologies?: { train: number[]; validation: number[]; test: number[] };
  /** Nodes per generated estate (300 by default; the reference bank's size). */
  size?: number;
  /** Seeded runs per estate (2 by default). */
  runsPerTopology?: number;
  /** Base seed of the runs (1 by default). */
  seed?: number;
  /** Label horizon: the node fails within this many minutes (30 by default). */
  horizonMinutes?: number;
  /** Minutes of history summarised in the features (15 by default). */
  windowMinutes?: number;
  /** A snapshot every this many minutes (10 by default). */
  everyMinutes?: number;
  /** Minutes over which each metric's change is a feature (60 by default): leaks and filling disks show there. */
  trendMinutes?: number;
  /** Simulated hours per run (24 by default). */
  runHours?: number;
  /** What counts as failing: "down" (the default: the twin marks a node down when it is crashed, unreachable, or fails ≥ 50 % of requests) or "degraded" (degraded or down; noisier, as a slow node is degraded). */
  failure?: "down" | "degraded";
  /** Random fault rates of the runs (busy rates by default, so a day holds a few dozen faults). */
  faults?: RandomFaultRates;
  /** Calendar day the runs start on ("2026-11-23", a Monday, by default). */
  start?: string;
  /** Load settings of the runs (e.g. `{ multiplier: 1.6 }` for a busier estate: how drift is studied). */
  load?: LoadOptions;
  /** Called after each run with the share done. */
  onProgress?: (progress: { fraction: number; topology: string; seed: number }) => void;
}

/** Rates that put a few dozen faults into a day of a 300-node estate: the rare events a model must learn, made common. */
export const TRAINING_FAULT_RATES: RandomFaultRates = {
  kinds: {
    node_crash: { mtbf: "25d", mttr: "25m" },
    database_crash: { mtbf: "20d", mttr: "30m" },
    memory_leak: { mtbf: "12d", mttr: "4h" },
    bad_deployment: { mtbf: "12d", mttr: "40m" },
    network_outage: { mtbf: "40d", mttr: "15m" },
    disk_full: { mtbf: "20d", mttr: "1h" },
    cpu_hog: { mtbf: "15d", mttr: "30m" },
  },
};

const DEFAULTS = { size: 300, runsPerTopology: 2, seed: 1, horizonMinutes: 30, windowMinutes: 15, everyMinutes: 10, trendMinutes: 60, runHours: 24, failure: "down" as const, start: "2026-11-23" };

/**
 * Runs the twin on generated estates with random faults and cuts every run into labelled snapshots.
 * Same options, same samples. Splitting by estate measures generalisation to an estate the model never saw.
 *
 * @example const data = buildRiskDataset({ size: 120, runHours: 12 })
 */
export function buildRiskDataset(options: RiskDatasetOptions = {}): RiskDataset {
  const api = "buildRiskDataset";
  const o = { ...DEFAULTS, ...options };
  const topologies = options.topologies ?? { train: [1, 2, 3, 4], validation: [5], test: [6, 7] };
  for (const key of ["size", "runsPerTopology", "horizonMinutes", "windowMinutes", "everyMinutes", "trendMinutes", "runHours"] as const) {
    const value = o[key];
    if (!Number.isInteger(value) || value < 1) throw invalidArgument(api, `options.${key}`, "an integer >= 1", value);
  }
  if (o.failure !== "down" && o.failure !== "degraded") throw invalidArgument(api, "options.failure", `"down" or "degraded"`, o.failure);
  const all = [...topologies.train, ...topologies.validation, ...topologies.test];
  if (new Set(all).size !== all.length) throw invalidArgument(api, "options.topologies", "distinct topology seeds in each split", topologies);
  const out = { train: [] as RiskSample[], validation: [] as RiskSample[], test: [] as RiskSample[] };
  const runs = all.length * o.runsPerTopology;
  let done = 0;
  let featureNames: string[] = [];
  for (const split of ["train", "validation", "test"] as const) {
    for (const topologySeed of topologies[split]) {
      const graph = bankTopology({ seed: topologySeed, size: o.size });
      const topology = `bank-${topologySeed}-${o.size}`;
      for (let r = 0; r < o.runsPerTopology; r++) {
        const seed = o.seed * 1000 + topologySeed * 10 + r;
        const samples = riskSamplesOfRun(graph, { ...o, seed, topology, faults: options.faults ?? TRAINING_FAULT_RATES });
        out[split].push(...samples);
        if (samples.length > 0) featureNames = samples[0].snapshot.featureNames;
        options.onProgress?.({ fraction: ++done / runs, topology, seed });
      }
    }
  }
  const count = (s: RiskSample[]) => s.reduce((n, x) => n + x.labels.reduce((a, b) => a + b, 0), 0);
  const description: RiskDatasetDescription = {
    topologies,
    size: o.size,
    runsPerTopology: o.runsPerTopology,
    seed: o.seed,
    horizonMinutes: o.horizonMinutes,
    windowMinutes: o.windowMinutes,
    everyMinutes: o.everyMinutes,
    trendMinutes: o.trendMinutes,
    runHours: o.runHours,
    failure: o.failure,
    start: o.start,
    ...(o.load ? { load: o.load } : {}),
    samples: { train: out.train.length, validation: out.validation.length, test: out.test.length },
    positives: { train: count(out.train), validation: count(out.validation), test: count(out.test) },
  };
  return { kind: "risk_dataset", ...out, featureNames, description };
}

/** Options of `riskSamplesOfRun`. */
interface RunSampleOptions {
  seed: number;
  topology: string;
  faults: RandomFaultRates;
  horizonMinutes: number;
  windowMinutes: number;
  everyMinutes: number;
  trendMinutes: number;
  runHours: number;
  failure: "down" | "degraded";
  start: string;
  load?: LoadOptions;
}

/** One seeded run of the twin on `graph`, cut into labelled snapshots. */
function riskSamplesOfRun(graph: InfraGraph, o: RunSampleOptions): RiskSample[] {
  const copy = graph.copy() as InfraGraph;
  const twin = createTwin(copy, { seed: o.seed, start: o.start, horizon: `${o.runHours}h`, step: "1m", randomFaults: o.faults, syncGraph: false, load: o.load });
  const result = twin.run();
  return labelledSnapshots(new GraphologyStore(copy as never), result.metrics, { ...o });
}

/**
 * Cuts a recorded run (simulated or observed, one-minute steps) into labelled snapshots: every `everyMinutes`,
 * the features over the last `windowMinutes`, and for each healthy node whether it fails within `horizonMinutes`.
 */
export function labelledSnapshots(
  store: GraphologyStore,
  metrics: MetricsStore,
  options: { topology: string; seed: number; horizonMinutes: number; windowMinutes: number; everyMinutes: number; trendMinutes: number; failure: "down" | "degraded" },
): RiskSample[] {
  const o = options;
  const stepMinutes = metrics.recordedSteps > 1 ? (metrics.times[1] - metrics.times[0]) / 60 : 1;
  const horizon = Math.max(1, Math.round(o.horizonMinutes / stepMinutes));
  const window = Math.max(1, Math.round(o.windowMinutes / stepMinutes));
  const every = Math.max(1, Math.round(o.everyMinutes / stepMinutes));
  const trendWindow = Math.max(1, Math.round(o.trendMinutes / stepMinutes));
  const failing = o.failure === "down" ? 2 : 1;
  const samples: RiskSample[] = [];
  const statusOf = new Map<string, ArrayLike<number>>();
  for (const id of metrics.nodeIds) statusOf.set(id, metrics.series("status", id));
  for (let step = window - 1; step + horizon < metrics.recordedSteps; step += every) {
    const snapshot = graphSnapshot(store, metrics, { step, window, trendWindow });
    const n = snapshot.nodes.length;
    const labels = new Uint8Array(n);
    const eligible = new Uint8Array(n);
    const onsetMinutes = new Float32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const status = statusOf.get(snapshot.nodes[i])!;
      const now = status[step];
      if (!(now < failing)) continue; // failing already (or not observed): nothing to predict
      eligible[i] = 1;
      for (let k = 1; k <= horizon; k++) {
        if (status[step + k] >= failing) {
          labels[i] = 1;
          onsetMinutes[i] = k * stepMinutes;
          break;
        }
      }
    }
    samples.push({ kind: "risk_sample", topology: o.topology, seed: o.seed, snapshot, labels, eligible, onsetMinutes });
  }
  return samples;
}
