// Static images of figures (PNG or SVG) for places that show no JavaScript (GitHub, nbconvert HTML, PDFs), rendered by plotly.js in headless Chromium.
import { invalidArgument } from "../errors";
import { isFigure, type Figure } from "../plots/figure";
import { renderFigureSync } from "./image-renderer";
import { notebookOptions } from "./settings";

export { chromiumPath, closeImageRenderer, staticImageProblem } from "./image-renderer";

/** Image formats plotly.js renders. */
export type ImageFormat = "png" | "jpeg" | "svg";

/** PNGs of dense figures (large topologies, heatmaps) past this many base64 characters are made JPEG instead, to keep notebooks small. */
const PNG_BUDGET = 320_000;

/** Options of `figureImage`. */
export interface FigureImageOptions {
  /** "png", "jpeg" or "svg" (the notebook setting, "png", by default; a PNG over ~240 kB becomes a JPEG unless the format is given). */
  format?: ImageFormat;
  /** Width in CSS pixels (the figure's own, else the notebook setting, 900); height is the figure's own (450 when it has none). */
  width?: number;
  height?: number;
  /** Pixel density of PNGs (the notebook setting, 1.5, by default). */
  scale?: number;
}

/** A rendered image: its MIME type and content (base64 for PNG, text for SVG), as a MIME bundle wants it. */
export interface FigureImage {
  mime: "image/png" | "image/jpeg" | "image/svg+xml";
  data: string;
}

/**
 * Renders a figure to PNG (base64) or SVG text now, with plotly.js in the process's headless Chromium
 * (started on first use and reused). Throws UsageError naming what is missing when Chromium or
 * playwright-core is. `const { mime, data } = figureImageSync(fig)`
 */
export function figureImageSync(figure: Figure, options: FigureImageOptions = {}): FigureImage {
  const api = "figureImage";
  if (!isFigure(figure)) throw invalidArgument(api, "figure", "a plotly figure {data, layout}", figure);
  const settings = notebookOptions();
  const format = options.format ?? settings.imageFormat;
  if (format !== "png" && format !== "svg" && format !== "jpeg") throw invalidArgument(api, "options.format", '"png", "jpeg" or "svg"', format);
  const width = options.width ?? (typeof figure.layout.width === "number" ? figure.layout.width : settings.imageWidth);
  const height = options.height ?? (typeof figure.layout.height === "number" ? figure.layout.height : 450);
  const scale = options.scale ?? settings.imageScale;
  for (const [field, value] of [["width", width], ["height", height], ["scale", scale]] as const) {
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) throw invalidArgument(api, `options.${field}`, "a number > 0", value);
  }
  let url = renderFigureSync(figure, { format, width, height, scale });
  let used = format;
  if (format === "png" && options.format === undefined && url.length > PNG_BUDGET) {
    url = renderFigureSync(figure, { format: "jpeg", width, height, scale });
    used = "jpeg";
  }
  const payload = url.slice(url.indexOf(",") + 1);
  if (used === "svg") return { mime: "image/svg+xml", data: decodeURIComponent(payload) };
  return { mime: used === "png" ? "image/png" : "image/jpeg", data: payload };
}

/** `figureImageSync` for callers that await: `const { mime, data } = await figureImage(fig)`. */
export async function figureImage(figure: Figure, options: FigureImageOptions = {}): Promise<FigureImage> {
  return figureImageSync(figure, options);
}
