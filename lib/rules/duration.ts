// Durations as rules write them ("30s", "5m", "1h30m", "2d" or a number of seconds), parsed to seconds and formatted back.

const UNIT_SECONDS: Readonly<Record<string, number>> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
const UNIT_ORDER = ["w", "d", "h", "m", "s", "ms"];
const PART = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/y;

/** What a duration may be in a rule: a Prometheus-style string or a number of seconds. */
export type RuleDuration = string | number;

/** The accepted forms, for error messages. */
export const RULE_DURATION_HINT = 'a number of seconds or a duration like "30s", "5m", "1h30m", "2d"';

/**
 * Parses a duration to seconds, or returns `undefined` when it is not one. Units (w, d, h, m, s, ms)
 * come largest first, each at most once, with no spaces, as Prometheus writes them: "1h30m" is fine,
 * "30m1h", "5 mins" and "5" (a string without unit) are not. Numbers are seconds and must be finite and >= 0.
 */
export function parseRuleDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string" || value.length === 0) return undefined;
  if (value === "0") return 0;
  let seconds = 0;
  let at = 0;
  let lastUnit = -1;
  PART.lastIndex = 0;
  while (at < value.length) {
    PART.lastIndex = at;
    const match = PART.exec(value);
    if (match === null) return undefined;
    const unit = UNIT_ORDER.indexOf(match[2]);
    if (unit <= lastUnit) return undefined;
    lastUnit = unit;
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]];
    at = PART.lastIndex;
  }
  return seconds;
}

/** Formats seconds the way Prometheus prints durations: 300 → "5m", 5400 → "1h30m", 0 → "0s", 0.25 → "250ms". */
export function formatRuleDuration(seconds: number): string {
  if (!(seconds > 0)) return "0s";
  let rest = Math.round(seconds * 1000);
  let out = "";
  for (const unit of UNIT_ORDER) {
    const size = Math.round(UNIT_SECONDS[unit] * 1000);
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
