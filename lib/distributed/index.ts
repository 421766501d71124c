// Public API of lib/distributed (re-exports only, plus registering the "bullmq" sweep backend with lib/scenarios).
import { registerSweepBackend } from "../scenarios";
import { distributedSweep, type DistributedSweepOptions } from "./coordinator";

registerSweepBackend("bullmq", async (scenarios, options) => (await distributedSweep(scenarios, options as DistributedSweepOptions)).items);

export { distributedSweep, type DistributedSweepOptions, type DistributedSweepResult } from "./coordinator";
export { startSweepWorker, type SweepWorker, type SweepWorkerEvent, type SweepWorkerOptions } from "./worker";
export { sweepStatus, type SweepStatus, type SweepStatusOptions } from "./status";
export { startSweepWorkers, type SweepWorkerProcesses, type SweepWorkerProcessOptions } from "./worker-processes";
export { startRedis, redisMissing, type RedisServer, type StartRedisOptions } from "./redis-server";
export { DEFAULT_QUEUE_NAME, QUEUE_DEFAULTS, scenarioId, redactRedisUrl, type SweepJobData, type SweepJobScenario } from "./jobs";
export { readSweepItems, writeSweepItem, type StoredSweepItem } from "./results";
