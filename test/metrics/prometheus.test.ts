import { describe, expect, test } from "vitest";
import { ValidationError } from "../../lib/errors";
import { fromPrometheus, importPrometheus } from "../../lib/metrics";

const t0 = 1775001600.5; // 2026-04-01T00:00:00.500Z

const matrix = {
  status: "success",
  data: {
    resultType: "matrix",
    result: [
      { metric: { __name__: "cpu", instance: "web-1:9100", role: "application" }, values: [[t0, "0.25"], [t0 + 15, "0.5"], [t0 + 30, "NaN"]] },
      { metric: { __name__: "cpu", instance: "db-1:9100", role: "database" }, values: [[t0 + 15, "0.75"], [t0 + 30, "+Inf"]] },
    ],
  },
};

describe("prometheus", () => {
  test("`fromPrometheus()` reads a range query: nodes from instance, times from the earliest sample", () => {
    const store = fromPrometheus(JSON.stringify(matrix), { kindLabel: "role", onWarning: () => {} });
    expect(store.nodeIds).toEqual(["web-1:9100", "db-1:9100"]);
    expect(store.kinds).toEqual(["application", "database"]);
    expect(store.epochMs).toBe(Date.UTC(2026, 3, 1, 0, 0, 0, 500));
    expect(Array.from(store.times)).toEqual([0, 15, 30]);
    expect(store.stepSeconds).toBe(15);
    expect(Array.from(store.series("cpu", "web-1:9100"))).toEqual([0.25, 0.5, NaN]);
    expect(Array.from(store.series("cpu", "db-1:9100"))).toEqual([NaN, 0.75, Infinity]);
  });

  test("`importPrometheus()` names the metric of rate() queries and reports duplicate series", () => {
    const vector = {
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { instance: "a", mode: "user" }, value: [t0, "1"] },
          { metric: { instance: "a", mode: "system" }, value: [t0, "2"] },
        ],
      },
    };
    const { store, report } = importPrometheus(vector, { metric: "cpu_seconds_rate" });
    expect(store.metricNames).toEqual(["cpu_seconds_rate"]);
    expect(store.value("cpu_seconds_rate", "a", 0)).toBe(2);
    expect(report.duplicates).toBe(1);
  });

  test("`fromPrometheus()` names what is wrong with a response", () => {
    expect(() => fromPrometheus({ status: "error", error: "bad query" })).toThrow('fromPrometheus: Prometheus answered with an error: "bad query".');
    expect(() => fromPrometheus({ status: "success", data: { resultType: "scalar", result: [1, "2"] } })).toThrow(/expected response.data to be a "matrix" or "vector" result/);
    const unnamed = { status: "success", data: { resultType: "matrix", result: [{ metric: { instance: "a" }, values: [[t0, "1"]] }] } };
    expect(() => fromPrometheus(unnamed)).toThrow(ValidationError);
    expect(() => fromPrometheus(unnamed)).toThrow(/\$\.data\.result\[0\]\.metric\.__name__: series has no __name__ label; pass options\.metric/);
    const noNode = { status: "success", data: { resultType: "matrix", result: [{ metric: { __name__: "up", host: "a" }, values: [[t0, "1"]] }] } };
    expect(fromPrometheus(noNode, { nodeLabel: "host" }).nodeIds).toEqual(["a"]);
    expect(() => fromPrometheus(noNode)).toThrow(/series has no instance label/);
  });
});
