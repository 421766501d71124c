// Durations ("5m", "1h30m"), times of day ("10:00") and the simulated calendar that maps sim seconds to dates.
import { invalidArgument } from "./errors";
import { parseIso } from "./ingest/time";

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/**
 * Seconds in a duration: a number of seconds, or Prometheus-style text ("30s", "5m", "1h30m", "2d", "250ms").
 * `parseDuration("5 mins")` throws, naming the call and the value.
 */
export function parseDuration(value: number | string, api = "parseDuration", field = "duration"): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw invalidArgument(api, field, "a duration >= 0 (seconds, or text such as \"5m\")", value);
    return value;
  }
  if (typeof value !== "string" || !DURATION.test(value.trim()))
    throw invalidArgument(api, field, 'a duration such as "30s", "5m", "1h30m" or a number of seconds', value);
  let total = 0;
  for (const match of value.trim().matchAll(PART)) total += Number(match[1]) * UNIT_SECONDS[match[2]];
  return total;
}

/** Short text for a number of seconds: 90 → "1m30s", 3600 → "1h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  if (seconds === 0) return "0s";
  const sign = seconds < 0 ? "-" : "";
  let rest = Math.abs(seconds);
  let out = "";
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  if (rest > 0 || out === "") out += `${Math.round(rest * 1000) / 1000}s`;
  return sign + out;
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Seconds since the start of the simulation for a point in time given as seconds, a duration ("90m"),
 * a time of day on the first day ("10:00", "10:00:30"), or "d2 10:00" (day 2, counting from 1).
 */
export function parseSimTime(value: number | string, api = "parseSimTime", field = "time"): number {
  if (typeof value === "number") return parseDuration(value, api, field);
  if (typeof value !== "string") throw invalidArgument(api, field, 'a time such as 600, "10:00", "d2 10:00" or "90m"', value);
  const text = value.trim();
  const day = /^d(\d+)\s+(.+)$/.exec(text);
  if (day) {
    const n = Number(day[1]);
    if (n < 1) throw invalidArgument(api, field, "a day number >= 1", value);
    return (n - 1) * 86400 + parseSimTime(day[2], api, field);
  }
  const clock = TIME_OF_DAY.exec(text);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw invalidArgument(api, field, "a valid time of day (00:00 to 23:59:59)", value);
    return h * 3600 + m * 60 + s;
  }
  try {
    return parseDuration(text, api, field);
  } catch {
    throw invalidArgument(api, field, 'a time such as 600, "10:00", "d2 10:00" or "90m"', value);
  }
}

/** Maps simulated seconds to calendar dates (UTC), starting at midnight of `start`. */
export class SimCalendar {
  /** Epoch milliseconds of simulated time 0. */
  readonly epochMs: number;

  constructor(start: string | Date = "2026-01-05") {
    // The telemetry reader's parser: a zone-less start is UTC, never the machine's zone.
    const ms = start instanceof Date ? start.getTime() : typeof start === "string" ? parseIso(start.trim(), "UTC").ms : NaN;
    if (!Number.isFinite(ms)) throw invalidArgument("SimCalendar", "start", 'an ISO date such as "2026-11-30"', start);
    // Beyond these years a run's timestamps stop being dates (year 275760 is the end of JS time).
    const year = new Date(ms).getUTCFullYear();
    if (year < 1970 || year > 2200) throw invalidArgument("SimCalendar", "start", "a date in the years 1970 to 2200", start);
    this.epochMs = ms;
  }

  /** The date at simulated second t. */
  dateAt(t: number): Date {
    return new Date(this.epochMs + t * 1000);
  }

  /** ISO timestamp at simulated second t. */
  isoAt(t: number): string {
    return this.dateAt(t).toISOString();
  }

  /** Hour of day in [0, 24), fractional. */
  hourOfDay(t: number): number {
    const d = this.dateAt(t);
    return d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  }

  /** 0 = Sunday … 6 = Saturday. */
  weekday(t: number): number {
    return this.dateAt(t).getUTCDay();
  }

  /** Day of the month, 1-based. */
  dayOfMonth(t: number): number {
    return this.dateAt(t).getUTCDate();
  }

  /** Days left in the month after this one (0 on the last day). */
  daysToMonthEnd(t: number): number {
    const d = this.dateAt(t);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    return last - d.getUTCDate();
  }
}
