import { describe, expect, it } from "vitest";
import { figureBundle, figureHtml, figureText, plotlyLibrary, PLOTLY_MIME } from "../../lib/notebook";
import type { Figure } from "../../lib/plots";
import { count, LIBRARY_MARKER } from "./helpers";

const FIG: Figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }, { type: "scatter", x: [1], y: [1] }, { type: "bar", x: ["a"], y: [1] }], layout: { title: { text: "Latency" }, height: 300 } };

describe("figureBundle()", () => {
  it("carries plotly JSON, HTML that draws it, and a one-line text", () => {
    const bundle = figureBundle(FIG);
    expect(Object.keys(bundle.data).sort()).toEqual([PLOTLY_MIME, "text/html", "text/plain"].sort());
    expect(bundle.data[PLOTLY_MIME]).toEqual({ data: FIG.data, layout: FIG.layout, config: { responsive: true, displaylogo: false } });
    expect(bundle.data["text/plain"]).toBe('Figure "Latency": 3 traces (scatter ×2, bar)');
  });

  it("keeps animation frames", () => {
    const frames = [{ name: "f0", data: [{ marker: { color: ["#fff"] } }] }];
    expect(figureBundle({ ...FIG, frames }).data[PLOTLY_MIME]).toMatchObject({ frames });
    expect(figureText({ ...FIG, frames })).toContain("1 frames");
  });
});

describe("figureHtml()", () => {
  it("draws with the page's window.Plotly and includes the library only when asked", () => {
    const plain = figureHtml(FIG, { divId: "fig-1" });
    expect(plain).toContain('<div id="fig-1" class="plotly-graph-div" style="height:300px; width:100%;"></div>');
    expect(plain).toContain("window.Plotly.newPlot(el, fig)");
    expect(plain).not.toContain(LIBRARY_MARKER);
    expect(plain.length).toBeLessThan(5000);
    const withLibrary = figureHtml(FIG, { includeLibrary: true });
    expect(count(withLibrary, LIBRARY_MARKER)).toBe(1);
    expect(withLibrary.length).toBeGreaterThan(plotlyLibrary().source.length);
  });

  it("cannot be broken out of by text in the figure", () => {
    const evil: Figure = { data: [], layout: { title: { text: "</script><script>alert(1)</script><!--" } } };
    const html = figureHtml(evil, { divId: "x" });
    expect(count(html, "</script>")).toBe(1);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("\\u003c/script\\u003e");
  });

  it("says how to fix a page without plotly.js instead of staying blank", () => {
    expect(figureHtml(FIG)).toContain("Run <code>embedPlotly()</code>");
  });
});

describe("plotlyLibrary()", () => {
  it("reads plotly.js once, with its version, safe inside a script element", () => {
    const lib = plotlyLibrary();
    expect(lib.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(lib.source).toContain("window.Plotly");
    expect(/<\/script/i.test(lib.source)).toBe(false);
    expect(plotlyLibrary()).toBe(lib);
  });
});
