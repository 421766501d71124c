// `infratwin dashboard [scenario]`: serves the live dashboard of a scenario on a loopback port and prints its URL.
import { startDashboard } from "../../dashboard";
import { createTwinExporter } from "../../sync";
import { serveExporter, type ExporterServer } from "../../sync";
import { EXIT, parseArgs, CliUsageError, type Command } from "../command";

export const command: Command = {
  name: "dashboard",
  summary: "Serve a live dashboard of a scenario on a local port (play, speed, fork, panels)",
  help: [
    "Usage: infratwin dashboard [SCENARIO] [--port N] [--speed S] [--no-supervisor] [--metrics-port P]",
    "",
    "SCENARIO is a scenario file or a bundled name (db-crash-payday by default). Opens on 127.0.0.1 and prints",
    "the URL; the run starts paused. Custom metric panels are saved in ./dashboard.json. Ctrl-C stops it.",
    "",
    "  --port N          port to listen on (a free one by default)",
    "  --speed S         simulated seconds per second at start (60)",
    "  --no-supervisor   do not ask the supervisor about incidents",
    "  --metrics-port P  also serve the baseline run's predicted metrics and alert states at http://127.0.0.1:P/metrics for Prometheus",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseArgs("dashboard", args, { values: ["port", "speed", "metrics-port"], switches: ["no-supervisor"] });
    if (positionals.length > 1) throw new CliUsageError("infratwin dashboard: give at most one scenario.");
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`infratwin dashboard: --port must be a port number, not ${JSON.stringify(options.port)}.`);
    const speed = options.speed === undefined ? undefined : Number(options.speed);
    if (speed !== undefined && !(speed > 0)) throw new CliUsageError(`infratwin dashboard: --speed must be a number > 0, not ${JSON.stringify(options.speed)}.`);
    const metricsPort = options["metrics-port"] === undefined ? undefined : Number(options["metrics-port"]);
    if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) {
      throw new CliUsageError(`infratwin dashboard: --metrics-port must be a port number, not ${JSON.stringify(options["metrics-port"])}.`);
    }
    const dashboard = await startDashboard({ scenario: positionals[0] ?? "db-crash-payday", port, speed, supervisor: options["no-supervisor"] !== true });
    console.log(`infratwin dashboard: ${dashboard.url}  (Ctrl-C to stop)`);
    let metrics: ExporterServer | undefined;
    if (metricsPort !== undefined) {
      const base = dashboard.runs[0];
      const exporter = createTwinExporter();
      exporter.watchTwin(base.twin, { alerts: () => base.engine?.alerts() ?? [] });
      metrics = await serveExporter(exporter, { port: metricsPort });
      console.log(`infratwin dashboard: Prometheus metrics at ${metrics.url}`);
    }
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await metrics?.close();
    await dashboard.close();
    return EXIT.ok;
  },
};
