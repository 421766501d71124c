// The queue side of `infratwin sweep`: --queue/--store options, the ranking table, and `sweep status ID`.
import { sweepStatus } from "../distributed";
import type { SweepItem } from "../scenarios";
import { CliUsageError, EXIT, stringOption, type ParsedArgs } from "./command";
import { sanitizeForTerminal } from "./terminal-text";

/** The distributed sweep's options from the command line, or undefined without --queue. */
export function queueOptions(options: ParsedArgs["options"]): { redis: string; store: string; sweepId?: string; batch?: number; attempts?: number; queueName?: string; detach: boolean } | undefined {
  const redis = stringOption(options, "queue");
  const local = ["store", "sweep-id", "batch", "attempts", "queue-name", "detach"].filter((o) => options[o] !== undefined);
  if (!redis) {
    if (local.length > 0) throw new CliUsageError(`infratwin sweep: --${local[0]} needs --queue redis://HOST:PORT (it applies to distributed sweeps).`);
    return undefined;
  }
  const store = stringOption(options, "store") ?? process.env.INFRATWIN_STORE;
  if (!store) throw new CliUsageError("infratwin sweep: --queue needs --store postgres://… (or INFRATWIN_STORE): workers write results to the shared store.");
  const count = (name: string) => {
    const value = stringOption(options, name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!(Number.isInteger(n) && n > 0)) throw new CliUsageError(`infratwin sweep: --${name} must be a positive integer, not ${JSON.stringify(value)}.`);
    return n;
  };
  return { redis, store, sweepId: stringOption(options, "sweep-id"), batch: count("batch"), attempts: count("attempts"), queueName: stringOption(options, "queue-name"), detach: options.detach === true };
}

/** Prints the first `rows` of a ranking, one line per scenario. */
export function printRanking(ranked: readonly SweepItem[], rows: number): void {
  console.log("rank  tier-1 down  availability  p95 ms  scenario");
  ranked.slice(0, rows).forEach((item, i) => {
    if (item.kind === "sweep_ok")
      console.log(`${String(i + 1).padStart(4)}  ${String(item.summary.tier1DownMinutes).padStart(7)} min  ${(item.summary.tier1Availability * 100).toFixed(3).padStart(10)} %  ${item.summary.tier1P95LatencyMs.toFixed(0).padStart(6)}  ${sanitizeForTerminal(item.name)}`);
    else console.log(sanitizeForTerminal(`${String(i + 1).padStart(4)}  error: ${item.name}: ${oneLine(item.error)}`));
  });
}

/** `infratwin sweep status ID`: counts, failures with their errors, the ranking so far. Exit 1 when something failed. */
export async function printSweepStatus(positionals: readonly string[], options: ParsedArgs["options"]): Promise<number> {
  if (positionals.length !== 1) throw new CliUsageError("infratwin sweep status: expected one sweep id; see infratwin sweep --help.");
  const queue = queueOptions(options);
  if (!queue) throw new CliUsageError("infratwin sweep status: --queue redis://HOST:PORT is required (with --store or INFRATWIN_STORE).");
  const status = await sweepStatus(positionals[0], { redis: queue.redis, store: queue.store, queueName: queue.queueName });
  console.log(`sweep ${status.sweepId}: ${status.done} done, ${status.failed} failed, ${status.waiting} waiting, ${status.active} active, ${status.missing} missing, of ${status.total}`);
  for (const f of status.failures) console.log(sanitizeForTerminal(`failed ${f.scenarioId} ${f.name} after ${f.attempts ?? "?"} attempts: ${oneLine(f.error)}`));
  if (status.ranked.length > 0) printRanking(status.ranked, 15);
  return status.failed > 0 ? EXIT.failed : EXIT.ok;
}

/** Multi-line errors (validation lists) on one line, so each printed line is one scenario. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
