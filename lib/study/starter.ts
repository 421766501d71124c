// The starter notebook and scenario a new study begins with: small enough to run in seconds, real enough to show the workflow.

/** A scenario in the study's own folder: payday with a core-banking database crash. */
export function starterScenario(): Record<string, unknown> {
  return {
    name: "payday",
    description: "Payday morning: the core banking primary database crashes at 02:00 (the night batch) and its standby takes over.",
    seed: 7,
    topology: { dataset: "reference-bank" },
    start: "2026-11-25",
    horizon: "6h",
    step: "1m",
    faults: [{ kind: "database_crash", target: "db-core-banking-primary", at: "02:00", duration: "30m", label: "core banking primary crash" }],
    rules: "default",
  };
}

const CELLS: Array<{ kind: "markdown" | "code"; source: string }> = [
  { kind: "markdown", source: "# First study\n\nLoad the reference bank, run the study's scenario, look at what broke. Change `scenarios/payday.json` and run again." },
  { kind: "code", source: 'import { loadScenario, runScenario, show, timeSeries } from "infratwin";' },
  { kind: "code", source: 'const scenario = loadScenario("../scenarios/payday.json");\nconst result = await runScenario(scenario);\nshow(result, { maxRows: 5 });' },
  {
    kind: "code",
    source: 'show(timeSeries(result, { metric: "latency_ms", nodes: ["svc-payments", "svc-core-accounts"], log: ["latency_ms"], title: "Latency of two tier-1 services" }));',
  },
  { kind: "code", source: "show(result.incidents);\n`${result.alerts.length} alerts, ${result.incidents.length} incidents`" },
];

/** The starter notebook (nbformat 4, no outputs). */
export function starterNotebook(): Record<string, unknown> {
  return {
    cells: CELLS.map((c, i) =>
      c.kind === "markdown"
        ? { id: `cell-${i}`, cell_type: "markdown", metadata: {}, source: c.source }
        : { id: `cell-${i}`, cell_type: "code", execution_count: null, metadata: {}, outputs: [], source: c.source },
    ),
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
