// `infratwin model train|evaluate|list|promote|drift`: failure-risk models trained on the twin, kept in a registry, watched for drift.
import { buildRiskDataset, comparisonTable, compareRiskModels, driftReference, evaluateRisk, fileModelRegistry, gnnPredictor, referenceFor, storeModelRegistry, storedReference, watchModel, type RiskDatasetDescription, type RiskDatasetOptions } from "../../gnn";
import { openStore, type StudyStore } from "../../store";
import { CliUsageError, EXIT, parseCommandArgs, type Command } from "../command";
import { progressBar } from "../progress-bar";

const DATA_OPTIONS = ["size", "hours", "runs", "seed", "start"];

function positiveInt(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new CliUsageError(`infratwin model: --${name} must be a positive integer, not ${JSON.stringify(value)}.`);
  return n;
}

function dataOptions(options: Record<string, string | boolean | undefined>, base: Partial<RiskDatasetDescription> = {}): RiskDatasetOptions {
  const start = options.start;
  if (start !== undefined && (typeof start !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(start)))) throw new CliUsageError(`infratwin model: --start must be a date like 2026-11-28, not ${JSON.stringify(start)}.`);
  return {
    size: positiveInt("size", options.size, base.size ?? 300),
    runHours: positiveInt("hours", options.hours, base.runHours ?? 24),
    runsPerTopology: positiveInt("runs", options.runs, base.runsPerTopology ?? 2),
    seed: positiveInt("seed", options.seed, base.seed ?? 1),
    ...(base.topologies ? { topologies: base.topologies } : {}),
    start: typeof start === "string" ? start : base.start ?? "2026-11-23",
  };
}

function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? "-").length)));
  console.log(keys.map((k, i) => k.padEnd(width[i])).join("  "));
  for (const r of rows) console.log(keys.map((k, i) => String(r[k] ?? "-").padEnd(width[i])).join("  "));
}

export const command: Command = {
  name: "model",
  summary: "Failure-risk models: train a GNN on the twin, evaluate against baselines, list, promote, check drift",
  help: [
    "Usage: infratwin model train [--name risk] [--registry DIR] [--size 300] [--hours 24] [--runs 2] [--epochs 12] [--seed 1] [--promote]",
    "       infratwin model evaluate [--name risk] [--version N] [--registry DIR]",
    "       infratwin model list [--registry DIR]",
    "       infratwin model promote NAME VERSION [--registry DIR]",
    "       infratwin model drift [--name risk] [--registry DIR] [--start 2026-11-28] [--check-only]",
    "",
    "train runs the twin on generated estates with random faults (train estates 1-4, validation 5, test 6-7),",
    "trains a relational GraphSAGE, trains the baselines (random forest on node features, utilisation threshold,",
    "neighbourhood heuristic) on the same data, prints their scores on the unseen test estates and registers the",
    "model; --promote makes it the current version when it beats the current one's PR AUC on the same test data.",
    "drift builds recent data (another day with --start, e.g. a weekend) and compares it with the training data",
    "(population stability per feature) and the model's live precision/recall; on drift it prints a ModelDrift",
    "alert, retrains on old + recent data and promotes only a model that beats the current one (--check-only:",
    "alert without retraining); exit 1 when it alerts.",
    "The registry is a folder (--registry, or INFRATWIN_MODELS, default ./models), or the models table of a study",
    "store with --store PATH|postgres://… (or INFRATWIN_STORE).",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "model", values: ["name", "registry", "store", "version", "epochs", ...DATA_OPTIONS], switches: ["promote", "check-only", "quiet"] });
    if (typeof options.registry === "string" && typeof options.store === "string") throw new CliUsageError("infratwin model: give --registry DIR or --store PATH|postgres://…, not both.");
    const storeTarget = typeof options.store === "string" ? options.store : typeof options.registry === "string" ? undefined : process.env.INFRATWIN_STORE || undefined;
    const store: StudyStore | undefined = storeTarget ? await openStore(storeTarget) : undefined;
    try {
      return await modelVerb(store, options, positionals);
    } finally {
      await store?.close();
    }
  },
};

async function modelVerb(store: StudyStore | undefined, options: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number> {
    const [verb, ...rest] = positionals;
    const registry = store ? storeModelRegistry(store) : fileModelRegistry(typeof options.registry === "string" ? options.registry : process.env.INFRATWIN_MODELS || "models");
    const name = typeof options.name === "string" ? options.name : "risk";
    const quiet = options.quiet === true;
    const build = (o: RiskDatasetOptions, label: string) => {
      const bar = progressBar(label, { quiet });
      const data = buildRiskDataset({ ...o, onProgress: (p) => bar.update(p.fraction, p.topology) });
      bar.done();
      return data;
    };
    switch (verb) {
      case "train": {
        const data = build(dataOptions(options), "model train: building data");
        const epochs = positiveInt("epochs", options.epochs, 12);
        const cmp = compareRiskModels(data, { gnn: { epochs, onEpoch: (e) => quiet || console.error(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation PR AUC ${e.validationPrAuc?.toFixed(3) ?? "-"}`) } });
        printTable(comparisonTable(cmp));
        const entry = await registry.register({ name, data: data.description, metrics: { test: cmp.rows[0], validation: cmp.trained.validation, baselines: cmp.rows.slice(1), driftReference: referenceFor(data.train, cmp.trained) }, threshold: cmp.trained.threshold, note: "trained", model: cmp.trained.model });
        console.log(`registered ${name} v${entry.version} (GNN PR AUC margin over the best baseline: ${cmp.prAucMargin?.toFixed(3) ?? "n/a"})`);
        if (options.promote === true) {
          const current = await registry.promoted(name);
          const currentScore = current === undefined ? null : evaluateRisk(gnnPredictor((await registry.load(name, current)).model), data.test).prAuc;
          if (currentScore === null || (cmp.rows[0].prAuc ?? 0) > currentScore) {
            await registry.promote(name, entry.version);
            console.log(`promoted ${name} v${entry.version}${current === undefined ? "" : ` over v${current} (PR AUC ${currentScore?.toFixed(3)})`}`);
          } else console.log(`not promoted: v${current} scores PR AUC ${currentScore.toFixed(3)} on the same test estates`);
        }
        return EXIT.ok;
      }
      case "evaluate": {
        const entry = await registry.load(name, options.version === undefined ? undefined : positiveInt("version", options.version, 1));
        const description = entry.data as RiskDatasetDescription;
        const data = build({ ...dataOptions(options, description), topologies: { train: [], validation: [], test: description.topologies?.test ?? [6, 7] } }, "model evaluate: building test data");
        printTable([evaluateRisk(gnnPredictor(entry.model, `${name}@v${entry.version}`), data.test, { threshold: entry.threshold })].map((e) => ({ model: e.predictor, pr_auc: e.prAuc?.toFixed(3), roc_auc: e.rocAuc?.toFixed(3), precision: e.precision.toFixed(3), recall: e.recall.toFixed(3), warned: `${e.failuresWarned}/${e.failures}`, median_lead_min: e.medianLeadMinutes })));
        return EXIT.ok;
      }
      case "list": {
        const entries = await registry.list(positionals[1]);
        const promoted = new Map<string, number | undefined>();
        for (const e of entries) if (!promoted.has(e.name)) promoted.set(e.name, await registry.promoted(e.name));
        const rows = entries.map((e) => ({ name: e.name, version: e.version, promoted: promoted.get(e.name) === e.version ? "yes" : "", created: e.createdAt, test_pr_auc: e.metrics.test?.prAuc?.toFixed(3) ?? "-", note: e.note ?? "" }));
        if (rows.length === 0) console.log("no models registered");
        printTable(rows);
        return EXIT.ok;
      }
      case "promote": {
        const [model, version] = rest;
        if (!model || version === undefined) throw new CliUsageError("infratwin model promote: give NAME VERSION, e.g. infratwin model promote risk 2.");
        await registry.promote(model, positiveInt("version", version, 1));
        console.log(`promoted ${model} v${version}`);
        return EXIT.ok;
      }
      case "drift": {
        const entry = await registry.load(name);
        const description = entry.data as RiskDatasetDescription;
        const checkOnly = options["check-only"] === true;
        // Models registered before references were stored need their training data rebuilt for the reference; retraining needs it anyway.
        const previous = checkOnly && storedReference(entry) ? undefined : build({ ...dataOptions({}, description) }, "model drift: rebuilding training data");
        const recent = build(dataOptions(options, { ...description, seed: (description.seed ?? 1) + 1 }), "model drift: building recent data");
        const watch = await watchModel(registry, {
          name,
          recent: [...recent.train, ...recent.validation],
          reference: storedReference(entry) ?? driftReference(previous!.train, { ...entry.metrics.validation!, threshold: entry.threshold }),
          retrain: checkOnly ? undefined : { previous: previous!, recent, epochs: positiveInt("epochs", options.epochs, 12) },
          onAlert: (alert) => console.log(`DRIFT ALERT (${alert.rule}, ${alert.severity}) ${alert.summary}`),
        });
        if (!watch.alert) console.log(`no drift on ${watch.model} (live F1 ${watch.report.live.f1.toFixed(2)})`);
        if (watch.decision) console.log(watch.decision.reason);
        return watch.alert ? EXIT.failed : EXIT.ok;
      }
      default:
        throw new CliUsageError(`infratwin model: give a verb: train, evaluate, list, promote or drift (not ${JSON.stringify(verb ?? "")}).`);
    }
}

