// Reads a Numenta Anomaly Benchmark checkout (data/<category>/*.csv and labels/combined_windows.json) into labelled series.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument, notFound } from "../errors";
import type { AnomalyWindow } from "./window-score";

/** One labelled series. */
export interface LabelledSeries {
  /** "realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv" for NAB; any id otherwise. */
  id: string;
  /** Seconds since the Unix epoch. */
  times: Float64Array;
  values: Float64Array;
  windows: AnomalyWindow[];
}

/** NAB timestamps ("2014-02-14 14:30:00" or with ".000000") are UTC. */
function parseNabTime(text: string): number {
  const iso = text.trim().replace(" ", "T");
  const ms = Date.parse(iso.endsWith("Z") ? iso : iso + "Z");
  return ms / 1000;
}

/** Parses one NAB data file (`timestamp,value`). */
export function parseNabCsv(text: string, id = "series"): { times: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const times = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  for (let i = 1; i < lines.length; i++) {
    const comma = lines[i].indexOf(",");
    const t = parseNabTime(lines[i].slice(0, comma));
    const v = Number(lines[i].slice(comma + 1));
    if (!Number.isFinite(t)) throw invalidArgument("parseNabCsv", `${id} line ${i + 1} timestamp`, "a time like 2014-02-14 14:30:00", lines[i].slice(0, comma));
    times[i - 1] = t;
    values[i - 1] = v;
  }
  return { times, values };
}

/**
 * Reads every series of one NAB category with its label windows: `readNab("/path/to/NAB")` reads
 * data/realAWSCloudwatch/*.csv and labels/combined_windows.json.
 */
export function readNab(dir: string, options: { category?: string } = {}): LabelledSeries[] {
  const category = options.category ?? "realAWSCloudwatch";
  const dataDir = join(dir, "data", category);
  const labelsFile = join(dir, "labels", "combined_windows.json");
  if (!existsSync(dataDir)) throw notFound("readNab", "data folder", dataDir, "Pass a NAB checkout (github.com/numenta/NAB) with data/ and labels/.");
  if (!existsSync(labelsFile)) throw notFound("readNab", "labels file", labelsFile, "Pass a NAB checkout with labels/combined_windows.json.");
  const labels = JSON.parse(readFileSync(labelsFile, "utf8")) as Record<string, [string, string][]>;
  const files = readdirSync(dataDir).filter((f) => f.endsWith(".csv")).sort();
  return files.map((file) => {
    const id = `${category}/${file}`;
    const { times, values } = parseNabCsv(readFileSync(join(dataDir, file), "utf8"), id);
    const windows = (labels[id] ?? []).map(([a, b]) => ({ start: parseNabTime(a), end: parseNabTime(b) }));
    return { id, times, values, windows };
  });
}

/**
 * Splits series in two halves by a fixed rule (alternating in sorted id order): tune on `tune`, report `holdout`.
 */
export function splitHalves<T extends { id: string }>(series: readonly T[]): { tune: T[]; holdout: T[] } {
  const sorted = [...series].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { tune: sorted.filter((_, i) => i % 2 === 0), holdout: sorted.filter((_, i) => i % 2 === 1) };
}
