// plotly.js itself: read once from plotly.js-dist (minified by the build), embedded at most once per notebook session (and once per report).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../errors";

// Shared through globalThis so two copies of infratwin in one kernel still embed the library once.
const STATE_KEY = Symbol.for("infratwin.notebook.plotlyEmbedded");
type State = { embedded: boolean };
const state: State = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as State | undefined) ?? { embedded: false };
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

let cached: { source: string; version: string } | undefined;

/**
 * The path of the plotly.js bundle: the build's minified copy of plotly.js-dist (dist/notebook/plotly.min.js,
 * written by `npm run build`), else plotly.js-dist's own file (11 MB, unminified) when the build could not minify it.
 */
export function plotlyLibraryPath(): string {
  // Beside this file in dist/; from the TypeScript sources (tests), in the package's dist/.
  for (const minified of [resolve(__dirname, "plotly.min.js"), resolve(__dirname, "..", "..", "dist", "notebook", "plotly.min.js")]) if (existsSync(minified)) return minified;
  try {
    return require.resolve("plotly.js-dist");
  } catch (error) {
    throw new UsageError(`plotlyLibrary: the plotly.js-dist package is not installed (npm install plotly.js-dist): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The plotly.js source, safe to put inside a `<script>` element, and its version; read once and cached. */
export function plotlyLibrary(): { source: string; version: string } {
  if (cached) return cached;
  const path = plotlyLibraryPath();
  const raw = readFileSync(path, "utf8");
  const version = /plotly\.js v([0-9][^\s*]*)/.exec(raw.slice(0, 400))?.[1] ?? "unknown";
  // "</script" anywhere in the text would end the element early (it only occurs inside strings and regexes, where "<\/" means the same).
  const source = raw.replace(/<\/(script)/gi, "<\\/$1");
  cached = { source, version };
  return cached;
}

/** A `<script>` element that defines `window.Plotly`. */
export function plotlyScriptTag(): string {
  const { source, version } = plotlyLibrary();
  return `<script type="text/javascript">/* plotly.js ${version}, embedded by infratwin */\n${source}\n</script>`;
}

/** Whether plotly.js has been embedded in this notebook session. */
export function isPlotlyEmbedded(): boolean {
  return state.embedded;
}

/** Records that plotly.js is (true) or is not (false) in the notebook page; figure displays read this. */
export function markPlotlyEmbedded(embedded: boolean): void {
  state.embedded = embedded;
}
