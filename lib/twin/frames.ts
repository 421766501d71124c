// The ground truth as danfo DataFrames: injected faults, what the twin did about them, and service impacts.
import type { DataFrame } from "danfojs-node";
import { invalidArgument } from "../errors";
import { loadDanfo } from "../metrics";
import type { GroundTruth } from "./types";

/** Which table of the ground truth. */
export type GroundTruthTable = "faults" | "events" | "impacts";

/** Plain rows of one ground-truth table (times in simulated seconds; params as JSON text). */
export function groundTruthRows(truth: GroundTruth, table: GroundTruthTable = "faults"): Record<string, string | number | null>[] {
  switch (table) {
    case "faults":
      return truth.faults.map((f) => ({ id: f.id, kind: f.kind, target: f.target, at: f.at, duration: f.duration, end: f.at + f.duration, origin: f.origin, params: JSON.stringify(f.params), label: f.label ?? "" }));
    case "events":
      return truth.events.map((e) => ({ time: e.time, kind: e.kind, node: e.node, fault: e.fault, detail: e.detail ?? "" }));
    case "impacts":
      return truth.impacts.map((i) => ({ service: i.service, name: i.name, tier: i.tier, status: i.status, start: i.start, end: i.end, minutes: i.end === null ? null : (i.end - i.start) / 60, faults: i.faults.join(" ") }));
    default:
      throw invalidArgument("groundTruthFrame", "table", '"faults", "events" or "impacts"', table);
  }
}

/** One ground-truth table as a DataFrame: `groundTruthFrame(result.groundTruth, "impacts").groupby(["service"])...`. */
export function groundTruthFrame(truth: GroundTruth, table: GroundTruthTable = "faults"): DataFrame {
  const rows = groundTruthRows(truth, table);
  const dfd = loadDanfo();
  if (rows.length === 0) {
    const columns = { faults: ["id", "kind", "target", "at", "duration", "end", "origin", "params", "label"], events: ["time", "kind", "node", "fault", "detail"], impacts: ["service", "name", "tier", "status", "start", "end", "minutes", "faults"] }[table];
    return new dfd.DataFrame([], { columns });
  }
  return new dfd.DataFrame(rows);
}
