import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { report, reportHtml } from "../../lib/notebook";
import { ALERTS, ANNOTATIONS, crashRun, EVIL, INCIDENTS } from "./fixtures";
import { count, LIBRARY_MARKER } from "./helpers";

const run = crashRun();
const scenario = { name: "payday <crash>", seed: 7, faults: [{ kind: "database_crash", target: "pay-db-1", at: "10:00" }] };
const html = reportHtml(run, { scenario, alerts: ALERTS, incidents: INCIDENTS, annotations: ANNOTATIONS });

/** The page without the embedded plotly.js (whose own source mentions URLs it never loads here). */
function outsideLibrary(page: string): string {
  const start = page.indexOf("<script type=\"text/javascript\">/* plotly.js");
  const end = page.indexOf("</script>", start);
  return start < 0 ? page : page.slice(0, start) + page.slice(end);
}

describe("reportHtml()", () => {
  it("has every section, summary and charts first, long tables collapsed with a filter, the scenario last", () => {
    const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(["summary", "kpis", "charts", "supervisor", "alerts", "incidents", "ground-truth", "scenario"]);
    const alerts = html.slice(html.indexOf('<section id="alerts">'), html.indexOf('<section id="incidents">'));
    expect(alerts).toMatch(/^<section id="alerts">\n<details data-page-size="25"><summary><h2>Alerts \(\d+\)<\/h2><\/summary>\n<input class="row-filter"/);
    expect(html).toContain("<title>infratwin report: payday &lt;crash&gt;</title>");
  });

  it("embeds plotly.js exactly once, in the head, for all its charts", () => {
    expect(count(html, LIBRARY_MARKER)).toBe(1);
    expect(html.indexOf(LIBRARY_MARKER)).toBeLessThan(html.indexOf("</head>"));
    expect([...html.matchAll(/<div id="(chart-\d+)" class="plotly-graph-div"/g)].map((m) => m[1])).toEqual(["chart-1", "chart-2", "chart-3", "chart-4"]);
  });

  it("references nothing on the network", () => {
    const page = outsideLibrary(html);
    expect(page).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(page).not.toMatch(/url\(\s*["']?\s*(https?:)?\/\//i);
    expect(page).not.toMatch(/@import/i);
  });

  it("escapes names and texts from the topology, alerts and scenario", () => {
    expect(outsideLibrary(html)).not.toContain(EVIL);
    expect(html).toContain("pay-db-1 is down &lt;script&gt;");
    expect(html).toContain("&quot;name&quot;: &quot;payday &lt;crash&gt;&quot;");
  });

  it("tells the story of the run: KPIs, alerts, incidents, supervisor notes and ground truth", () => {
    expect(html).toContain("<td>svc-payments</td>");
    expect(html).toContain("2 alerts");
    expect(html).toContain("INC-0001");
    expect(html).toContain("<b>pay-db-1</b> <span class=\"muted\">(90%)</span>");
    expect(html).toContain("Injected faults (2)");
    expect(html).toContain("promoted to primary in place of pay-db-1");
  });

  it("takes alerts, incidents, annotations and the scenario from a scenario result", () => {
    const page = reportHtml(Object.assign(Object.create(run), { metrics: run.metrics, groundTruth: run.groundTruth, twin: run.twin, scenario, alerts: ALERTS, incidents: INCIDENTS, annotations: [] }));
    expect(page).toContain("2 alerts");
    expect(page).toContain("No supervisor annotations.");
    expect(page).toContain("infratwin report: payday &lt;crash&gt;");
  });

  it("adds the caller's charts and leaves plotly.js out when there is no chart", () => {
    const extra = reportHtml(run, { standardCharts: false, charts: [{ title: "Mine", figure: { data: [], layout: {} } }] });
    expect(extra).toContain("<h3>Mine</h3>");
    expect(count(extra, LIBRARY_MARKER)).toBe(1);
    const bare = reportHtml(run, { standardCharts: false });
    expect(count(bare, LIBRARY_MARKER)).toBe(0);
    expect(bare).toContain("No charts.");
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => reportHtml({} as never)).toThrow(/reportHtml: expected result to be a run result/);
    expect(() => reportHtml(run, { charts: [42 as never] })).toThrow("reportHtml: expected options.charts[0] to be a plotly figure or {title, figure} but found 42.");
  });
});

describe("report()", () => {
  const dir = mkdtempSync(join(tmpdir(), "itw-report-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes one HTML file, creating folders, and returns its absolute path", () => {
    const path = report(run, { path: join(dir, "nested", "day.html"), title: "Day one" });
    expect(isAbsolute(path)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, "utf8")).toContain("<title>Day one</title>");
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => report(run, { path: "" })).toThrow('report: expected options.path to be a file path but found "".');
  });
});
