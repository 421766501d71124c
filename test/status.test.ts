// The status vocabulary, defined once (lib/status.ts): names, codes and the name of a code agree.
import { describe, expect, it } from "vitest";
import { STATUSES, STATUS_CODES, statusName } from "../lib/status";
import { STATUS_CODES as GRAPH_CODES, STATUSES as GRAPH_STATUSES } from "../lib/graph/schema";
import { STATUS_CODES as METRIC_CODES, statusName as metricStatusName } from "../lib/metrics";
import { STATUS_VALUES } from "../lib/rules";

describe("status", () => {
  it("`STATUS_CODES` numbers `STATUSES` in order, worst last, and `statusName()` inverts it", () => {
    expect(STATUSES).toEqual(["up", "degraded", "down"]);
    for (const [i, s] of STATUSES.entries()) {
      expect(STATUS_CODES[s]).toBe(i);
      expect(statusName(i)).toBe(s);
    }
    expect(statusName(2.0000001)).toBe("down");
    expect(statusName(NaN)).toBeUndefined();
    expect(statusName(3)).toBeUndefined();
    expect(statusName(-1)).toBeUndefined();
  });

  it("the graph, the metrics store and the rules share the one definition", () => {
    expect(GRAPH_STATUSES).toBe(STATUSES);
    expect(GRAPH_CODES).toBe(STATUS_CODES);
    expect(METRIC_CODES).toBe(STATUS_CODES);
    expect(metricStatusName).toBe(statusName);
    expect(STATUS_VALUES).toBe(STATUSES);
  });
});
