// `infratwin rules`: check a rule file, list the facts, export to Prometheus, promote a candidate set into production.
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { factCatalogueFor, factCatalogueMarkdown, loadRules, promote, toPrometheusRules, type PromotionThresholds } from "../../rules";
import { backtestSource, ruleSetArg, runBacktest, sourceFacts } from "../backtest-input";
import { CliUsageError, EXIT, ensureOutputDir, ensureOutputFile, parseCommandArgs, stringOption, type Command } from "../command";
import { sanitizeForTerminal } from "../terminal-text";
import { readTelemetryFiles, TELEMETRY_FLAGS, TELEMETRY_SWITCHES } from "../telemetry-args";

const HELP = [
  "Usage:",
  "  infratwin rules check <rules.json>                 validate; prints each rule and the engine it runs on",
  "  infratwin rules facts [--telemetry FILE]           the facts rules may use (markdown table), with FILE's own metrics",
  "  infratwin rules prometheus <rules.json> [--out F]  export the rules that map to PromQL as alerting-rule YAML",
  "  infratwin rules promote <candidate.json> --production DIR [thresholds] [--scenario NAME | --telemetry T --labels L]",
  "",
  "promote backtests the candidate (and the production set in DIR/production.rules.json, if any) and copies the",
  "candidate into DIR only when every threshold passes; the report of why is written beside it either way.",
  "Thresholds: --min-precision P --min-recall R --min-f1 F --max-alerts-per-day N --max-mean-delay 5m --no-worse",
  "Exit codes: 0 promoted (or check passed), 1 not promoted, 2 bad input.",
].join("\n");

function numberOption(options: Record<string, string | true>, name: string): number | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n)) throw new CliUsageError(`infratwin rules promote: --${name} must be a number, not ${JSON.stringify(v)}.`);
  return n;
}

export const command: Command = {
  name: "rules",
  summary: "Check rule files, list facts, export to Prometheus YAML, promote a candidate set (rules promote)",
  help: HELP,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case "check": {
        const { positionals } = parseCommandArgs(rest, { command: "rules check" });
        if (positionals.length !== 1) throw new CliUsageError("infratwin rules check: expected one rule file.");
        const set = loadRules(positionals[0]);
        for (const r of set.rules) console.log(sanitizeForTerminal(`ok  ${r.name.padEnd(24)} ${r.engine === "compiled" ? "compiled" : `json-rules-engine (${r.engineReason})`}`));
        console.log(sanitizeForTerminal(`${set.rules.length} rules in ${JSON.stringify(set.name)} are valid.`));
        return EXIT.ok;
      }
      case "facts": {
        const { options } = parseCommandArgs(rest, { command: "rules facts", values: ["telemetry", ...TELEMETRY_FLAGS], switches: ["quiet", ...TELEMETRY_SWITCHES] });
        if (typeof options.telemetry !== "string") {
          console.log(factCatalogueMarkdown());
          return EXIT.ok;
        }
        // The catalogue plus the telemetry's own metrics, each a fact rules may use (with windows).
        const { read } = await readTelemetryFiles("rules facts", options, { telemetry: options.telemetry });
        console.log(factCatalogueMarkdown(factCatalogueFor(read.store)));
        return EXIT.ok;
      }
      case "prometheus": {
        const { options, positionals } = parseCommandArgs(rest, { command: "rules prometheus", values: ["out"] });
        if (positionals.length !== 1) throw new CliUsageError("infratwin rules prometheus: expected one rule file (or default).");
        const out = stringOption(options, "out");
        if (out !== undefined) ensureOutputFile("rules prometheus", out);
        const exported = toPrometheusRules(ruleSetArg("rules prometheus", positionals[0]));
        if (typeof options.out === "string") {
          writeFileSync(options.out, exported.yaml);
          console.log(`wrote ${options.out}`);
        } else console.log(exported.yaml);
        for (const s of exported.skipped) console.error(sanitizeForTerminal(`skipped ${s.rule}: ${s.reason}`));
        return EXIT.ok;
      }
      case "promote": {
        const { options, positionals } = parseCommandArgs(rest, { command: "rules promote",
          values: ["production", "scenario", "telemetry", "labels", "topology", "min-precision", "min-recall", "min-f1", "max-alerts-per-day", "max-mean-delay", ...TELEMETRY_FLAGS],
          switches: ["no-worse", "quiet", ...TELEMETRY_SWITCHES],
        });
        if (positionals.length !== 1) throw new CliUsageError("infratwin rules promote: expected one candidate rule file.");
        if (typeof options.production !== "string") throw new CliUsageError("infratwin rules promote: --production DIR is required (the folder of the production rule set).");
        const dir = ensureOutputDir("rules promote", options.production);
        const source = await backtestSource("rules promote", options);
        const facts = sourceFacts(source);
        const candidate = ruleSetArg("rules promote", positionals[0], facts);
        const productionFile = join(dir, "production.rules.json");
        const production = existsSync(productionFile) ? loadRules(productionFile, facts ? { facts } : {}) : undefined;
        const thresholds: PromotionThresholds = {
          minPrecision: numberOption(options, "min-precision"),
          minRecall: numberOption(options, "min-recall"),
          minF1: numberOption(options, "min-f1"),
          maxAlertsPerDay: numberOption(options, "max-alerts-per-day"),
          maxMeanDelay: typeof options["max-mean-delay"] === "string" ? options["max-mean-delay"] : undefined,
          noWorseThanProduction: options["no-worse"] === true,
        };
        const candidateResult = runBacktest(source, candidate);
        const productionResult = production ? runBacktest(source, production) : undefined;
        const decision = promote(candidateResult, { production: productionResult, thresholds, dir, prometheus: true });
        for (const check of decision.checks) console.log(`${check.passed ? "pass" : "FAIL"}  ${check.message}`);
        console.log(decision.kind === "promoted" ? `promoted ${JSON.stringify(candidate.name)} into ${decision.files.rules}` : `not promoted: ${decision.reasons.join("; ")}`);
        console.log(`report ${decision.files.report}`);
        return decision.kind === "promoted" ? EXIT.ok : EXIT.failed;
      }
      default:
        throw new CliUsageError(`infratwin rules: expected a subcommand (check, facts, prometheus, promote), not ${JSON.stringify(sub ?? "")}.\n${HELP}`);
    }
  },
};
