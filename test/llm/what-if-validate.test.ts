// Validation of what-if scenarios: shape, fault kinds, targets in the topology, times in the horizon.
import { describe, expect, it } from "vitest";
import { validateWhatIf, validateWhatIfs } from "../../lib/llm";
import { whatIfContext } from "./fixtures";

const good = { name: "db", description: "db crash", faults: [{ kind: "database_crash", target: "db-core-1", at: 100, duration: 600 }] };

describe("validateWhatIf()", () => {
  it("`validateWhatIf()` accepts a scenario whose faults target known nodes inside the horizon", () => {
    expect(validateWhatIf(good, whatIfContext())).toEqual({ ok: true, data: good });
  });

  it("`validateWhatIf()` names each problem: unknown kind, unknown target, start past the horizon, zero duration", () => {
    const result = validateWhatIf({ ...good, faults: [{ kind: "meteor", target: "db-core-1", at: 1, duration: 1 }] }, whatIfContext());
    expect(result).toEqual({ ok: false, errors: [expect.objectContaining({ path: "$.faults[0].kind", message: expect.stringMatching(/^expected one of "load_surge", .* but found "meteor"$/) })] });
    const late = validateWhatIf({ ...good, faults: [{ kind: "node_crash", target: "ghost", at: 90_000, duration: 0 }] }, whatIfContext());
    expect(late.ok ? [] : late.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      '$.faults[0].target: node "ghost" is not in the topology',
      "$.faults[0].duration: expected a duration > 0 but found 0",
      "$.faults[0].at: expected a start before the horizon (86400 s) but found 90000",
    ]);
  });

  it("`validateWhatIf()` rejects extra fields and an empty fault list", () => {
    const result = validateWhatIf({ ...good, faults: [], priority: 1 }, whatIfContext());
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["$.faults", "$.priority"]);
  });
});

describe("validateWhatIfs()", () => {
  it("`validateWhatIfs()` keeps valid scenarios and reports the rest with their index, never dropping one", () => {
    const { scenarios, rejected } = validateWhatIfs([good, { name: "x" }, good], whatIfContext());
    expect(scenarios).toEqual([good]);
    expect(rejected.map((r) => [r.index, r.errors.map((e) => e.message)])).toEqual([
      [1, ['missing required property "description"', 'missing required property "faults"']],
      [2, ['name "db" is used by an earlier scenario']],
    ]);
  });
});
