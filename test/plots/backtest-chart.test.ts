import { describe, expect, it } from "vitest";
import { backtestChart, backtestRows, type BacktestResultLike } from "../../lib/plots";

const RESULT: BacktestResultLike = {
  kind: "backtest",
  name: "default rules",
  windows: 4,
  precision: 0.75,
  recall: 0.75,
  f1: 0.75,
  perRule: [
    { rule: "DatabaseDown", truePositives: 2, falsePositives: 0, windowsDetected: 2, precision: 1, meanDelay: 90 },
    { rule: "HighCpu", truePositives: 1, falsePositives: 1, windowsDetected: 1, precision: 0.5, meanDelay: 600 },
    { rule: "Silent", truePositives: 0, falsePositives: 0, windowsDetected: 0, precision: null, meanDelay: null },
  ],
  outcomes: [
    { kind: "detected", rule: "DatabaseDown", delay: 60 },
    { kind: "detected", rule: "DatabaseDown", delay: 120 },
    { kind: "detected", rule: "HighCpu", delay: 600 },
    { kind: "missed" },
  ],
};

describe("backtestChart()", () => {
  it("matches the snapshot for a seeded backtest", () => {
    expect(backtestChart(RESULT)).toMatchSnapshot();
  });

  it("turns a lib/rules backtest into per-rule rows: recall over all windows, delays of the windows each rule detected", () => {
    expect(backtestRows(RESULT)[0]).toEqual({ rule: "DatabaseDown", precision: 1, recall: 0.5, meanDelayS: 90, delaysS: [60, 120], truePositives: 2, falsePositives: 0, falseNegatives: 2 });
    expect(backtestRows(RESULT)[2]).toMatchObject({ precision: null, recall: 0, delaysS: [] });
  });

  it("draws precision, recall and F1 bars and the delays in minutes, with the overall scores in the title", () => {
    const fig = backtestChart(RESULT);
    expect(fig.data.map((t) => t.name)).toEqual(["precision", "recall", "F1", "detection delay"]);
    expect(fig.data[2].x).toEqual([0.6667, 0.3333, null]);
    expect(fig.data[3]).toMatchObject({ type: "box", x: [1, 2, 10], y: ["DatabaseDown", "DatabaseDown", "HighCpu"] });
    expect((fig.layout.title as { text: string }).text).toBe("Backtest of default rules — overall precision 75%, recall 75%, F1 75%");
  });

  it("falls back to mean delays when individual delays are unknown", () => {
    const fig = backtestChart([{ rule: "A", precision: 0.9, recall: 0.8, meanDelayS: 120 }, { rule: "B", precision: 1, recall: 0.1 }]);
    expect(fig.data[3]).toMatchObject({ type: "bar", name: "mean detection delay", x: [2, null] });
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => backtestChart([{ rule: "A", precision: 1.5, recall: 0 }])).toThrow("backtestChart: expected rules[0].precision to be a fraction in 0..1 (null or NaN when undefined) but found 1.5.");
    expect(() => backtestChart({} as never)).toThrow(/expected report to be a backtest result/);
  });
});
