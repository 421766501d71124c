import { describe, expect, test } from "vitest";
import { METRIC_UNITS, STATUS_CODES, TWIN_METRICS, statusName } from "../../lib/metrics";

describe("vocabulary", () => {
  test("`TWIN_METRICS` lists the eight twin metrics in column order, each with a unit", () => {
    expect(TWIN_METRICS).toEqual(["cpu", "ram", "disk", "latency_ms", "error_rate", "throughput", "status", "replication_lag_s"]);
    for (const metric of TWIN_METRICS) expect(METRIC_UNITS[metric]).toMatch(/\w/);
  });

  test("`statusName()` names status codes, rounding imported values, and nothing else", () => {
    expect(STATUS_CODES).toEqual({ up: 0, degraded: 1, down: 2 });
    expect([0, 1, 2].map(statusName)).toEqual(["up", "degraded", "down"]);
    expect(statusName(2.0000001)).toBe("down");
    expect(statusName(NaN)).toBeUndefined();
    expect(statusName(3)).toBeUndefined();
  });
});
