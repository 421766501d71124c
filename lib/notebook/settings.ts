// Notebook display settings: static images beside interactive charts, their size and format.
import { invalidArgument } from "../errors";

/** What `show` does with figures. */
export interface NotebookOptions {
  /**
   * Put a static image (PNG or SVG) beside each interactive chart, so the chart shows where no JavaScript runs
   * (GitHub, nbconvert HTML with scripts off, PDFs). "auto" (default): in a live kernel when Chromium is
   * installed; `false` turns images off (or set INFRATWIN_STATIC_IMAGES=0); `true` also under test sinks.
   */
  staticImages: boolean | "auto";
  /** Image format: "png" (default; dense figures whose PNG is large come out as JPEG), "jpeg" or "svg". */
  imageFormat: "png" | "jpeg" | "svg";
  /** Image width in CSS pixels when the figure sets none (900 by default). */
  imageWidth: number;
  /** Pixel density of images (1 by default: small notebooks; 2 for sharp text on high-density screens). */
  imageScale: number;
}

const DEFAULTS: NotebookOptions = { staticImages: "auto", imageFormat: "png", imageWidth: 900, imageScale: 1 };

// Shared through globalThis so two copies of infratwin in one kernel agree.
const KEY = Symbol.for("infratwin.notebook.options");
const store = globalThis as Record<symbol, unknown>;
const current: NotebookOptions = (store[KEY] as NotebookOptions | undefined) ?? { ...DEFAULTS, staticImages: envImages() };
store[KEY] = current;

function envImages(): boolean | "auto" {
  const v = process.env.INFRATWIN_STATIC_IMAGES;
  if (v === undefined || v === "") return "auto";
  return !/^(0|false|no|off)$/i.test(v);
}

/**
 * Reads and changes the notebook display settings for this kernel; returns the settings now in force.
 * `notebookOptions({ staticImages: false })`
 */
export function notebookOptions(change: Partial<NotebookOptions> = {}): NotebookOptions {
  const api = "notebookOptions";
  const { staticImages, imageFormat, imageWidth, imageScale } = change;
  if (staticImages !== undefined && staticImages !== true && staticImages !== false && staticImages !== "auto") throw invalidArgument(api, "staticImages", 'true, false or "auto"', staticImages);
  if (imageFormat !== undefined && imageFormat !== "png" && imageFormat !== "jpeg" && imageFormat !== "svg") throw invalidArgument(api, "imageFormat", '"png", "jpeg" or "svg"', imageFormat);
  for (const [field, value] of [["imageWidth", imageWidth], ["imageScale", imageScale]] as const) {
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value > 0)) throw invalidArgument(api, field, "a number > 0", value);
  }
  for (const [key, value] of Object.entries(change)) {
    if (value !== undefined) (current as unknown as Record<string, unknown>)[key] = value;
  }
  return { ...current };
}

/** Puts every setting back to its default. */
export function resetNotebookOptions(): void {
  Object.assign(current, DEFAULTS, { staticImages: envImages() });
}
