// Static images of figures (PNG or SVG) for places that show no JavaScript (GitHub, PDFs), rendered by plotly.js in headless Chromium when one is installed.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { invalidArgument, UsageError } from "../errors";
import { isFigure, type Figure } from "../plots/figure";
import { displayBundle } from "./display";
import { figureBundle, figureText } from "./figure-bundle";
import { currentSink, textSink } from "./kernel";
import { isPlotlyEmbedded, markPlotlyEmbedded, plotlyScriptTag } from "./plotly-library";

const DEFAULTS = {
  format: "png" as ImageFormat,
  width: 1000,
  /** Device pixels per CSS pixel: 2 keeps text sharp on high-density screens. */
  scale: 2,
  /** Close the browser after this long without a request, so an idle kernel holds no Chromium. */
  idleMs: 60_000,
  chromium: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

/** Image formats plotly.js renders. */
export type ImageFormat = "png" | "svg";

/** Options of `figureImage`. */
export interface FigureImageOptions {
  /** "png" (default) or "svg". */
  format?: ImageFormat;
  /** Width in CSS pixels (1000 by default); height is the figure's own (450 when it has none). */
  width?: number;
  height?: number;
  /** Pixel density of PNGs (2 by default). */
  scale?: number;
}

/** A rendered image: its MIME type and content (base64 for PNG, text for SVG), as a MIME bundle wants it. */
export interface FigureImage {
  mime: "image/png" | "image/svg+xml";
  data: string;
}

interface Renderer {
  render(figure: Figure, options: Required<FigureImageOptions>): Promise<string>;
  close(): Promise<void>;
}

let renderer: Promise<Renderer> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** The Chromium executable used for images: $INFRATWIN_CHROMIUM, else the first of the usual paths that exists. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.INFRATWIN_CHROMIUM, ...DEFAULTS.chromium].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(c));
}

/** Why static images cannot be made here, or undefined when they can. */
export function staticImageProblem(): string | undefined {
  if (!chromiumPath()) return "no Chromium found (install it with: apt-get install chromium, or set INFRATWIN_CHROMIUM)";
  try {
    require.resolve("playwright-core");
  } catch {
    return "playwright-core is not installed (npm install playwright-core)";
  }
  return undefined;
}

async function startRenderer(): Promise<Renderer> {
  const problem = staticImageProblem();
  if (problem) throw new UsageError(`figureImage: cannot render images: ${problem}.`);
  // Loaded only here: playwright-core is optional and only images need it.
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "infratwin-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, args: DEFAULTS.args });
  const page = await context.newPage();
  // Nothing may come from the network: the page holds plotly.js itself.
  await page.route(/^(https?|wss?):/, (route) => route.abort());
  await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8">${plotlyScriptTag()}</head><body></body></html>`);
  return {
    async render(figure, o) {
      return page.evaluate(
        async ({ fig, opts }) => {
          const plotly = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
          return plotly.toImage({ data: fig.data, layout: { ...fig.layout, width: opts.width, height: opts.height } }, opts);
        },
        { fig: { data: figure.data, layout: figure.layout }, opts: o },
      );
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Renders a figure to PNG (base64) or SVG text with plotly.js in headless Chromium (started on first use,
 * closed after a minute idle). Throws UsageError naming what is missing when Chromium or playwright-core is.
 * `const { mime, data } = await figureImage(fig)`
 */
export async function figureImage(figure: Figure, options: FigureImageOptions = {}): Promise<FigureImage> {
  const api = "figureImage";
  if (!isFigure(figure)) throw invalidArgument(api, "figure", "a plotly figure {data, layout}", figure);
  const format = options.format ?? DEFAULTS.format;
  if (format !== "png" && format !== "svg") throw invalidArgument(api, "options.format", '"png" or "svg"', format);
  const width = options.width ?? DEFAULTS.width;
  const height = options.height ?? (typeof figure.layout.height === "number" ? figure.layout.height : 450);
  const scale = options.scale ?? DEFAULTS.scale;
  for (const [field, value] of [["width", width], ["height", height], ["scale", scale]] as const) {
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) throw invalidArgument(api, `options.${field}`, "a number > 0", value);
  }
  if (idleTimer) clearTimeout(idleTimer);
  renderer ??= startRenderer();
  let r: Renderer;
  try {
    r = await renderer;
  } catch (error) {
    renderer = undefined;
    throw error;
  }
  try {
    const url = await r.render(figure, { format, width, height, scale });
    const comma = url.indexOf(",");
    const payload = url.slice(comma + 1);
    return format === "png" ? { mime: "image/png", data: payload } : { mime: "image/svg+xml", data: decodeURIComponent(payload) };
  } finally {
    idleTimer = setTimeout(() => void closeImageRenderer(), DEFAULTS.idleMs);
    idleTimer.unref?.();
  }
}

/** Closes the headless browser behind `figureImage` now (it also closes itself after a minute idle). */
export async function closeImageRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  const current = renderer;
  renderer = undefined;
  if (current) await (await current.catch(() => undefined))?.close();
}

/**
 * Shows a figure like `show`, plus a static image in the same output, so it survives where JavaScript does
 * not run (GitHub, PDF exports). When no image can be made, shows the figure without one and says why.
 * `await showWithImage(heatmap(result))`
 */
export async function showWithImage(figure: Figure, options: FigureImageOptions = {}): Promise<void> {
  const api = "showWithImage";
  if (!isFigure(figure)) throw invalidArgument(api, "figure", "a plotly figure {data, layout}", figure);
  if (currentSink() === textSink) {
    // No page and no image viewer: the text line is all there is to show.
    displayBundle({ data: { "text/plain": figureText(figure) } });
    return;
  }
  const includeLibrary = !isPlotlyEmbedded();
  const bundle = figureBundle(figure, { includeLibrary });
  const problem = staticImageProblem();
  if (problem) {
    bundle.data["text/plain"] = `${bundle.data["text/plain"]} (no static image: ${problem})`;
  } else {
    const image = await figureImage(figure, options);
    bundle.data[image.mime] = image.data;
  }
  displayBundle(bundle);
  if (includeLibrary) markPlotlyEmbedded(true);
}
