// The plotly figure shape every builder returns, plus the small numeric and colour helpers they share.

/** One plotly trace (`{type: "scatter", x, y, ...}`): plain JSON, as plotly.js reads it. */
export type Trace = { type: string } & Record<string, unknown>;

/** A plotly layout object: plain JSON. */
export type Layout = Record<string, unknown>;

/** One animation frame: the traces it changes (by index) and their new data. */
export interface FigureFrame {
  name: string;
  data: Record<string, unknown>[];
  traces?: number[];
  layout?: Layout;
}

/** What every plot builder returns: plain JSON that `Plotly.newPlot(div, fig.data, fig.layout)` draws as is. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  /** Animation frames (the topology slider). */
  frames?: FigureFrame[];
}

/** Status colours: up green, degraded amber, down red; `unknown` for missing observations. */
export const STATUS_COLOURS = {
  up: "#2e9e44",
  degraded: "#f0a202",
  down: "#d62728",
  unknown: "#b0b0b0",
} as const;

/** Severity colours of alerts and incidents. */
export const SEVERITY_COLOURS: Readonly<Record<string, string>> = {
  critical: "#d62728",
  warning: "#f0a202",
  info: "#1f77b4",
};

/** A qualitative palette for series (colour-blind friendly order, Okabe-Ito first). */
export const SERIES_PALETTE: readonly string[] = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#f0e442",
  "#000000",
  "#7f7f7f",
  "#8c564b",
];

/** The status colour of a numeric status code (0 up, 1 degraded, 2 down; anything else unknown). */
export function statusColour(code: number): string {
  const rounded = Math.round(code);
  if (rounded === 0) return STATUS_COLOURS.up;
  if (rounded === 1) return STATUS_COLOURS.degraded;
  if (rounded === 2) return STATUS_COLOURS.down;
  return STATUS_COLOURS.unknown;
}

/** The status name of a numeric status code. */
export function statusLabel(code: number): "up" | "degraded" | "down" | "unknown" {
  const rounded = Math.round(code);
  return rounded === 0 ? "up" : rounded === 1 ? "degraded" : rounded === 2 ? "down" : "unknown";
}

/**
 * Rounds to `digits` significant digits and turns NaN and infinities into null (plotly draws a gap):
 * figures stay small as JSON and stable across float32/float64 noise.
 */
export function roundValue(value: number, digits = 6): number | null {
  if (!Number.isFinite(value)) return null;
  if (value === 0) return 0;
  return Number(value.toPrecision(digits));
}

/** Fades a `#rrggbb` colour to `rgba(..., alpha)`, for bands and pending bars. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/** The base layout every figure starts from: white background, readable font, title top left, legend on the right. */
export function baseLayout(title: string | undefined, height: number): Layout {
  return {
    ...(title ? { title: { text: title, x: 0.01, xanchor: "left", y: 1, yanchor: "top", pad: { t: 12 }, font: { size: 15 } } } : {}),
    height,
    margin: { l: 70, r: 30, t: title ? 56 : 30, b: 50 },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 12, color: "#222222" },
    hovermode: "closest",
  };
}

/** The title text of a figure, when it has one. */
export function figureTitle(figure: Figure): string | undefined {
  const title = figure.layout?.title as { text?: unknown } | string | undefined;
  if (typeof title === "string") return title;
  if (title && typeof title.text === "string") return title.text;
  return undefined;
}

/** True for a value shaped like a plotly figure (`{data: [...], layout: {...}}`). */
export function isFigure(value: unknown): value is Figure {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { data?: unknown; layout?: unknown };
  return Array.isArray(v.data) && typeof v.layout === "object" && v.layout !== null && v.data.every((t) => typeof t === "object" && t !== null);
}
