// `infratwin worker`: serves the distributed sweep queue on this machine until stopped, writing results to the shared store.
import { hostname } from "node:os";
import { redactRedisUrl, startSweepWorker } from "../../distributed";
import { sanitizeForTerminal } from "../terminal-text";
import { CliUsageError, EXIT, parseCommandArgs, stringOption, type Command } from "../command";

function positiveInteger(name: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new CliUsageError(`infratwin worker: --${name} must be a positive integer, not ${JSON.stringify(value)}.`);
  return n;
}

export const command: Command = {
  name: "worker",
  summary: "Run distributed sweep jobs from a Redis queue and write their results to the shared store",
  help: [
    "Usage: infratwin worker --queue redis://HOST:6379 --store postgres://USER@HOST/DB [--concurrency N] [--name NAME]",
    "                        [--queue-name infratwin-sweeps] [--lock-ms 30000] [--stalled-ms 30000]",
    "",
    "Takes scenario jobs that `infratwin sweep --queue` enqueued, runs them, and writes each result once to the",
    "store (PostgreSQL: every worker on every machine writes to the same one). --store may come from",
    "INFRATWIN_STORE instead, which keeps a password off the process list. Runs until SIGTERM or SIGINT, then",
    "finishes the jobs in hand. A worker that dies mid-job loses nothing: its job goes to another worker once",
    "its lock (--lock-ms) expires. --concurrency is jobs at once in this process (default 1: one core each).",
  ].join("\n"),
  async run(args) {
    const { options, positionals } = parseCommandArgs(args, { command: "worker", values: ["queue", "store", "concurrency", "name", "queue-name", "lock-ms", "stalled-ms"] });
    if (positionals.length > 0) throw new CliUsageError(`infratwin worker: unexpected argument ${JSON.stringify(positionals[0])}; see infratwin worker --help.`);
    const redis = stringOption(options, "queue");
    if (!redis) throw new CliUsageError("infratwin worker: --queue redis://HOST:PORT is required (the Redis the sweep was enqueued on).");
    const store = stringOption(options, "store") ?? process.env.INFRATWIN_STORE;
    if (!store) throw new CliUsageError("infratwin worker: --store postgres://… (or INFRATWIN_STORE) is required: results go to the shared store.");
    const name = stringOption(options, "name") ?? `${hostname()}:${process.pid}`;
    const worker = await startSweepWorker({
      redis,
      store,
      concurrency: positiveInteger("concurrency", stringOption(options, "concurrency"), 1),
      name,
      queueName: stringOption(options, "queue-name"),
      lockDurationMs: positiveInteger("lock-ms", stringOption(options, "lock-ms"), undefined),
      stalledIntervalMs: positiveInteger("stalled-ms", stringOption(options, "stalled-ms"), undefined),
      onEvent: (e) => {
        const detail = e.kind === "job_started" ? `attempt=${e.attempt} scenarios=${e.scenarios}` : e.kind === "job_done" ? `written=${e.written} skipped=${e.skipped}` : `attempt=${e.attempt} error=${JSON.stringify(e.error)}`;
        console.log(sanitizeForTerminal(`worker ${name} ${e.kind} ${e.jobId} ${detail}`));
      },
    });
    console.log(sanitizeForTerminal(`worker ${worker.name} ready on ${redactRedisUrl(redis)} (queue ${stringOption(options, "queue-name") ?? "infratwin-sweeps"})`));
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    });
    await worker.close();
    console.log(sanitizeForTerminal(`worker ${worker.name} stopped`));
    return EXIT.ok;
  },
};
