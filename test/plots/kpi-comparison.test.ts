import { describe, expect, it } from "vitest";
import { kpiComparison } from "../../lib/plots";

const BASE = [
  { service: "svc-pay", availability: 0.999, p95LatencyMs: 120, meanErrorRate: 0.01, downMinutes: 0 },
  { service: "svc-card", availability: 0.98, p95LatencyMs: 300, meanErrorRate: 0.02, downMinutes: 30 },
];
const FORK = [
  { service: "svc-pay", availability: 0.9995, p95LatencyMs: 180, meanErrorRate: 0.01, downMinutes: 12 },
  { service: "svc-card", availability: 0.99, p95LatencyMs: 240, meanErrorRate: 0.01, downMinutes: 15 },
];

describe("kpiComparison()", () => {
  it("matches the snapshot for two small runs", () => {
    expect(kpiComparison(BASE, FORK)).toMatchSnapshot();
  });

  it("draws one panel per KPI with baseline and fork bars per service", () => {
    const fig = kpiComparison(BASE, FORK, { metrics: ["p95LatencyMs", "downMinutes"], labels: ["before", "after"] });
    expect(fig.data.map((t) => [t.name, t.xaxis])).toEqual([
      ["before", "x"],
      ["after", "x"],
      ["before", "x2"],
      ["after", "x2"],
    ]);
    expect(fig.data[1]).toMatchObject({ x: ["svc-pay", "svc-card"], y: [180, 240] });
  });

  it("writes the fork's change on its bars: green when better, red when worse, absolute from zero", () => {
    const fig = kpiComparison(BASE, FORK, { metrics: ["p95LatencyMs", "availability", "downMinutes"] });
    const latency = fig.data[1];
    expect(latency.text).toEqual(["+50%", "−20%"]);
    expect((latency.textfont as { color: string[] }).color).toEqual(["#b2182b", "#1a7f37"]);
    expect((fig.data[3].textfont as { color: string[] }).color).toEqual(["#1a7f37", "#1a7f37"]);
    expect(fig.data[5].text).toEqual(["+12", "−50%"]);
  });

  it("shows services present in only one run with n/a", () => {
    const fig = kpiComparison(BASE, FORK.slice(0, 1), { metrics: ["downMinutes"] });
    expect(fig.data[1]).toMatchObject({ y: [12, null], text: ["+12", "n/a"] });
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => kpiComparison(BASE, FORK, { metrics: ["p99"] })).toThrow(/kpiComparison: expected options\.metrics to be KPI fields present in the rows .* found "p99"/);
    expect(() => kpiComparison([{ availability: 1 }] as never, FORK)).toThrow(/baseline\[0\]\.service/);
    expect(() => kpiComparison(BASE, "x" as never)).toThrow(/expected fork/);
  });
});
