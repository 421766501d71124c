// A plotly figure as a MIME bundle: plotly JSON (JupyterLab, VS Code), HTML that draws it (classic Notebook, nbconvert), plain text.
import { figureTitle, type Figure } from "../plots/figure";
import { escapeHtml, scriptJson } from "./html";
import { newDisplayId } from "./display";
import type { MimeBundle } from "./kernel";
import { plotlyScriptTag } from "./plotly-library";

/** The MIME type JupyterLab's and VS Code's plotly renderers read. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** plotly config for every figure: resizes with the page, no plotly logo. */
export const PLOTLY_CONFIG = { responsive: true, displaylogo: false };

/** Options of `figureHtml` and `figureBundle`. */
export interface FigureHtmlOptions {
  /** Put the plotly.js library before the figure (the first figure of a notebook or page). */
  includeLibrary?: boolean;
  /** Id of the figure's div; a fresh one by default. */
  divId?: string;
  /** A static image of the figure: shown in the div until plotly.js draws over it, and added as its own MIME type. */
  image?: { mime: "image/png" | "image/jpeg" | "image/svg+xml"; data: string };
  /** Include the text/html part (true by default). */
  html?: boolean;
}

/** An `<img>` of a rendered figure, for pages that run no script. */
export function imageTag(image: { mime: string; data: string }, alt: string): string {
  const src = image.mime === "image/svg+xml" ? `data:image/svg+xml;base64,${Buffer.from(image.data).toString("base64")}` : `data:${image.mime};base64,${image.data}`;
  return `<img class="infratwin-static" alt="${escapeHtml(alt)}" src="${src}" style="max-width:100%; height:auto;">`;
}

/**
 * The HTML that draws a figure with the page's `window.Plotly`: a div and a script. When the library is not
 * in the page (outputs were cleared), the div says how to fix it instead of staying blank.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const id = options.divId ?? newDisplayId();
  const height = typeof figure.layout.height === "number" ? figure.layout.height : 450;
  const payload = { data: figure.data, layout: figure.layout, ...(figure.frames ? { frames: figure.frames } : {}), config: PLOTLY_CONFIG };
  const missing =
    '<p style="font-family:sans-serif;color:#b2182b">plotly.js is not loaded in this page, so this chart cannot be drawn. ' +
    "Run <code>embedPlotly()</code> (from infratwin) in a cell above, then run this cell again.</p>";
  const script = `(function () {
  var fig = ${scriptJson(payload)};
  var el = document.getElementById(${JSON.stringify(id)});
  function draw(tries) {
    if (window.Plotly) { el.innerHTML = ""; el.style.height = "${height}px"; window.Plotly.newPlot(el, fig); return; }
    if (tries > 0) { setTimeout(function () { draw(tries - 1); }, 100); return; }
    ${options.image ? "/* no plotly.js in this page: the static image stays */" : `el.innerHTML = ${JSON.stringify(missing)};`}
  }
  draw(30);
})();`;
  return [
    options.includeLibrary ? plotlyScriptTag() : "",
    options.image
      ? `<div id="${escapeHtml(id)}" class="plotly-graph-div" style="width:100%;">${imageTag(options.image, figureText(figure))}</div>`
      : `<div id="${escapeHtml(id)}" class="plotly-graph-div" style="height:${height}px; width:100%;"></div>`,
    `<script type="text/javascript">\n${script}\n</script>`,
  ]
    .filter((s) => s !== "")
    .join("\n");
}

/** One line describing a figure: its title, traces by type, frames. */
export function figureText(figure: Figure): string {
  const counts = new Map<string, number>();
  for (const t of figure.data) counts.set(String(t.type ?? "scatter"), (counts.get(String(t.type ?? "scatter")) ?? 0) + 1);
  const traces = [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(", ");
  const title = figureTitle(figure);
  const frames = figure.frames?.length ? `, ${figure.frames.length} frames` : "";
  return `Figure${title ? ` "${title.replace(/<[^>]*>/g, "")}"` : ""}: ${figure.data.length} trace${figure.data.length === 1 ? "" : "s"} (${traces || "none"})${frames}`;
}

/** The MIME bundle of a figure: plotly JSON, HTML (with the library when asked) and a text line. */
export function figureBundle(figure: Figure, options: FigureHtmlOptions = {}): MimeBundle {
  return {
    data: {
      [PLOTLY_MIME]: { data: figure.data, layout: figure.layout, ...(figure.frames ? { frames: figure.frames } : {}), config: PLOTLY_CONFIG },
      ...(options.html === false ? {} : { "text/html": figureHtml(figure, options) }),
      ...(options.image ? { [options.image.mime]: options.image.data } : {}),
      "text/plain": figureText(figure),
    },
    metadata: {},
  };
}
