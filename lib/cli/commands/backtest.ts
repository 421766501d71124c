// `infratwin backtest`: scores a rule set (and optionally a second one side by side) on a simulated month or on imported telemetry.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { backtestMarkdown, compareBacktests, comparisonMarkdown } from "../../rules";
import { backtestSource, ruleSetArg, runBacktest } from "../backtest-input";
import { CliUsageError, EXIT, ensureOutputDir, parseCommandArgs, stringOption, type Command } from "../command";

export const command: Command = {
  name: "backtest",
  summary: "Score a rule set (precision, recall, F1, detection delay, alerts/day) on a simulated month or on telemetry",
  help: [
    "Usage: infratwin backtest <rules.json | default> [--compare other.json | default] [--scenario NAME | --telemetry T.csv --labels L.csv [--topology reference-bank | T.json]] [--out DIR]",
    "",
    "Without --telemetry, simulates a scenario with injected faults (default month-random-faults) and scores the",
    "rules against its ground truth. With --telemetry (long CSV: time,node,metric,value) and --labels (windows:",
    "node,start,end[,kind]), scores them on recorded data; --topology gives the estate's graph, so an alert on what depends on a",
    "labelled node counts and inhibition works. Writes backtest.md and backtest.json to DIR (default out/backtest).",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "backtest", values: ["compare", "scenario", "telemetry", "labels", "topology", "out"], switches: ["quiet"] });
    if (positionals.length !== 1) throw new CliUsageError("infratwin backtest: expected one rule set (a path or default); see infratwin backtest --help.");
    const dir = ensureOutputDir("backtest", stringOption(options, "out") ?? join("out", "backtest"));
    const candidate = ruleSetArg("backtest", positionals[0]);
    const other = typeof options.compare === "string" ? ruleSetArg("backtest", options.compare) : undefined;
    const source = await backtestSource("backtest", options);
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
