// Telemetry realism: what monitoring sees of the twin's state — heavy-tailed noise, short spikes, level shifts, scrape gaps — seeded and switchable.
import { invalidArgument } from "../errors";
import type { Rng } from "../random";

/** The parts of realism; each 0 turns that part off. Rates are per series (node × metric) per day unless said. */
export interface RealismParts {
  /** Scale of the multiplicative measurement noise (Laplace on the log scale: heavier tails than Gaussian). */
  noise: number;
  /** Short spikes per series per day (1–2 samples high). */
  spikesPerDay: number;
  /** Typical spike height as a multiple of the value (Pareto-tailed: most spikes are near it, a few far above). */
  spikeHeight: number;
  /** Level shifts per node per day (a deployment or a config change moves a node's figures and they stay moved). */
  levelShiftsPerDay: number;
  /** Size of a level shift: the node's figures × (1 ± up to this). */
  levelShiftSize: number;
  /** Scrape gaps per node per day: every metric of the node reads NaN (no sample) for a few steps. */
  gapsPerDay: number;
  /** Mean length of a scrape gap, in steps. */
  gapSteps: number;
}

/** Named presets: `clean` is the model's own values; `typical` aims at real cloud monitoring; `noisy` is harder. */
export const REALISM_PRESETS: Readonly<Record<"clean" | "typical" | "noisy", Readonly<RealismParts>>> = Object.freeze({
  clean: { noise: 0, spikesPerDay: 0, spikeHeight: 0, levelShiftsPerDay: 0, levelShiftSize: 0, gapsPerDay: 0, gapSteps: 0 },
  typical: { noise: 0.02, spikesPerDay: 12, spikeHeight: 0.35, levelShiftsPerDay: 0.1, levelShiftSize: 0.15, gapsPerDay: 2, gapSteps: 2 },
  noisy: { noise: 0.05, spikesPerDay: 40, spikeHeight: 1.2, levelShiftsPerDay: 0.3, levelShiftSize: 0.3, gapsPerDay: 6, gapSteps: 4 },
});

/** A preset name, or parts over a preset (`{ preset: "typical", gapsPerDay: 0 }`). */
export type RealismOption = keyof typeof REALISM_PRESETS | ({ preset?: keyof typeof REALISM_PRESETS } & Partial<RealismParts>);

/** Resolves a realism option to its parts, naming a bad field. */
export function realismParts(option: RealismOption | undefined, api = "realismParts"): RealismParts {
  if (option === undefined) return { ...REALISM_PRESETS.clean };
  if (typeof option === "string") {
    const preset = REALISM_PRESETS[option];
    if (!preset) throw invalidArgument(api, "realism", '"clean", "typical", "noisy" or an object of parts', option);
    return { ...preset };
  }
  if (typeof option !== "object" || option === null) throw invalidArgument(api, "realism", '"clean", "typical", "noisy" or an object of parts', option);
  const { preset = "typical", ...parts } = option;
  if (!REALISM_PRESETS[preset]) throw invalidArgument(api, "realism.preset", '"clean", "typical" or "noisy"', preset);
  const out: RealismParts = { ...REALISM_PRESETS[preset] };
  for (const [key, value] of Object.entries(parts)) {
    if (!(key in out)) throw invalidArgument(api, `realism.${key}`, `one of ${Object.keys(out).join(", ")}`, key);
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw invalidArgument(api, `realism.${key}`, "a number >= 0", value);
    (out as unknown as Record<string, number>)[key] = value;
  }
  return out;
}

/**
 * Turns the model's columns into observed ones, one step at a time. `metrics` lists which columns are measured
 * (the others, such as status, pass through); `ratio[k]` marks columns bounded to [0, 1].
 */
export class TelemetryRealism {
  readonly parts: RealismParts;
  private readonly nodes: number;
  private readonly stepsPerDay: number;
  private readonly level: Float64Array;
  private readonly nextShift: Float64Array;
  private readonly nextGap: Float64Array;
  private readonly gapUntil: Float64Array;
  private readonly nextSpike: Float64Array;
  private readonly spikeUntil: Float64Array;
  private readonly spikeFactor: Float64Array;
  /** Noise factors e^(noise × Laplace) at 4,096 equal-probability quantiles: one 32-bit draw per sample picks one. */
  private readonly noiseTable: Float64Array;
  private step = 0;

  constructor(
    nodes: number,
    private readonly measured: readonly number[],
    private readonly ratio: readonly boolean[],
    parts: RealismParts,
    private readonly rng: Rng,
    stepSeconds: number,
  ) {
    this.parts = parts;
    this.nodes = nodes;
    this.stepsPerDay = 86400 / stepSeconds;
    const series = nodes * measured.length;
    this.level = new Float64Array(nodes).fill(1);
    this.nextShift = new Float64Array(nodes);
    this.nextGap = new Float64Array(nodes);
    this.gapUntil = new Float64Array(nodes).fill(-1);
    this.nextSpike = new Float64Array(series);
    this.spikeUntil = new Float64Array(series).fill(-1);
    this.spikeFactor = new Float64Array(series).fill(1);
    for (let v = 0; v < nodes; v++) {
      this.nextShift[v] = this.wait(parts.levelShiftsPerDay);
      this.nextGap[v] = this.wait(parts.gapsPerDay);
    }
    for (let i = 0; i < series; i++) this.nextSpike[i] = this.wait(parts.spikesPerDay);
    this.noiseTable = new Float64Array(4096);
    for (let q = 0; q < 4096; q++) {
      const u = (q + 0.5) / 4096;
      this.noiseTable[q] = Math.exp(parts.noise * (u < 0.5 ? Math.log(2 * u) : -Math.log(2 * (1 - u))));
    }
  }

  /** Steps until the next event of a Poisson process with `perDay` events a day (Infinity when off). */
  private wait(perDay: number): number {
    return perDay > 0 ? this.step + Math.ceil(this.rng.exponential(perDay / this.stepsPerDay)) : Infinity;
  }

  /** Writes the observed values of `model` columns into `observed` (same layout). */
  observe(model: readonly Float64Array[], observed: Float64Array[]): void {
    const p = this.parts;
    const step = this.step;
    const rng = this.rng;
    const n = this.nodes;
    const m = this.measured.length;
    const { level, gapUntil, nextSpike, spikeUntil, spikeFactor, noiseTable } = this;
    // Node events first (level shifts, scrape gaps): drawn only when due, never once per node per step.
    for (let v = 0; v < n; v++) {
      if (step >= this.nextShift[v]) {
        // A new level around the model's value, not a random walk: a month of deployments must not drift a node's
        // figures without bound (and across an alert threshold) when nothing is wrong with it.
        level[v] = 1 + p.levelShiftSize * (2 * rng.random() - 1);
        this.nextShift[v] = this.wait(p.levelShiftsPerDay);
      }
      if (step >= this.nextGap[v]) {
        gapUntil[v] = step + Math.max(1, Math.round(rng.exponential(1 / Math.max(1, p.gapSteps))));
        this.nextGap[v] = gapUntil[v] + this.wait(p.gapsPerDay) - step;
      }
    }
    const noisy = p.noise > 0;
    // One 32-bit draw gives two 12-bit noise indices: half the generator calls of one draw per sample.
    let bits = 0;
    let spare = false;
    for (let k = 0; k < m; k++) {
      const x = model[this.measured[k]];
      const y = observed[this.measured[k]];
      const ratio = this.ratio[k];
      const base = k * n;
      for (let v = 0; v < n; v++) {
        if (step < gapUntil[v]) {
          y[v] = NaN;
          continue;
        }
        const i = base + v;
        if (step >= nextSpike[i]) {
          // Pareto(α = 1.5) heights: max/p95 of a series reaches tens, as in real monitoring.
          spikeFactor[i] = 1 + p.spikeHeight * Math.pow(1 - rng.random(), -1 / 1.5);
          spikeUntil[i] = step + 1 + (rng.random() < 0.4 ? 1 : 0);
          nextSpike[i] = this.wait(p.spikesPerDay);
        }
        // Level shifts move response times and request rates; a utilisation ratio (cpu, ram, errors) follows load and
        // capacity, which the model already moves, so shifting it would push healthy nodes across their alert thresholds.
        let f = ratio ? 1 : level[v];
        if (step < spikeUntil[i]) f *= spikeFactor[i];
        if (noisy) {
          if (spare) {
            f *= noiseTable[bits & 4095];
            spare = false;
          } else {
            bits = rng.nextUint32();
            f *= noiseTable[bits >>> 20];
            spare = true;
          }
        }
        const out = x[v] * f;
        y[v] = ratio && out > 1 ? 1 : out;
      }
    }
    this.step++;
  }
}
