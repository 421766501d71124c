// A calibrated topology: a copy of the graph whose nodes carry the fitted parameters, so saving and loading it keeps the calibration.
import { invalidArgument, notFound } from "../errors";
import type { InfraGraph } from "../graph";
import { PARAMETER_EXTRA_KEYS, type NodeParameters } from "../twin";
import type { Calibration } from "./types";

/**
 * A copy of `graph` with each calibrated node's parameters in its `extra` attributes (PARAMETER_EXTRA_KEYS). Every
 * twin created from the copy, or from the file `saveTopology(copy, path)` writes, runs with them:
 * `createTwin(loadTopology(path))`, `runScenario`, forks and what-ifs included. The input graph is not modified.
 */
export function calibratedGraph(graph: InfraGraph, calibration: Calibration): InfraGraph {
  const api = "calibratedGraph";
  if (!graph || typeof graph.copy !== "function") throw invalidArgument(api, "graph", "an infrastructure graph (graphology)", graph);
  if (calibration === null || typeof calibration !== "object" || calibration.kind !== "calibration") throw invalidArgument(api, "calibration", "what calibrate() returned in `calibration`", calibration);
  const copy = graph.copy() as InfraGraph;
  for (const [id, parameters] of Object.entries(calibration.nodes)) {
    if (!copy.hasNode(id)) throw notFound(api, "calibration node", id);
    const extra: Record<string, string | number | boolean> = { ...((copy.getNodeAttribute(id, "extra") as Record<string, string | number | boolean> | undefined) ?? {}) };
    for (const [field, key] of Object.entries(PARAMETER_EXTRA_KEYS) as [keyof NodeParameters, string][]) {
      const value = parameters[field];
      // Rounded to 6 significant digits: the file stays readable and the fit is not that precise anyway.
      if (value !== undefined) extra[key] = Number(value.toPrecision(6));
    }
    copy.setNodeAttribute(id, "extra", extra);
  }
  return copy;
}
