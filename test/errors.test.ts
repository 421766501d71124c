import { describe, expect, it } from "vitest";
import { describeValue, didYouMean, invalidArgument, notFound, ValidationError } from "../lib/errors";

describe("errors", () => {
  it("invalidArgument() names the call, the field and the value", () => {
    expect(invalidArgument("Environment.timeout", "delay", "a number >= 0", -1).message).toBe("Environment.timeout: expected delay to be a number >= 0 but found -1.");
    expect(notFound("Graph.addEdge", "source node", "x").message).toBe('Graph.addEdge: source node "x" not found.');
  });
  it("ValidationError lists every problem with its path", () => {
    const error = new ValidationError("parseScenario", [{ path: "$.seed", message: "expected an integer" }, { path: "$.name", message: "expected a string" }], "the scenario");
    expect(error.message).toBe("parseScenario: 2 problems in the scenario:\n  $.seed: expected an integer\n  $.name: expected a string");
    expect(error.problems).toHaveLength(2);
  });
  it("describeValue() quotes strings and cuts long values", () => {
    expect(describeValue("a")).toBe('"a"');
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue({ a: "x".repeat(200) }).length).toBeLessThanOrEqual(80);
  });
  it("didYouMean() suggests close names, and nothing when none is close", () => {
    const ids = ["db-core-banking-primary", "db-core-banking-standby", "app-core-banking-1", "svc-payments"];
    expect(didYouMean("db-core-banking", ids)).toBe(' Did you mean "db-core-banking-primary", "db-core-banking-standby"?');
    expect(didYouMean("svc_payments", ids)).toBe(' Did you mean "svc-payments"?');
    expect(didYouMean("app-core-bankng-1", ids)).toBe(' Did you mean "app-core-banking-1"?');
    expect(didYouMean("mainframe", ids)).toBe("");
  });
});
