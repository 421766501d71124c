// Where the package is installed, and its bundled datasets: the nearest folder above this file whose package.json is infratwin's (lib/, dist/, or a bundle in .cache/ all find it).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

let root: string | undefined;

/** The package root: the nearest folder above this file holding infratwin's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = resolve(__dirname);
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "infratwin") return (root = dir);
      } catch {
        // an unreadable manifest is not ours: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) return (root = resolve(__dirname, ".."));
    dir = up;
  }
}

/** A path inside the bundled `datasets/` folder, e.g. `datasetPath("scenarios", "db-crash-payday.json")`. */
export function datasetPath(...parts: string[]): string {
  return join(packageRoot(), "datasets", ...parts);
}
