import { describe, expect, it } from "vitest";
import { alertTimeline, SEVERITY_COLOURS, type AlertLike } from "../../lib/plots";

const EPOCH = Date.parse("2026-11-25T00:00:00Z");
const ALERTS: AlertLike[] = [
  { rule: "DatabaseDown", node: "db-1", severity: "critical", kind: "resolved", activeAt: 1800, firedAt: 1860, resolvedAt: 2400 },
  { rule: "HighLatency", node: "svc-pay", severity: "warning", kind: "firing", activeAt: 1860, firedAt: 2160 },
  { rule: "HighLatency", node: "app-1", severity: "warning", kind: "dropped", activeAt: 1900, droppedAt: 1960 },
];
const bar = (fig: ReturnType<typeof alertTimeline>, name: string) => fig.data.find((t) => t.name === name)!;

describe("alertTimeline()", () => {
  it("matches the snapshot for seeded alerts", () => {
    expect(alertTimeline(ALERTS, { epochMs: EPOCH, end: 3600, incidents: [{ id: "INC-0001", openedAt: 1860, severity: "critical", title: "db-1: DatabaseDown" }] })).toMatchSnapshot();
  });

  it("draws a faint pending bar and a solid firing bar per alert, in the severity's colour", () => {
    const fig = alertTimeline(ALERTS, { end: 3600, time: "seconds" });
    const firing = bar(fig, "critical firing");
    expect(firing).toMatchObject({ type: "bar", orientation: "h", base: [1860], x: [540], y: ["DatabaseDown · db-1"] });
    expect((firing.marker as { color: string }).color).toBe(SEVERITY_COLOURS.critical);
    expect(bar(fig, "critical pending")).toMatchObject({ base: [1800], x: [60] });
    expect((bar(fig, "critical pending").marker as { color: string }).color).toMatch(/^rgba\(/);
  });

  it("runs unfinished alerts to the end and stops dropped ones where they were dropped", () => {
    const fig = alertTimeline(ALERTS, { end: 3600, time: "seconds" });
    expect(bar(fig, "warning firing")).toMatchObject({ base: [2160], x: [1440] });
    expect(bar(fig, "warning pending")).toMatchObject({ base: [1860, 1900], x: [300, 60] });
    expect((bar(fig, "warning pending").text as string[])[1]).toContain("dropped");
  });

  it("orders rows by first activation, top first, on a date axis when given an epoch", () => {
    const fig = alertTimeline(ALERTS, { epochMs: EPOCH });
    expect((fig.layout.yaxis as { categoryarray: string[] }).categoryarray.slice().reverse()).toEqual(["DatabaseDown · db-1", "HighLatency · svc-pay", "HighLatency · app-1"]);
    expect(bar(fig, "critical firing").base).toEqual([EPOCH + 1860_000]);
    expect((fig.layout.xaxis as { type: string }).type).toBe("date");
  });

  it("keeps the first maxRows rows and says how many alerts it hid", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ rule: "HighCpu", node: `vm-${i}`, severity: "warning", activeAt: i * 60 }));
    const fig = alertTimeline(many, { maxRows: 10, time: "minutes" });
    expect((fig.layout.yaxis as { categoryarray: string[] }).categoryarray).toHaveLength(10);
    expect((fig.layout.title as { text: string }).text).toContain("20 alerts hidden");
  });

  it("says so when there are no alerts", () => {
    const fig = alertTimeline([], { time: "hours" });
    expect(fig.data).toEqual([]);
    expect((fig.layout.annotations as { text: string }[])[0].text).toBe("no alerts");
  });

  it("names the call, the field and the bad value in its errors", () => {
    expect(() => alertTimeline({} as never)).toThrow("alertTimeline: expected alerts to be an array of alerts but found {}.");
    expect(() => alertTimeline([{ rule: "r", node: "n", severity: "info", activeAt: "10:00" as never }])).toThrow(/alerts\[0\]\.activeAt/);
  });
});
