// `infratwin sync --prometheus URL --topology T`: runs the twin beside a live Prometheus, prints deviations, alerts, gaps and diagnoses as they happen.
import { loadTopology } from "../../graph";
import { HeuristicSupervisor, SupervisorQueue } from "../../llm";
import { formatAnswer } from "../../llm/format-answer";
import { createTwinExporter, serveExporter, syncLive, type ExporterServer, type SyncLiveResult } from "../../sync";
import { parseDuration } from "../../time";
import { ruleSetArg } from "../backtest-input";
import { CliUsageError, EXIT, parseCommandArgs, stringOption, type Command } from "../command";
import { sanitizeForTerminal } from "../terminal-text";

const HELP = [
  "Usage: infratwin sync --prometheus URL --topology T [--query SELECTOR] [--rules R] [--step 1m] [--since 1h] [--until TIME]",
  "                      [--pace wall-clock|as-fast-as-data] [--lag 5s] [--node-label node] [--rename a=b,c=d] [--seed N]",
  "                      [--metrics-port P] [--no-supervisor] [--quiet]",
  "",
  "Runs the twin in lockstep with production: every step it reads the step's raw samples from Prometheus (the",
  "services' request rates drive the twin; cpu, latency_ms, error_rate and status are compared), prints deviation",
  "episodes as they open, alert transitions, and the supervisor's diagnosis of each new incident (asked in the",
  "background, never waited for). A step without samples is a gap (nothing is invented); when Prometheus is down the",
  "sync backs off, says so, and catches up when it is back. Ctrl-C (or --until) stops it with a summary.",
  "",
  "  --topology T        a dataset name (reference-bank) or a topology file",
  "  --query SELECTOR    series selector of what to read ({job=~\".+\"} by default): metrics named like the twin's, or --rename",
  "  --rules R           rule file or \"default\" (deviation and observed facts allowed); none by default",
  "  --step D            step length (1m)          --since D   start D ago and catch up (default: now)",
  "  --until T           an ISO time, or a duration after the start",
  "  --pace P            wall-clock (default) or as-fast-as-data   --lag D  wait after a step's end (5s)",
  "  --metrics-port P    serve the twin's predicted/observed/deviation/z and alert states at http://127.0.0.1:P/metrics",
  "",
  "Exit codes: 0 stopped normally, 2 bad usage.",
].join("\n");

function parseRename(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [from, to] = pair.split("=");
    if (!from || !to) throw new CliUsageError(`infratwin sync: --rename takes prometheus_name=twin_name pairs separated by commas, not ${JSON.stringify(text)}.`);
    out[from.trim()] = to.trim();
  }
  return out;
}

function untilOf(text: string | undefined, start: number): number | undefined {
  if (text === undefined) return undefined;
  const iso = Date.parse(text);
  if (/^\d{4}-\d\d-\d\d/.test(text) && Number.isFinite(iso)) return iso;
  return start + parseDuration(text, "infratwin sync", "--until") * 1000;
}

function printSummary(result: SyncLiveResult): void {
  const gapSteps = result.gaps.reduce((n, g) => n + g.steps, 0);
  console.log(`sync       ${result.steps} steps: ${result.dataSteps} with data, ${gapSteps} gap steps in ${result.gaps.length} stretch(es); ${result.outages.length} Prometheus outage(s)`);
  for (const e of result.episodes.slice(0, 5)) {
    console.log(sanitizeForTerminal(`episode    ${e.node} (${e.kind}) ${new Date(e.start).toISOString()} → ${e.end === null ? "open" : new Date(e.end).toISOString()}: ${e.metrics.join(", ")}, peak z ${e.peakZ.toFixed(1)} on ${e.peakMetric}, score ${e.score.toFixed(1)}`));
  }
  for (const w of result.warnings) console.log(sanitizeForTerminal(`warning    ${w}`));
}

export const command: Command = {
  name: "sync",
  summary: "Run the twin beside a live Prometheus: deviations, alerts, gaps and diagnoses as they happen; optionally serve it at /metrics",
  help: HELP,
  async run(args) {
    const { options } = parseCommandArgs(args, {
      command: "sync",
      values: ["prometheus", "topology", "query", "rules", "step", "since", "until", "pace", "lag", "node-label", "rename", "seed", "metrics-port"],
      switches: ["no-supervisor", "quiet"],
    });
    const prometheus = stringOption(options, "prometheus");
    const topology = stringOption(options, "topology");
    if (prometheus === undefined) throw new CliUsageError("infratwin sync: --prometheus URL is required (the server to follow, e.g. http://127.0.0.1:9090/).");
    if (topology === undefined) throw new CliUsageError("infratwin sync: --topology is required (a dataset name such as reference-bank, or a topology file).");
    const pace = stringOption(options, "pace") ?? "wall-clock";
    if (pace !== "wall-clock" && pace !== "as-fast-as-data") throw new CliUsageError(`infratwin sync: --pace must be wall-clock or as-fast-as-data, not ${JSON.stringify(pace)}.`);
    const metricsPort = options["metrics-port"] === undefined ? undefined : Number(options["metrics-port"]);
    if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) {
      throw new CliUsageError(`infratwin sync: --metrics-port must be a port number, not ${JSON.stringify(options["metrics-port"])}.`);
    }
    const stepSeconds = parseDuration(stringOption(options, "step") ?? "1m", "infratwin sync", "--step");
    const since = parseDuration(stringOption(options, "since") ?? 0, "infratwin sync", "--since");
    const stepMs = stepSeconds * 1000;
    const start = Math.floor((Date.now() - since * 1000) / stepMs) * stepMs;
    const until = untilOf(stringOption(options, "until"), start);
    const graph = loadTopology(topology);
    const rulesArg = stringOption(options, "rules");
    const quiet = options.quiet === true;
    const say = (line: string) => quiet || console.log(sanitizeForTerminal(line));
    const queue = options["no-supervisor"] === true ? undefined : new SupervisorQueue(new HeuristicSupervisor());
    queue?.onAnswered((a) => a.answer && say(`supervisor ${a.subject ?? a.id}: ${formatAnswer(a.answer).split("\n")[0]}`));
    const exporter = metricsPort !== undefined ? createTwinExporter() : undefined;
    let server: ExporterServer | undefined;
    if (exporter !== undefined) {
      server = await serveExporter(exporter, { port: metricsPort });
      console.log(`infratwin sync: Prometheus metrics at ${server.url}`);
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    console.log(`infratwin sync: following ${prometheus} from ${new Date(start).toISOString()} in ${stepSeconds} s steps (${pace}; Ctrl-C to stop)`);
    try {
      const result = await syncLive(graph, {
        prometheus,
        query: stringOption(options, "query") ?? '{job=~".+"}',
        nodeLabel: stringOption(options, "node-label"),
        rename: parseRename(stringOption(options, "rename")),
        step: stepSeconds,
        start,
        until,
        pace,
        lag: stringOption(options, "lag") ?? 5,
        seed: stringOption(options, "seed") ?? 1,
        rules: rulesArg !== undefined ? ruleSetArg("sync", rulesArg) : undefined,
        supervisor: queue,
        exporter,
        signal: controller.signal,
        onOutage: (e) => say(e.kind === "unreachable" ? `outage     Prometheus unreachable: ${e.error}` : `outage     Prometheus answers again after ${(e.downMs / 1000).toFixed(0)} s; catching up`),
        onStep: (step, { gap }) => {
          if (gap) say(`gap        ${new Date(step.time).toISOString()}: no samples for this step`);
          for (const e of step.newEpisodes) say(`deviation  ${e.node} (${e.kind}) from ${new Date(e.start).toISOString()}: ${e.metrics.join(", ")}, z ${e.peakZ.toFixed(1)}`);
          for (const t of step.transitions) if (t.kind === "firing" || t.kind === "resolved") say(`alert      ${t.kind.padEnd(8)} ${t.rule} on ${t.node}`);
        },
      });
      await queue?.drain({ deadlineMs: 10_000 });
      printSummary(result);
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await server?.close();
    }
    return EXIT.ok;
  },
};
