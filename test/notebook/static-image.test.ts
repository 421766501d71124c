import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeImageRenderer, embedPlotly, figureImage, markPlotlyEmbedded, notebookOptions, resetNotebookOptions, show, showWithImage, staticImageProblem } from "../../lib/notebook";
import { heatmap } from "../../lib/plots";
import { seededStore } from "../plots/fixtures";
import { captureDisplays, count, LIBRARY_MARKER } from "./helpers";

const inCi = process.env.CI === "true";
const problem = staticImageProblem();
if (problem && !inCi) console.warn(`static image tests skipped: ${problem}`);

describe("figureImage()", () => {
  it("names the call, the field and the bad value in its errors", async () => {
    await expect(figureImage({} as never)).rejects.toThrow("figureImage: expected figure to be a plotly figure {data, layout} but found {}.");
    await expect(figureImage({ data: [], layout: {} }, { format: "gif" as never })).rejects.toThrow(/options\.format/);
    expect(() => notebookOptions({ imageScale: 0 })).toThrow("notebookOptions: expected imageScale to be a number > 0 but found 0.");
  });
});

describe.skipIf(problem !== undefined && !inCi)("figureImage() in headless Chromium", () => {
  afterAll(() => closeImageRenderer());
  let capture: ReturnType<typeof captureDisplays>;
  beforeEach(() => {
    markPlotlyEmbedded(false);
    capture = captureDisplays();
  });
  afterEach(() => capture.restore());

  it("renders a PNG of the figure's size times the scale, and SVG text", async () => {
    expect(problem).toBeUndefined();
    const fig = heatmap(seededStore(30));
    const png = await figureImage(fig, { width: 600, height: 300, scale: 1 });
    expect(png.mime).toBe("image/png");
    const bytes = Buffer.from(png.data, "base64");
    expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([600, 300]);
    const svg = await figureImage(fig, { format: "svg", width: 400 });
    expect(svg.mime).toBe("image/svg+xml");
    expect(svg.data.startsWith("<svg")).toBe(true);
    expect(svg.data).toContain("status by node over time");
  }, 120_000);

  it("showWithImage() puts the image beside the plotly JSON and leaves the library and the HTML copy out", async () => {
    await showWithImage(heatmap(seededStore(30)));
    const data = capture.messages[0].message.data;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/png", "text/plain"]);
  }, 120_000);

  it("after embedPlotly() the HTML comes back with the image inside it until plotly.js draws", async () => {
    embedPlotly();
    await showWithImage(heatmap(seededStore(30)));
    const data = capture.messages[1].message.data;
    expect(count(String(data["text/html"]), LIBRARY_MARKER)).toBe(0);
    expect(String(data["text/html"])).toContain(`src="data:image/png;base64,${String(data["image/png"]).slice(0, 40)}`);
  }, 120_000);

  it("show() adds images when notebookOptions says so, and embeds plotly.js once when images are off", () => {
    notebookOptions({ staticImages: true });
    try {
      show(heatmap(seededStore(30)));
      notebookOptions({ staticImages: false });
      show(heatmap(seededStore(30)));
      show(heatmap(seededStore(30)));
    } finally {
      resetNotebookOptions();
    }
    const [withImage, first, second] = capture.messages.map((m) => m.message.data);
    expect(withImage["image/png"]).toBeTypeOf("string");
    expect(first["image/png"]).toBeUndefined();
    expect(withImage["text/html"]).toBeUndefined();
    expect(count(String(first["text/html"]), LIBRARY_MARKER)).toBe(1);
    expect(count(String(second["text/html"]), LIBRARY_MARKER)).toBe(0);
  }, 120_000);
});
