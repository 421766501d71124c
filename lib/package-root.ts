// Where the package is installed, and its bundled datasets: one place that knows lib/ and dist/ sit one folder below the root.
import { join, resolve } from "node:path";

/** The package root: this file lives in lib/ (sources) or dist/ (compiled), one folder down. */
export function packageRoot(): string {
  return resolve(__dirname, "..");
}

/** A path inside the bundled `datasets/` folder, e.g. `datasetPath("scenarios", "db-crash-payday.json")`. */
export function datasetPath(...parts: string[]): string {
  return join(packageRoot(), "datasets", ...parts);
}
