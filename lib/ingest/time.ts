// The one timestamp parser for telemetry, labels and scenarios: ISO 8601 with or without a zone, epoch seconds or milliseconds.
import { invalidArgument } from "../errors";

/** How a column of times was read, for the report. */
export type TimeEncoding = "iso-zoned" | "iso-naive" | "epoch-s" | "epoch-ms" | "seconds";

/** Options of `parseTime` and `timeParser`. */
export interface TimeOptions {
  /** IANA zone for timestamps written without one ("Europe/Paris"); "UTC" by default. */
  timeZone?: string;
  /** How to read plain numbers: "auto" (epoch ms from 1e11, epoch s from 1e8, else seconds from the start), or force one. */
  numbers?: "auto" | "epoch-s" | "epoch-ms" | "seconds";
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Plain numbers at these magnitudes are epoch timestamps (1e8 s is 1973, 1e11 ms is 1973): smaller ones are offsets.
const EPOCH_S_FROM = 1e8;
const EPOCH_MS_FROM = 1e11;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Checks an IANA zone name, throwing the standard error naming `options.timeZone`. */
export function checkTimeZone(zone: string, api = "parseTime"): string {
  if (zone === "UTC" || zone === "Z") return "UTC";
  try {
    zoneFormatter(zone);
  } catch {
    throw invalidArgument(api, "options.timeZone", 'an IANA time zone such as "UTC" or "Europe/Paris"', zone);
  }
  return zone;
}

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC in ms at the instant `utcMs` (Intl gives the wall clock there). */
function offsetAt(zone: string, utcMs: number): number {
  const parts = zoneFormatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** UTC ms of a wall-clock time in `zone`; in a DST gap or overlap the earlier offset wins, as most databases do. */
export function wallClockToUtc(wallMs: number, zone: string): number {
  if (zone === "UTC") return wallMs;
  const first = offsetAt(zone, wallMs);
  const guess = wallMs - first;
  const second = offsetAt(zone, guess);
  return second === first ? guess : wallMs - Math.max(first, second);
}

/** Parses one ISO timestamp to UTC ms; `zoned` says whether the text carried its zone. NaN when not a timestamp. */
export function parseIso(text: string, timeZone = "UTC"): { ms: number; zoned: boolean } {
  const m = ISO.exec(text);
  if (m === null) return { ms: NaN, zoned: false };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return { ms: NaN, zoned: false };
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) + fraction;
  const zone = m[8];
  if (zone === undefined) return { ms: wallClockToUtc(wall, timeZone), zoned: false };
  if (zone === "Z" || zone === "z") return { ms: wall, zoned: true };
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000;
  return { ms: wall - sign * offset, zoned: true };
}

/**
 * Milliseconds since 1970 (or seconds from the start, for small plain numbers) of one time text or number.
 * `parseTime("2026-11-25 10:00", { timeZone: "Europe/Paris" })` → 1795597200000. NaN when it is not a time.
 */
export function parseTime(value: string | number, options: TimeOptions = {}): number {
  const parser = timeParser(options, "parseTime");
  const ms = parser.parse(value);
  return parser.encoding === "seconds" ? ms / 1000 : ms;
}

/**
 * A stateful parser for a column of times: remembers the encoding of the first value and refuses a mix
 * (epoch numbers then ISO text), caches the last text (rows of one time repeat it), and reports what it did.
 * `parse` returns ms since 1970, or ms from 0 when the column holds small offsets in seconds.
 */
export class TimeColumnParser {
  encoding: TimeEncoding | undefined;
  /** Naive timestamps read in `timeZone`. */
  naive = 0;
  readonly timeZone: string;
  private readonly numbers: NonNullable<TimeOptions["numbers"]>;
  private lastText = "";
  private lastMs = NaN;

  constructor(options: TimeOptions, api: string) {
    this.timeZone = checkTimeZone(options.timeZone ?? "UTC", api);
    this.numbers = options.numbers ?? "auto";
  }

  /** ms of `value`, NaN when it is not a time or is encoded unlike the column's first time. */
  parse(value: string | number): number {
    if (typeof value === "number") return this.fromNumber(value);
    if (value === this.lastText) return this.lastMs;
    const text = value.trim();
    let ms: number;
    const c = text.charCodeAt(4);
    if (c === 45 /* - */) {
      const { ms: parsed, zoned } = parseIso(text, this.timeZone);
      const encoding: TimeEncoding = zoned ? "iso-zoned" : "iso-naive";
      if (parsed !== parsed) ms = NaN;
      else if (this.encoding === undefined || this.encoding === encoding || (this.encoding.startsWith("iso") && encoding.startsWith("iso"))) {
        if (this.encoding === undefined || this.encoding === "iso-zoned") this.encoding = encoding;
        ms = parsed;
        if (!zoned) this.naive++;
      } else ms = NaN;
    } else {
      const n = text === "" ? NaN : Number(text);
      ms = this.fromNumber(n);
    }
    this.lastText = value;
    this.lastMs = ms;
    return ms;
  }

  private fromNumber(n: number): number {
    if (!Number.isFinite(n)) return NaN;
    let encoding: TimeEncoding;
    if (this.numbers !== "auto") encoding = this.numbers;
    else if (this.encoding !== undefined && this.encoding !== "iso-naive" && this.encoding !== "iso-zoned") encoding = this.encoding;
    else encoding = Math.abs(n) >= EPOCH_MS_FROM ? "epoch-ms" : Math.abs(n) >= EPOCH_S_FROM ? "epoch-s" : "seconds";
    if (this.encoding === undefined) this.encoding = encoding;
    else if (this.encoding !== encoding) return NaN;
    return encoding === "epoch-ms" ? n : n * 1000;
  }

  /** Whether the times are wall-clock (ms since 1970) rather than offsets from the start. */
  get absolute(): boolean {
    return this.encoding !== "seconds";
  }

  /** One sentence on how the times were read. */
  describe(): string {
    switch (this.encoding) {
      case "iso-zoned":
        return "ISO 8601 timestamps with their zone";
      case "iso-naive":
        return `ISO 8601 timestamps without a zone, read as ${this.timeZone} (options.timeZone)`;
      case "epoch-s":
        return "epoch seconds";
      case "epoch-ms":
        return "epoch milliseconds";
      case "seconds":
        return "seconds from the start (plain numbers below 1e8)";
      default:
        return "no times read";
    }
  }
}

/** A `TimeColumnParser` for one column. */
export function timeParser(options: TimeOptions = {}, api = "timeParser"): TimeColumnParser {
  return new TimeColumnParser(options, api);
}
