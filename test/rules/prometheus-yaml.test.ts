// The Prometheus export read back: its YAML parses (yaml) to the rules that were exported, and promtool accepts it (`promtool check rules`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDefaultRules, parseRuleSet, toPrometheusRules, type PrometheusExport } from "../../lib/rules";

const inCi = process.env.CI === "true" || process.env.CI === "1";
const promtool = ["/usr/bin/promtool", "promtool"].find((bin) => spawnSync(bin, ["--version"], { encoding: "utf8" }).status === 0);
if (!promtool && !inCi) console.warn("promtool checks skipped: promtool not found (Debian: apt-get install prometheus).");

interface PromRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function exports(): { name: string; out: PrometheusExport }[] {
  const custom = parseRuleSet([
    { name: "Both", severity: "critical", for: "2m", conditions: { all: [{ fact: "cpu", operator: "greaterThanInclusive", value: 0.9 }, { fact: "latency_ms", params: { window: "10m", stat: "p95" }, operator: "lessThan", value: 500 }] } },
    { name: "Quoted", annotations: { summary: 'a "quoted" value: {{ value }}' }, conditions: { all: [{ fact: "error_rate", operator: "greaterThan", value: 0.1 }] } },
  ]);
  return [
    { name: "default pack", out: toPrometheusRules(loadDefaultRules()) },
    { name: "custom names", out: toPrometheusRules(custom, { metricNames: { cpu: "node_cpu_ratio", latency_ms: "http_latency_ms" }, groupName: "infratwin" }) },
  ];
}

describe("toPrometheusRules() YAML, read back", () => {
  it.each(exports().map((e) => [e.name, e.out] as const))("%s: parses to one group holding exactly the exported rules", (_name, out) => {
    const doc = parse(out.yaml) as { groups: { name: string; rules: PromRule[] }[] };
    expect(doc.groups).toHaveLength(1);
    const rules = doc.groups[0].rules;
    expect(rules.map((r) => ({ rule: r.alert, expr: r.expr }))).toEqual(out.exported);
    for (const r of rules) {
      expect(typeof r.labels?.severity, r.alert).toBe("string");
      if (r.for !== undefined) expect(r.for, r.alert).toMatch(/^\d+(ms|s|m|h|d|w|y)$/);
      if (r.keep_firing_for !== undefined) expect(r.keep_firing_for, r.alert).toMatch(/^\d+(ms|s|m|h|d|w|y)$/);
    }
  });

  it.skipIf(!promtool && !inCi).each(exports().map((e) => [e.name, e.out] as const))("%s: `promtool check rules` accepts it (required with CI=true)", (_name, out) => {
    expect(promtool, "promtool not found; install Debian's prometheus package").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "infratwin-promtool-"));
    try {
      const file = join(dir, "rules.yml");
      writeFileSync(file, out.yaml);
      const result = spawnSync(promtool!, ["check", "rules", file], { encoding: "utf8" });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`SUCCESS: ${out.exported.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("promtool rejects a broken rule file (the check can fail)", () => {
    if (!promtool) {
      expect(inCi, "promtool is required with CI=true").toBe(false);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "infratwin-promtool-"));
    try {
      const file = join(dir, "rules.yml");
      writeFileSync(file, 'groups:\n  - name: "x"\n    rules:\n      - alert: "Bad"\n        expr: "cpu >"\n');
      expect(spawnSync(promtool, ["check", "rules", file], { encoding: "utf8" }).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
