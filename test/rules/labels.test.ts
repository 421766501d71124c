// Label windows: validation, timestamps, CSV.
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { labelsFromCsv, parseLabels } from "../../lib/rules";

describe("parseLabels()", () => {
  it("reads windows in seconds, or ISO timestamps relative to an epoch", () => {
    expect(parseLabels([{ node: "db", start: 10, end: 70, kind: "crash" }])).toEqual([{ node: "db", start: 10, end: 70, kind: "crash", id: "db@10" }]);
    const epochMs = Date.parse("2026-01-05T00:00:00Z");
    expect(parseLabels([{ node: "db", start: "2026-01-05T00:10:00Z", end: "2026-01-05T00:20:00", id: "i1" }], { epochMs })).toEqual([{ node: "db", start: 600, end: 1200, id: "i1" }]);
  });

  it("reports every bad window with its path", () => {
    try {
      parseLabels([{ node: "", start: 1, end: 2 }, { node: "db", start: 50, end: 10 }, { node: "db", start: "2026-01-05T00:00:00Z", end: 5 }, 7]);
      throw new Error("expected a ValidationError");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => [p.path, p.message])).toEqual([
        ["$[0].node", "node must be a non-empty string"],
        ["$[1].end", "end (10) is before start (50)"],
        ["$[2].start", "start must be seconds (ISO timestamps need options.epochMs, the timeline's epochMs)"],
        ["$[3]", "a label window must be an object {node, start, end}"],
      ]);
    }
  });
});

describe("labelsFromCsv()", () => {
  it("reads node,start,end[,kind][,id] in any order and names CSV lines in errors", () => {
    expect(labelsFromCsv("Kind,node,end,start\ncrash,db,70,10\n,app,9,5\n")).toEqual([
      { node: "db", start: 10, end: 70, kind: "crash", id: "db@10" },
      { node: "app", start: 5, end: 9, id: "app@5" },
    ]);
    expect(() => labelsFromCsv("node,start,end\ndb,x,5\n")).toThrow(/line 2 column start: start must be seconds or an ISO 8601 timestamp/);
    expect(() => labelsFromCsv("node,begin\ndb,1\n")).toThrow(/missing columns start, end/);
  });
});
