// The detector registry: create a detector by name, restore one from its toJSON() state.
import { didYouMean, invalidArgument, notFound } from "../errors";
import { CusumDetector } from "./cusum";
import { EnsembleDetector, type DetectorFactory } from "./ensemble";
import { HoltWintersResidualDetector } from "./holt-winters-residual";
import { RelativeEntropyDetector } from "./relative-entropy";
import { RobustZDetector } from "./robust-z";
import { SeasonalBaselineDetector } from "./seasonal-baseline";
import { IsolationForestDetector } from "./node-detector";
import type { Detector, DetectorState, MultivariateDetector } from "./types";
import { WindowedGaussianDetector } from "./windowed-gaussian";

/** Names of the multivariate detectors (`createMultivariateDetector`): they read several metrics of one node at once. */
export const MULTIVARIATE_DETECTOR_NAMES = ["isolation_forest"] as const;

/** Creates a multivariate detector by name: `createMultivariateDetector("isolation_forest", { trees: 50 })`. */
export function createMultivariateDetector(name: string, options?: Record<string, unknown>): MultivariateDetector {
  if (options !== undefined && (options === null || typeof options !== "object")) throw invalidArgument("createMultivariateDetector", "options", "an object", options);
  if (name !== "isolation_forest") throw notFound("createMultivariateDetector", "detector", name, `Known multivariate detectors: ${MULTIVARIATE_DETECTOR_NAMES.join(", ")}.`);
  return new IsolationForestDetector(options);
}

/** Names of the univariate detectors `createDetector` knows. */
export const DETECTOR_NAMES = ["robust_z", "windowed_gaussian", "seasonal", "holt_winters", "cusum", "relative_entropy", "ensemble"] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

type Entry = { create(options?: Record<string, unknown>): Detector; restore(state: DetectorState): Detector };

const ENTRIES: Record<DetectorName, Entry> = {
  robust_z: { create: (o) => new RobustZDetector(o), restore: (s) => RobustZDetector.restore(s) },
  windowed_gaussian: { create: (o) => new WindowedGaussianDetector(o), restore: (s) => WindowedGaussianDetector.restore(s) },
  seasonal: { create: (o) => new SeasonalBaselineDetector(o), restore: (s) => SeasonalBaselineDetector.restore(s) },
  holt_winters: { create: (o) => new HoltWintersResidualDetector(o), restore: (s) => HoltWintersResidualDetector.restore(s) },
  cusum: { create: (o) => new CusumDetector(o), restore: (s) => CusumDetector.restore(s) },
  relative_entropy: { create: (o) => new RelativeEntropyDetector(o), restore: (s) => RelativeEntropyDetector.restore(s) },
  ensemble: { create: (o) => new EnsembleDetector(FACTORY, o), restore: (s) => EnsembleDetector.restore(FACTORY, s) },
};

function entry(api: string, name: unknown): Entry {
  if (typeof name !== "string" || !(DETECTOR_NAMES as readonly string[]).includes(name)) {
    throw notFound(api, "detector", name, `Known detectors: ${DETECTOR_NAMES.join(", ")}.${didYouMean(name, DETECTOR_NAMES)}`);
  }
  return ENTRIES[name as DetectorName];
}

/** Creates a detector by registry name: `createDetector("robust_z", { window: 96 })`. */
export function createDetector(name: string, options?: Record<string, unknown>): Detector {
  if (options !== undefined && (options === null || typeof options !== "object")) throw invalidArgument("createDetector", "options", "an object", options);
  return entry("createDetector", name).create(options);
}

/** Rebuilds a detector from `detector.toJSON()`; it continues exactly where the original stopped. */
export function restoreDetector(state: DetectorState): Detector {
  if (state === null || typeof state !== "object") throw invalidArgument("restoreDetector", "state", "a detector state from toJSON()", state);
  return entry("restoreDetector", state.detector).restore(state);
}

const FACTORY: DetectorFactory = { create: createDetector, restore: restoreDetector };

/** Runs a fresh detector over a whole series (score-then-learn, point by point) and returns the scores. */
export function scoreSeries(times: ArrayLike<number>, values: ArrayLike<number>, detector: string | Detector, options?: Record<string, unknown>): Float64Array {
  if (times.length !== values.length) throw invalidArgument("scoreSeries", "values.length", `${times.length} (times.length)`, values.length);
  const d = typeof detector === "string" ? createDetector(detector, options) : detector;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = d.update(times[i], values[i]);
  return out;
}
