// Promotion: thresholds decide, the report says why, the production file changes only on success.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backtest, loadDefaultRules, loadRules, parseRuleSet, promote, ruleSetToJson } from "../../lib/rules";
import { classicRules, estateCsv, estateLabels, estateTopology } from "./fixtures";
import { timelineFromLongCsv } from "../../lib/rules";

function results() {
  const json = ruleSetToJson(classicRules());
  json.rules.find((r) => r.name === "HighLatency")!.for = "3m";
  const run = (set: ReturnType<typeof loadDefaultRules>) => backtest(set, { timeline: timelineFromLongCsv(estateCsv()), labels: estateLabels, topology: estateTopology });
  return { production: run(classicRules()), candidate: run(parseRuleSet({ ...json, name: "candidate" })) };
}

describe("promote()", () => {
  it("writes the candidate as production with a report when every threshold passes", () => {
    const dir = mkdtempSync(join(tmpdir(), "promote-"));
    const { production, candidate } = results();
    const decision = promote(candidate, { production, thresholds: { minPrecision: 0.9, minRecall: 0.5, maxMeanDelay: "1m", maxAlertsPerDay: 30, noWorseThanProduction: true }, dir, prometheus: true });
    expect(decision.kind).toBe("promoted");
    expect(decision.reasons).toEqual([]);
    expect(decision.checks.map((c) => [c.name, c.passed])).toEqual([
      ["precision", true],
      ["recall", true],
      ["mean detection delay (s)", true],
      ["alerts per day", true],
      ["precision vs production", true],
      ["recall vs production", true],
      ["F1 vs production", true],
    ]);
    const promoted = loadRules(join(dir, "production.rules.json"));
    expect(promoted.name).toBe("candidate");
    expect(promoted.rules.find((r) => r.name === "HighLatency")!.forSeconds).toBe(180);
    const report = readFileSync(decision.files.report, "utf8");
    expect(report).toContain('# Promotion of rule set "candidate": PROMOTED');
    expect(report).toContain("| precision | 1 | 0.9 | yes |");
    expect(report).toContain("| precision | 0.667 | 1 | 0.333 | candidate |");
    expect(JSON.parse(readFileSync(decision.files.json, "utf8"))).toMatchObject({ kind: "promoted", candidate: "candidate", production: "default", thresholds: { minPrecision: 0.9 } });
    expect(readFileSync(decision.files.prometheus!, "utf8")).toContain('- alert: "HighCpu"');
  });

  it("leaves production alone and says why when a threshold fails", () => {
    const dir = mkdtempSync(join(tmpdir(), "promote-"));
    writeFileSync(join(dir, "production.rules.json"), "previous");
    const { production, candidate } = results();
    const decision = promote(candidate, { production, thresholds: { minRecall: 0.9, maxMeanDelay: 10 }, dir });
    expect(decision.kind).toBe("rejected");
    expect(decision.reasons).toEqual(["recall 0.5 is below 0.9", "mean detection delay (s) 30 is above 10"]);
    expect(decision.files.rules).toBeUndefined();
    expect(readFileSync(join(dir, "production.rules.json"), "utf8")).toBe("previous");
    const report = readFileSync(join(dir, "production.rules.promotion.md"), "utf8");
    expect(report).toContain("REJECTED");
    expect(report).toContain("Not promoted: recall 0.5 is below 0.9; mean detection delay (s) 30 is above 10. `production.rules.json` was left unchanged.");
  });

  it("rejects a candidate worse than production when asked to compare", () => {
    const dir = mkdtempSync(join(tmpdir(), "promote-"));
    const { production, candidate } = results();
    const decision = promote(production, { production: candidate, thresholds: { noWorseThanProduction: true }, dir, file: "ops.json" });
    expect(decision.kind).toBe("rejected");
    expect(decision.reasons).toEqual(["precision vs production 0.667 is below 1", "F1 vs production 0.571 is below 0.667"]);
    expect(existsSync(join(dir, "ops.promotion.md"))).toBe(true);
  });

  it("needs at least one threshold, valid values and a production backtest to compare with", () => {
    const { candidate } = results();
    const dir = mkdtempSync(join(tmpdir(), "promote-"));
    expect(() => promote(candidate, { production: undefined, thresholds: {}, dir })).toThrow(/promote: expected thresholds to be at least one threshold/);
    expect(() => promote(candidate, { production: undefined, thresholds: { minPrecision: 90 }, dir })).toThrow("promote: expected thresholds.minPrecision to be a number in [0, 1] but found 90.");
    expect(() => promote(candidate, { production: undefined, thresholds: { noWorseThanProduction: true }, dir })).toThrow(/promote: expected production to be a backtest of the production set/);
    expect(() => promote(candidate, { production: undefined, thresholds: { minF1: 0.5 }, dir, file: "../x.json" })).toThrow(/options.file/);
  });
});
