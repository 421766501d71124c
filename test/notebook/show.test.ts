import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadDanfo } from "../../lib/metrics";
import { bundleOf, embedPlotly, isPlotlyEmbedded, markPlotlyEmbedded, newDisplay, PLOTLY_MIME, setDisplaySink, show } from "../../lib/notebook";
import { timeSeries } from "../../lib/plots";
import { seededResult, seededStore, smallGraph } from "../plots/fixtures";
import { captureDisplays, count, LIBRARY_MARKER } from "./helpers";

let capture: ReturnType<typeof captureDisplays>;
beforeEach(() => {
  capture = captureDisplays();
});
afterEach(() => capture.restore());

const figure = () => timeSeries(seededStore(30), { metric: "cpu", nodes: ["app-1"] });

describe("show()", () => {
  it("embeds plotly.js with the first figure of the session only", () => {
    show(figure());
    show(figure());
    show([figure(), figure()]);
    expect(capture.messages).toHaveLength(4);
    expect(capture.messages.map((m) => count(capture.html(capture.messages.indexOf(m)), LIBRARY_MARKER))).toEqual([1, 0, 0, 0]);
    for (const m of capture.messages) expect(m.message.data[PLOTLY_MIME]).toMatchObject({ data: expect.any(Array), layout: expect.any(Object) });
    expect(isPlotlyEmbedded()).toBe(true);
  });

  it("embeds the library again after embedPlotly() or when the embedding is forgotten", () => {
    show(figure());
    embedPlotly();
    show(figure());
    markPlotlyEmbedded(false);
    show(figure());
    expect(capture.messages.map((_, i) => count(capture.html(i), LIBRARY_MARKER))).toEqual([1, 1, 0, 1]);
    expect(capture.text(1)).toMatch(/^plotly\.js \d+\.\d+\.\d+ embedded$/);
  });

  it("prints one text line per figure outside a kernel and does not count that as embedding", () => {
    setDisplaySink(null);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    show(figure());
    const printed = write.mock.calls.map((c) => c[0]);
    write.mockRestore();
    expect(printed).toEqual(['Figure "CPU: app-1": 1 trace (scatter)\n']);
    expect(isPlotlyEmbedded()).toBe(false);
  });

  it("shows into a given display, replacing what it showed", () => {
    const d = newDisplay();
    show([{ a: 1 }], { display: d });
    show([{ a: 2 }], { display: d });
    expect(capture.messages.map((m) => [m.message.transient.display_id, m.update])).toEqual([
      [d.id, false],
      [d.id, true],
    ]);
  });
});

describe("bundleOf()", () => {
  it("renders a danfo DataFrame as an escaped HTML table with a row limit, and a Series too", () => {
    const dfd = loadDanfo();
    const df = new dfd.DataFrame({ node: Array.from({ length: 100 }, (_, i) => (i === 0 ? "<db>" : `n${i}`)), cpu: Array.from({ length: 100 }, (_, i) => i / 100) });
    const bundle = bundleOf(df, { maxRows: 10 });
    const html = String(bundle.data["text/html"]);
    expect(count(html, "<tr>")).toBe(1 + 10 + 1);
    expect(html).toContain("&lt;db&gt;");
    expect(html).toContain("… 90 more rows (100 in all)");
    expect(html).toContain("100 rows × 2 columns");
    expect(String(bundle.data["text/plain"])).toContain("[100 rows × 2 columns]");
    expect(String(bundleOf(df.column("cpu"), { maxRows: 3 }).data["text/html"])).toContain("<th>cpu</th>");
  }, 20_000);

  it("renders arrays of records as tables", () => {
    const html = String(bundleOf([{ node: "a", cpu: 0.5 }, { node: "b", cpu: 0.25 }]).data["text/html"]);
    expect(html).toContain("<th>node</th><th>cpu</th>");
    expect(html).toContain('<td class="num">0.25</td>');
  });

  it("renders the topology of a graph as a figure coloured by status", () => {
    const bundle = bundleOf(smallGraph());
    expect(bundle.data[PLOTLY_MIME]).toBeDefined();
    expect(bundle.data["text/plain"]).toMatch(/^Figure "Topology by status"/);
  });

  it("renders a run result as a summary with service KPIs", () => {
    const bundle = bundleOf(seededResult());
    const html = String(bundle.data["text/html"]);
    expect(html).toContain("Twin run result");
    expect(html).toContain("<td>svc-pay</td>");
    expect(html).toContain("Service impacts (2)");
    expect(String(bundle.data["text/plain"])).toContain("2026-11-25 00:00:00 → 2026-11-25 02:00:00 (2h)");
  });

  it("recognises alerts, incidents and supervisor annotations", () => {
    const alerts = bundleOf([{ rule: "DatabaseDown", node: "db-1", severity: "critical", kind: "firing", activeAt: 60, firedAt: 120 }], { epochMs: 0 });
    expect(String(alerts.data["text/html"])).toContain('<span class="chip" style="background:#d62728">critical</span>');
    expect(String(alerts.data["text/html"])).toContain("1970-01-01 00:02:00");
    const incidents = bundleOf([{ id: "INC-0001", kind: "closed", openedAt: 60, closedAt: 3660, alertIds: ["a"], severity: "warning", title: "db-1: DatabaseDown" }]);
    expect(String(incidents.data["text/html"])).toContain("<td>1h</td>");
    const card = bundleOf({ id: "q1", simTime: 60, request: "diagnose", subject: "INC-0001", status: "pending", supervisor: "heuristic" });
    expect(String(card.data["text/html"])).toContain("Waiting for heuristic");
  });

  it("falls back to inspected text for anything else", () => {
    expect(bundleOf(new Map([["a", 1]])).data).toEqual({ "text/plain": "Map(1) { 'a' => 1 }" });
    expect(bundleOf("plain words").data).toEqual({ "text/plain": "plain words" });
  });
});
