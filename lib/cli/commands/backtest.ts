// `infratwin backtest`: scores a rule set (and optionally a second one side by side) on a simulated month or on imported telemetry.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { backtestMarkdown, compareBacktests, comparisonMarkdown } from "../../rules";
import { backtestSource, ruleSetArg, runBacktest, sourceFacts } from "../backtest-input";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, stringOption, type Command } from "../command";
import { TELEMETRY_FLAGS, TELEMETRY_HELP, TELEMETRY_SWITCHES } from "../telemetry-args";

export const command: Command = {
  name: "backtest",
  summary: "Score a rule set (precision, recall, F1, detection delay, alerts/day) on a simulated month or on telemetry",
  help: [
    "Usage: infratwin backtest <rules.json | default> [--compare other.json | default] [--scenario NAME | --telemetry T.csv --labels L.csv [--topology reference-bank | T.json]] [--out DIR]",
    "",
    "Without --telemetry, simulates a scenario with injected faults (default month-random-faults) and scores the",
    "rules against its ground truth. With --telemetry (any layout below) and --labels (windows: node,start,end[,kind]),",
    "scores them on recorded data; metrics outside the fact catalogue are facts rules may use. --topology gives the estate's",
    "graph, so an alert on what depends on a labelled node counts and inhibition works. Writes backtest.md and backtest.json",
    "to DIR (default out/backtest).",
    "",
    ...TELEMETRY_HELP,
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "backtest", values: ["compare", "scenario", "telemetry", "labels", "topology", "out", ...TELEMETRY_FLAGS], switches: ["quiet", ...TELEMETRY_SWITCHES] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin backtest: expected one rule set (a path or default); see infratwin backtest --help.");
    const dir = ensureOutputDir("backtest", stringOption(options, "out") ?? join("out", "backtest"));
    // Rule files are checked before a simulated month runs; with telemetry they need its metrics as facts first.
    if (typeof options.telemetry !== "string") ruleSetArg("backtest", positionals[0]);
    const source = await backtestSource("backtest", options);
    const facts = sourceFacts(source);
    const candidate = ruleSetArg("backtest", positionals[0], facts);
    const other = typeof options.compare === "string" ? ruleSetArg("backtest", options.compare, facts) : undefined;
    const a = runBacktest(source, candidate);
    let markdown = backtestMarkdown(a);
    const doc: Record<string, unknown> = { kind: "infratwin_backtest", result: { ...a, ruleSet: candidate.name, history: undefined, episodes: undefined } };
    if (other) {
      const b = runBacktest(source, other);
      const comparison = compareBacktests(a, b);
      markdown += "\n\n" + backtestMarkdown(b) + "\n\n" + comparisonMarkdown(comparison);
      doc.compare = { ...b, ruleSet: other.name, history: undefined, episodes: undefined };
      doc.comparison = comparison;
    }
    console.log(markdown);
    writeFileSync(join(dir, "backtest.md"), markdown + "\n");
    writeFileSync(join(dir, "backtest.json"), JSON.stringify(doc, null, 2) + "\n");
    console.log(`\nwrote ${join(dir, "backtest.md")}\n      ${join(dir, "backtest.json")}`);
    return EXIT.ok;
  },
};
