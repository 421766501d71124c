// Maps simulated seconds to plotly x values: wall-clock dates when the store knows its epoch, else hours/minutes/seconds.
import { invalidArgument } from "../errors";

/** How time is shown: calendar dates (needs an epoch), or hours, minutes or seconds since the start. */
export type TimeUnit = "date" | "hours" | "minutes" | "seconds";

/** A time axis: converts simulated seconds to x values and carries the axis settings. */
export interface TimeAxis {
  unit: TimeUnit;
  /** x value of a simulated time (seconds): ms since 1970 on a date axis, else hours/minutes/seconds. */
  x(seconds: number): number;
  /** The plotly axis object (type, title, formats). */
  axis: Record<string, unknown>;
  /** Short text of a time for labels and hovers ("2026-11-25 10:00" or "10.5 h"). */
  label(seconds: number): string;
}

const UNITS: readonly TimeUnit[] = ["date", "hours", "minutes", "seconds"];
const SCALE: Record<Exclude<TimeUnit, "date">, [number, string]> = {
  hours: [3600, "h"],
  minutes: [60, "min"],
  seconds: [1, "s"],
};

/** The time axis for a store's epoch (ms since 1970, or undefined) and an optional unit ("date" by default when there is an epoch, else "hours"). */
export function timeAxis(epochMs: number | undefined, unit?: TimeUnit): TimeAxis {
  return timeAxisFor("timeAxis", epochMs, unit);
}

/** `timeAxis` for a plot builder: errors are headed by the builder's name (not re-exported). */
export function timeAxisFor(api: string, epochMs: number | undefined, unit?: TimeUnit): TimeAxis {
  if (unit !== undefined && !UNITS.includes(unit)) throw invalidArgument(api, "time", `one of ${UNITS.join(", ")}`, unit);
  const chosen: TimeUnit = unit ?? (epochMs === undefined ? "hours" : "date");
  if (chosen === "date") {
    if (epochMs === undefined) throw invalidArgument(api, "time", '"hours", "minutes" or "seconds" (the data has no epoch, so no calendar dates)', unit);
    const epoch = epochMs;
    return {
      unit: "date",
      x: (s) => epoch + s * 1000,
      axis: { type: "date", title: { text: "time (UTC)" }, hoverformat: "%Y-%m-%d %H:%M:%S" },
      label: (s) => new Date(epoch + s * 1000).toISOString().slice(0, 16).replace("T", " "),
    };
  }
  const [size, suffix] = SCALE[chosen];
  return {
    unit: chosen,
    x: (s) => s / size,
    axis: { type: "linear", title: { text: `simulated time (${suffix})` } },
    label: (s) => `${Number((s / size).toPrecision(6))} ${suffix}`,
  };
}
