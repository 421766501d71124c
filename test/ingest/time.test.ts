import { vi, describe, expect, it } from "vitest";
import { labelsFromCsv } from "../../lib/rules";
import { parseIso, parseTime, timeParser } from "../../lib/ingest";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

describe("parseTime() one timestamp parser", () => {
  it("reads zone-less timestamps as UTC by default and in the zone given", () => {
    expect(parseTime("2026-11-25 10:00")).toBe(Date.UTC(2026, 10, 25, 10, 0));
    expect(parseTime("2026-11-25T10:00:00", { timeZone: "Europe/Paris" })).toBe(Date.UTC(2026, 10, 25, 9, 0));
    expect(parseTime("2026-07-01T10:00", { timeZone: "Europe/Paris" })).toBe(Date.UTC(2026, 6, 1, 8, 0));
    expect(parseTime("2026-11-25T10:00:00", { timeZone: "America/New_York" })).toBe(Date.UTC(2026, 10, 25, 15, 0));
  });

  it("honours explicit zones and fractions", () => {
    expect(parseTime("2026-11-25T10:00:00.250+02:00", { timeZone: "Asia/Tokyo" })).toBe(Date.UTC(2026, 10, 25, 8, 0, 0, 250));
    expect(parseIso("2026-11-25T10:00Z").zoned).toBe(true);
    expect(parseTime("2026-13-01T00:00")).toBeNaN();
  });

  it("recognises epoch seconds, epoch ms and small offsets", () => {
    const p = timeParser();
    expect(p.parse("1795600000")).toBe(1795600000_000);
    expect(p.encoding).toBe("epoch-s");
    const q = timeParser();
    expect(q.parse(1795600000123)).toBe(1795600000123);
    expect(q.encoding).toBe("epoch-ms");
    expect(parseTime(90)).toBe(90);
  });

  it("refuses a column that mixes encodings", () => {
    const p = timeParser();
    p.parse("1795600000");
    expect(p.parse("2026-11-25T10:00:00Z")).toBeNaN();
  });

  it("rejects an unknown zone naming options.timeZone", () => {
    expect(() => timeParser({ timeZone: "Mars/Olympus" })).toThrow(/options\.timeZone/);
  });

  it("labels without a zone are UTC (or options.timeZone), never the machine's zone", () => {
    const epochMs = Date.UTC(2026, 10, 25);
    const [w] = labelsFromCsv("node,start,end\na,2026-11-25 10:00,2026-11-25 10:30\n", { epochMs });
    expect([w.start, w.end]).toEqual([36000, 37800]);
    const [p] = labelsFromCsv("node,start,end\na,2026-11-25 10:00,2026-11-25 10:30\n", { epochMs, timeZone: "Europe/Paris" });
    expect(p.start).toBe(32400);
  });
});

describe("SimCalendar() start uses the same parser", () => {
  it("a zone-less start is UTC whatever the machine's zone", async () => {
    const { SimCalendar } = await import("../../lib/time");
    expect(new SimCalendar("2026-11-25T10:00").epochMs).toBe(Date.UTC(2026, 10, 25, 10));
    expect(new SimCalendar("2026-11-25").epochMs).toBe(Date.UTC(2026, 10, 25));
    expect(new SimCalendar("2026-11-25T10:00+01:00").epochMs).toBe(Date.UTC(2026, 10, 25, 9));
    expect(() => new SimCalendar("25/11/2026")).toThrow(/start/);
  });
});
