// Topology labels at the reference bank's size (306 nodes): written only where they fit, and no two label boxes overlap, in the figure's geometry and in Chromium.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../lib/graph";
import { topologyFigure, type Figure } from "../../lib/plots";
import { boxesOverlap, placeLabels, type LabelBox } from "../../lib/plots/topology-labels";
import { CHROMIUM_ARGS } from "../../lib/notebook/image-renderer";
import { plotlyLibraryPath } from "../../lib/notebook";

const graph = loadTopology("reference-bank");
const fig = topologyFigure(graph, { highlight: ["db-core-banking-primary"] });
const nodes = fig.data.find((t) => t.name === "nodes")!;
const texts = nodes.text as string[];
const labelled = texts.map((t, i) => i).filter((i) => texts[i] !== "");

/** Label boxes from the figure alone (not the placement code): plot area at 900 px, 9 px text, a generous 0.6 em per character. */
function boxesFromFigure(f: Figure): LabelBox[] {
  const margin = f.layout.margin as { l: number; r: number; t: number; b: number };
  const [x0, x1] = (f.layout.xaxis as { range: number[] }).range;
  const [y0, y1] = (f.layout.yaxis as { range: number[] }).range;
  const w = 900 - margin.l - margin.r - 150; // the legend takes about 150 px on the right
  const h = (f.layout.height as number) - margin.t - margin.b;
  const n = f.data.find((t) => t.name === "nodes")!;
  const x = n.x as number[];
  const y = n.y as number[];
  const at = n.textposition as string[];
  const size = (n.marker as { size: number[] }).size;
  return (n.text as string[]).flatMap((text, i) => {
    if (text === "") return [];
    const px = ((x[i] - x0) / (x1 - x0)) * w;
    const py = ((y1 - y[i]) / (y1 - y0)) * h;
    const width = text.length * 9 * 0.6;
    const top = at[i] === "top center" ? py - size[i] / 2 - 12 : py + size[i] / 2;
    return [{ left: px - width / 2, right: px + width / 2, top, bottom: top + 11 }];
  });
}

function overlappingPairs(boxes: readonly LabelBox[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (boxesOverlap(boxes[i], boxes[j])) out.push([i, j]);
  return out;
}

describe("topologyFigure() labels", () => {
  it("labels what fits on the 306-node reference bank, services and the highlighted node first, and no two labels overlap", () => {
    expect(texts).toHaveLength(306);
    expect(labelled.length).toBeGreaterThan(40);
    expect(labelled.length).toBeLessThan(306);
    const kinds = (nodes.hovertext as string[]).map((h) => /<br>([a-z ]+)/.exec(h)![1].trim());
    const services = kinds.map((k, i) => i).filter((i) => kinds[i] === "business service");
    expect(services.length).toBeGreaterThan(0);
    // The services row is crowded with long names: the most important third at least is written, the rest on hover.
    expect(services.filter((i) => texts[i] !== "").length).toBeGreaterThanOrEqual(services.length / 3);
    const ids = (nodes.hovertext as string[]).map((h) => /\(([^)]+)\)<br>/.exec(h)![1]);
    expect(texts[ids.indexOf("db-core-banking-primary")]).not.toBe("");
    expect(overlappingPairs(boxesFromFigure(fig))).toEqual([]);
  });

  it("leaves every node on hover and writes nothing with labels: false", () => {
    expect((nodes.hovertext as string[]).every((h) => h.length > 0)).toBe(true);
    const plain = topologyFigure(graph, { labels: false }).data.find((t) => t.name === "nodes")!;
    expect(plain.mode).toBe("markers");
    expect(plain.text).toBeUndefined();
  });

  it("placeLabels() puts the important label first and drops the one that would cover it", () => {
    const frame = { xRange: [0, 1] as const, yRange: [-1, 1] as const, widthPx: 400, heightPx: 200 };
    const out = placeLabels(
      [
        { text: "minor-node-name", x: 0.5, y: 0, size: 10, importance: 1 },
        { text: "important-node", x: 0.52, y: 0, size: 10, importance: 9 },
      ],
      frame,
    );
    expect(out.position[1]).toBe("bottom center");
    // The minor one may go above (its own spot) but never onto the important one.
    if (out.boxes[0]) expect(boxesOverlap(out.boxes[0], out.boxes[1]!)).toBe(false);
  });
});

const CHROMIUM = "/usr/bin/chromium";
const inCi = process.env.CI === "true";
const available = existsSync(CHROMIUM);
if (!available && !inCi) console.warn(`topology label browser test skipped: Chromium not found at ${CHROMIUM}`);

// The callbacks below run in the page; the test's TypeScript has no DOM library.
declare const document: { querySelectorAll(s: string): ArrayLike<{ textContent: string; getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }> };
declare const window: { Plotly: { newPlot(div: string, data: unknown, layout: unknown): Promise<unknown> } };

describe.skipIf(!available && !inCi)("topology labels drawn by plotly.js in Chromium", () => {
  it("do not overlap at 900 px (notebooks) nor at 1,184 px (reports)", async () => {
    expect(available, `Chromium not found at ${CHROMIUM}`).toBe(true);
    const { chromium } = await import("playwright-core");
    const dir = mkdtempSync(join(tmpdir(), "itw-labels-"));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await context.newPage();
      await page.setContent('<div id="plot"></div>');
      await page.addScriptTag({ path: plotlyLibraryPath() });
      for (const width of [900, 1184]) {
        await page.evaluate(({ data, layout }) => window.Plotly.newPlot("plot", data, layout), { data: fig.data, layout: { ...fig.layout, width } });
        const boxes = await page.evaluate(() => Array.from(document.querySelectorAll(".scatterlayer .textpoint text")).filter((t) => t.textContent !== "").map((t) => {
          const r = t.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }));
        expect(boxes.length, `labels drawn at ${width} px`).toBe(labelled.length);
        expect(overlappingPairs(boxes), `overlapping labels at ${width} px`).toEqual([]);
      }
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
