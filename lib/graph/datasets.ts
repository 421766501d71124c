// Bundled datasets and topology files: loadTopology("reference-bank") or loadTopology("path/to/file.json").
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgumentError, NotFoundError, invalidArgument } from "../errors";
import type { InfraGraph } from "./schema";
import { fromSpec } from "./spec";
import { stripBom } from "../json-guard";
import { datasetPath } from "../package-root";

export { packageRoot } from "../package-root";

/** The folder holding the bundled topology datasets (`<package>/datasets/topology`). */
export function topologyDatasetDir(): string {
  return datasetPath("topology");
}

/** Names of the bundled topology datasets, e.g. ["reference-bank"]. */
export function topologyDatasets(): string[] {
  const dir = topologyDatasetDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

function isDatasetName(text: string): boolean {
  return !/[\\/]/.test(text) && !text.endsWith(".json");
}

/**
 * Reads a topology: a bundled dataset by name ("reference-bank") or a JSON topology file by path.
 * The document is validated like `fromSpec`; problems name the file.
 *
 * @example const graph = loadTopology("reference-bank")
 */
export function loadTopology(pathOrName: string): InfraGraph {
  if (typeof pathOrName !== "string" || pathOrName === "")
    throw invalidArgument("loadTopology", "pathOrName", "a dataset name or a path to a .json file", pathOrName);
  let path = pathOrName;
  if (isDatasetName(pathOrName)) {
    path = join(topologyDatasetDir(), pathOrName + ".json");
    if (!existsSync(path)) {
      const known = topologyDatasets();
      throw new NotFoundError(
        `loadTopology: dataset ${JSON.stringify(pathOrName)} not found; bundled datasets: ${known.length ? known.join(", ") : "none"} (in ${topologyDatasetDir()}).`,
      );
    }
  } else if (!existsSync(path)) {
    throw new NotFoundError(`loadTopology: file ${JSON.stringify(path)} not found.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(readFileSync(path, "utf8")));
  } catch (error) {
    throw new InvalidArgumentError(`loadTopology: ${JSON.stringify(path)} is not valid JSON: ${(error as Error).message}.`, { cause: error });
  }
  return fromSpec(doc, { api: "loadTopology", what: path });
}
