// `infratwin evaluate`: window precision/recall/F1 and delay of every detector and of the default rule pack on labelled series.
import { DETECTOR_NAMES, evaluateDetectors, evaluateScores, evaluationMarkdown, readNab, syntheticLabelledSeries, type LabelledSeries } from "../../analytics";
import { loadDefaultRules, loadRules, rulePackAlarms } from "../../rules";
import { evaluateTwinFaults, loadScenario, runScenario, twinLabelledSeries, TWIN_EVALUATION_SCENARIOS } from "../../scenarios";
import { CliUsageError, EXIT, parseArgs, type Command } from "../command";

/** What a NAB file measures, from its name: the fact it stands for and the scale to the fact's unit. */
function nabMetric(id: string): { metric: string; scale: number } {
  if (/cpu/i.test(id)) return { metric: "cpu", scale: 0.01 };
  if (/disk/i.test(id)) return { metric: "throughput", scale: 1 };
  return { metric: "throughput", scale: 1 };
}

export const command: Command = {
  name: "evaluate",
  summary: "Score every anomaly detector and the default rule pack on labelled series (NAB or synthetic)",
  help: [
    "Usage: infratwin evaluate (--nab DIR | --synthetic | --twin SCENARIO) [--category realAWSCloudwatch] [--detectors a,b]",
    "                          [--threshold 0.5] [--rules FILE] [--json] [--verbose]",
    "",
    "--nab DIR reads a Numenta Anomaly Benchmark checkout (git clone https://github.com/numenta/NAB): its",
    "data/<category>/*.csv and labels/combined_windows.json. --synthetic generates real-shaped labelled series",
    "instead (no download). --twin SCENARIO (a name such as memory-leak, or a file) runs the scenario without rules and",
    "scores on the twin's own telemetry: cpu and latency_ms of every faulted node, windows from the ground truth,",
    "plus ten fault-free nodes. --twin suite runs five four-day scenarios (memory leak, database crash, network outage,",
    "bad deployment, load surge; faults on days 3 and 4) with realism \"typical\" and also reports, per fault kind, how",
    "many injected faults each detector found (an alarm on any metric of a labelled node inside the fault's window; a",
    "fault whose nodes record no cpu or latency is a miss). Each detector runs point by point (score, then learn) with its default options; a point",
    "alarms when its score >= --threshold; alarms closer than an hour form one episode. A label window is detected",
    "when any point inside it alarms; each episode touching no window is a false alarm. The rule pack (default pack,",
    "or --rules FILE) runs on each series as one node's metric (CPU files as `cpu` in 0..1, the others as",
    "`throughput`) and is scored the same way. F1 is also given on two fixed halves of the series (alternating in",
    "name order) so tuned defaults can be checked on the half they were not tuned on.",
  ].join("\n"),
  async run(args) {
    const { options } = parseArgs("evaluate", args, { values: ["nab", "category", "detectors", "threshold", "rules", "twin"], switches: ["synthetic", "json"] });
    if (options.twin === "suite") return runSuite(options.detectors, options.json === true);
    let series: LabelledSeries[];
    if (typeof options.nab === "string") series = readNab(options.nab, { category: typeof options.category === "string" ? options.category : undefined });
    else if (options.synthetic === true) series = syntheticLabelledSeries(1);
    else if (typeof options.twin === "string") {
      const run = await runScenario({ ...loadScenario(options.twin), rules: "none", supervisor: { kind: "none" } });
      series = twinLabelledSeries(run);
    } else throw new CliUsageError("infratwin evaluate: pass --nab DIR (a NAB checkout), --synthetic or --twin SCENARIO.");
    const threshold = options.threshold === undefined ? 0.5 : Number(options.threshold);
    if (!(threshold > 0 && threshold <= 1)) throw new CliUsageError(`infratwin evaluate: --threshold must be in (0, 1], not ${JSON.stringify(options.threshold)}.`);
    const detectors = typeof options.detectors === "string" ? options.detectors.split(",").map((d) => d.trim()) : [...DETECTOR_NAMES];
    for (const d of detectors) if (!(DETECTOR_NAMES as readonly string[]).includes(d)) throw new CliUsageError(`infratwin evaluate: unknown detector ${JSON.stringify(d)}; known: ${DETECTOR_NAMES.join(", ")}.`);
    const evaluations = evaluateDetectors(series, detectors, { threshold });
    const ruleSet = typeof options.rules === "string" ? loadRules(options.rules) : loadDefaultRules();
    evaluations.push(
      evaluateScores(`rule pack "${ruleSet.name}"`, series, (s) => {
        if (typeof options.twin === "string") {
          // Twin series carry their metric in the id and are already in the facts' units.
          return rulePackAlarms(ruleSet, s.times, s.values, { metric: s.id.split("/").pop()!, scale: 1 });
        }
        const { metric, scale } = nabMetric(s.id);
        return rulePackAlarms(ruleSet, s.times, s.values, { metric, scale: options.synthetic === true ? 0.01 : scale });
      }),
    );
    if (options.json === true) {
      for (const e of evaluations) {
        const o = e.overall;
        console.log(JSON.stringify({ detector: e.detector, series: series.length, windows: o.windows, detected: o.detected, false_alarms: o.falseAlarms, precision: o.precision, recall: o.recall, f1: o.f1, median_delay_s: Number.isFinite(e.medianDelaySeconds) ? e.medianDelaySeconds : null, f1_tune: e.tune.f1, f1_holdout: e.holdout.f1 }));
      }
      return EXIT.ok;
    }
    console.log(`${series.length} series, ${series.reduce((n, s) => n + s.windows.length, 0)} labelled windows, threshold ${threshold}\n`);
    console.log(evaluationMarkdown(evaluations));
    if (options.verbose === true) {
      for (const e of evaluations) {
        console.log(`\n${e.detector}`);
        for (const p of e.perSeries) console.log(`  ${p.id.padEnd(56)} ${p.score.detected}/${p.score.windows} detected, ${p.score.falseAlarms} false alarms, F1 ${p.score.f1.toFixed(2)}`);
      }
    }
    return EXIT.ok;
  },
};

/** `evaluate --twin suite`: window scores over the suite's series and faults found per kind. */
async function runSuite(detectorList: unknown, json: boolean): Promise<number> {
  const detectors = typeof detectorList === "string" ? detectorList.split(",").map((d) => d.trim()) : ["robust_z", "relative_entropy", "ensemble"];
  for (const d of detectors) if (!(DETECTOR_NAMES as readonly string[]).includes(d)) throw new CliUsageError(`infratwin evaluate: unknown detector ${JSON.stringify(d)}; known: ${DETECTOR_NAMES.join(", ")}.`);
  const result = await evaluateTwinFaults({ detectors });
  if (json) {
    for (const k of result.byKind) console.log(JSON.stringify({ fault_kind: k.kind, faults: k.faults, detected: k.detected }));
    for (const e of result.evaluations) console.log(JSON.stringify({ detector: e.detector, series: result.series, windows: e.overall.windows, detected: e.overall.detected, false_alarms: e.overall.falseAlarms, f1: e.overall.f1 }));
    return EXIT.ok;
  }
  console.log(`${TWIN_EVALUATION_SCENARIOS.length} scenarios, ${result.faults.length} injected faults, ${result.series} series, realism "typical"\n`);
  console.log(evaluationMarkdown(result.evaluations));
  console.log(`\n| fault kind | faults | ${detectors.join(" | ")} |\n|---|---|${detectors.map(() => "---|").join("")}`);
  for (const k of result.byKind) console.log(`| ${k.kind} | ${k.faults} | ${detectors.map((d) => `${k.detected[d]}/${k.faults}`).join(" | ")} |`);
  const unscored = result.faults.filter((f) => f.nodes.length === 0);
  if (unscored.length > 0) console.log(`\nMissed for want of telemetry (no cpu or latency on the labelled nodes): ${unscored.map((f) => `${f.kind} ${f.fault}`).join(", ")}`);
  return EXIT.ok;
}
