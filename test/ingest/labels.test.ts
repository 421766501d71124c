import { vi, describe, expect, it } from "vitest";
import { readLabels, readTelemetry } from "../../lib/ingest";
import { longCsv } from "./fixtures";

// Sized for a busy shared CI machine (these read files, spawn servers, parse megabytes); no timing is asserted.
vi.setConfig({ testTimeout: 60_000 });

describe("readLabels() with the telemetry's rules", async () => {
  const { store } = await readTelemetry(longCsv());

  it("reads CSV, JSON and NDJSON labels into store seconds", async () => {
    const csv = await readLabels("node,start,end,kind\nweb-01,2026-11-25T00:05:00Z,2026-11-25T00:10:00Z,cpu\n", { store });
    expect(csv.labels).toEqual([{ node: "web-01", start: 300, end: 600, kind: "cpu", id: "web-01@300" }]);
    const json = await readLabels(JSON.stringify([{ node: "web-01", start: "2026-11-25T00:05:00Z", end: 1795566600 }]), { store, numbers: "auto" }).catch((e) => e);
    // A column that mixes ISO text and epoch numbers is refused, naming the field.
    expect(String(json)).toMatch(/\$\[0\] end/);
    const nd = await readLabels('{"node":"db-01","start":"2026-11-25 00:05","end":"2026-11-25 00:06"}\n', { store });
    expect(nd.labels[0]).toMatchObject({ start: 300, end: 360 });
    expect(nd.report.time).toMatch(/read as UTC/);
  });

  it("unknown nodes and windows outside the data fail, or are dropped and counted when lenient", async () => {
    const text = "node,start,end\nghost,2026-11-25T00:05:00Z,2026-11-25T00:10:00Z\nweb-01,2026-12-25T00:00:00Z,2026-12-25T01:00:00Z\nweb-02,2026-11-25T00:05:00Z,2026-11-25T00:06:00Z\n";
    await expect(readLabels(text, { store })).rejects.toThrow(/line 2 node: node "ghost" is not in the telemetry[\s\S]*line 3: window/);
    const lenient = await readLabels(text, { store, lenient: true });
    expect(lenient.labels.map((l) => l.node)).toEqual(["web-02"]);
    expect(lenient.report.dropped).toBe(2);
    expect(lenient.report.warnings).toHaveLength(2);
  });
});
