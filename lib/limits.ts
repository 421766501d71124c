// Resource limits a user can raise: the memory budget for recorded metrics, the smallest step, the longest horizon, plausible dates.
import { totalmem } from "node:os";
import { ResourceLimitError, invalidArgument } from "./errors";

/** Smallest simulation step in seconds (the twin's load and fault models are per-minute; 1 s is already fine-grained). */
export const MIN_STEP_SECONDS = 1;
/** Longest horizon in seconds: 400 days, a year-long study with room to spare. */
export const MAX_HORIZON_SECONDS = 400 * 86400;
/** Share of the machine's memory the metrics of one run may take by default. */
export const DEFAULT_MEMORY_FRACTION = 0.25;
/** Largest load multiplier or calendar factor (a surge of × 1000 already saturates any estate). */
export const MAX_LOAD_FACTOR = 1000;
/** Largest base rate of one business service, requests/s. */
export const MAX_BASE_RPS = 1e7;
/** Largest value of any other numeric fault parameter (ms, rates per hour, ...). */
export const MAX_FAULT_PARAM = 1e7;
/** Shortest and longest deadline for supervisor answers, ms (Node's timers cannot hold more than 2^31 - 1 ms). */
export const MIN_DEADLINE_MS = 1;
export const MAX_DEADLINE_MS = 24 * 3600 * 1000;
/** Calendar years a scenario start or a telemetry timestamp may fall in. */
export const YEAR_RANGE = { min: 1970, max: 2200 } as const;

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** Bytes from `"2GB"`, `"512MiB"`, `"1.5gb"` or a number of bytes; a typed error naming `field` otherwise. */
export function parseByteSize(value: unknown, api = "parseByteSize", field = "size"): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) throw invalidArgument(api, field, "a number of bytes > 0 or a size such as \"2GB\"", value);
    return Math.floor(value);
  }
  const match = typeof value === "string" ? /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(value) : null;
  if (!match) throw invalidArgument(api, field, 'a size such as "512MB", "2GB" or "1.5GiB"', value);
  const bytes = Number(match[1]) * UNITS[(match[2] ?? "b").toLowerCase()];
  if (!(bytes >= 1 && Number.isFinite(bytes))) throw invalidArgument(api, field, "a size of at least 1 byte", value);
  return Math.floor(bytes);
}

/** The default memory budget: `INFRATWIN_MAX_MEMORY` when set, else a quarter of the machine's memory. */
export function defaultMemoryBudget(env: Record<string, string | undefined> = process.env): number {
  const configured = env.INFRATWIN_MAX_MEMORY;
  if (configured !== undefined && configured.trim() !== "") return parseByteSize(configured, "defaultMemoryBudget", "INFRATWIN_MAX_MEMORY");
  return Math.floor(totalmem() * DEFAULT_MEMORY_FRACTION);
}

/** `1.5e9` → "1.5 GB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value >= 100 || i === 0 ? Math.round(value) : value.toPrecision(3)} ${units[i]}`;
}

/** What a recording will hold, for the budget check. */
export interface RecordingSize {
  /** Recorded steps (after `record.every`). */
  steps: number;
  nodes: number;
  metrics: number;
  /** 4 for float32, 8 for float64. */
  bytesPerValue: number;
}

/** Bytes a recording takes: the values plus one float64 time per step. */
export function recordingBytes(size: RecordingSize): number {
  return size.steps * size.nodes * size.metrics * size.bytesPerValue + size.steps * 8;
}

/**
 * Throws a ResourceLimitError before anything is allocated when a recording would not fit `budget` bytes; the message
 * states the size and every option that shrinks it or raises the budget.
 */
export function checkMemoryBudget(api: string, size: RecordingSize, budget: number): void {
  const bytes = recordingBytes(size);
  if (bytes <= budget) return;
  throw new ResourceLimitError(
    `${api}: recording ${size.steps.toLocaleString("en")} steps × ${size.nodes.toLocaleString("en")} nodes × ${size.metrics} metrics needs ${formatBytes(bytes)}, ` +
      `over the memory budget of ${formatBytes(budget)}. Record fewer metrics (record.metrics) or nodes (record.nodes, record.kinds), keep one step in N (record.every), ` +
      `use a longer step or a shorter horizon, or raise the budget (--max-memory, record.maxBytes, INFRATWIN_MAX_MEMORY).`,
  );
}

/** Checks a step and a horizon (seconds) against the limits; `where` prefixes the field names (`"$."` for scenario files). */
export function stepAndHorizonProblem(step: number, horizon: number): { field: "step" | "horizon"; message: string } | undefined {
  if (!(step >= MIN_STEP_SECONDS)) return { field: "step", message: `expected a step of at least ${MIN_STEP_SECONDS} s but found ${step} s` };
  if (!(horizon <= MAX_HORIZON_SECONDS)) return { field: "horizon", message: `expected a horizon of at most ${MAX_HORIZON_SECONDS / 86400} days but found ${horizon} s (${(horizon / 86400).toFixed(1)} days)` };
  return undefined;
}

/** True when `ms` since 1970 falls within YEAR_RANGE. */
export function plausibleInstant(ms: number): boolean {
  if (!Number.isFinite(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;
}
