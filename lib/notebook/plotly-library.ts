// plotly.js itself: read once from plotly.js-dist, embedded at most once per notebook session (and once per report).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors";

// Shared through globalThis so two copies of infratwin in one kernel still embed the library once.
const STATE_KEY = Symbol.for("infratwin.notebook.plotlyEmbedded");
type State = { embedded: boolean };
const state: State = ((globalThis as Record<symbol, unknown>)[STATE_KEY] as State | undefined) ?? { embedded: false };
(globalThis as Record<symbol, unknown>)[STATE_KEY] = state;

let cached: { source: string; version: string } | undefined;

/**
 * The path of the plotly.js bundle: plotly.js-dist-min's when installed (a third of the size), else
 * plotly.js-dist's minified file when it ships one, else its main file.
 */
export function plotlyLibraryPath(): string {
  try {
    return require.resolve("plotly.js-dist-min");
  } catch {
    // Not installed: plotly.js-dist is a dependency.
  }
  let main: string;
  try {
    main = require.resolve("plotly.js-dist");
  } catch (error) {
    throw new UsageError(`plotlyLibrary: the plotly.js-dist package is not installed (npm install plotly.js-dist): ${error instanceof Error ? error.message : String(error)}`);
  }
  const minified = join(dirname(main), "plotly.min.js");
  return existsSync(minified) ? minified : main;
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
