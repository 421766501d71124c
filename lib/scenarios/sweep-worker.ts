// The worker thread behind `sweep`: runs the scenarios it is sent and posts back their sweep records.
import { parentPort } from "node:worker_threads";
import type { Scenario } from "./format";
import { runSweepItem } from "./sweep";

parentPort?.on("message", async (message: { index: number; scenario: Scenario }) => {
  parentPort!.postMessage(await runSweepItem(message.scenario, message.index));
});
