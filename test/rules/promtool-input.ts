// Builds `promtool test rules` input from recorded telemetry, with the expected alerts taken from infratwin's own rule engine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { MetricsStore } from "../../lib/metrics";
import { createRuleEngine, timelineFromStore, type RuleSet, type TimelineNode } from "../../lib/rules";

const inCi = process.env.CI === "true" || process.env.CI === "1";

/** promtool from Debian's prometheus package; undefined when missing (a failure under CI=true: see `requirePromtool`). */
export const promtool = ["/usr/bin/promtool", "promtool"].find((bin) => spawnSync(bin, ["--version"], { encoding: "utf8" }).status === 0);

/** Whether to skip: only outside CI and only when promtool is missing (with a message). */
export function skipWithoutPromtool(): boolean {
  if (promtool !== undefined || inCi) return false;
  console.warn("promtool differential tests skipped: promtool not found (Debian: apt-get install prometheus).");
  return true;
}

/** One input series of a promtool test: `cpu{node="a",kind="server"}` and its values, `_` where nothing was recorded. */
export interface PromtoolSeries {
  series: string;
  values: string;
}

/** The firing alerts of one rule at one evaluation time, as promtool expects them. */
export interface PromtoolAlertCase {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string> }[];
}

/**
 * Every (metric, node) series of `store` that has at least one sample, labelled with node, kind and tier
 * like the metrics the export's matchers select. Times must be 0, step, 2·step, … (promtool's own grid).
 */
export function promtoolSeries(store: MetricsStore, nodes: readonly TimelineNode[], metrics: readonly string[]): PromtoolSeries[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const times = store.times;
  for (let s = 0; s < store.recordedSteps; s++) {
    if (times[s] !== s * store.recordInterval) throw new Error(`promtoolSeries: step ${s} is at ${times[s]} s, not on the grid 0, ${store.recordInterval}, … promtool reads`);
  }
  const out: PromtoolSeries[] = [];
  for (const metric of metrics.filter((m) => store.hasMetric(m))) {
    const m = store.metricIndex(metric);
    store.nodeIds.forEach((id, i) => {
      const values: string[] = [];
      let any = false;
      for (let s = 0; s < store.recordedSteps; s++) {
        const v = store.valueAt(m, i, s);
        any ||= v === v;
        values.push(v === v ? String(v) : "_");
      }
      if (!any) return;
      const node = byId.get(id);
      const labels: Record<string, string> = { node: id, kind: node?.kind ?? store.kinds[i] };
      if (node?.tier !== undefined) labels.tier = String(node.tier);
      out.push({ series: `${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(",")}}`, values: values.join(" ") });
    });
  }
  return out;
}

/**
 * Runs infratwin's rule engine over the store's timeline and lists, for every rule and every evaluation, the
 * alerts that are firing after it, with the labels infratwin gives them (alertname, node, severity, kind, tier,
 * the rule's labels): what Prometheus must report at the same evaluation.
 */
export function expectedAlerts(ruleSet: RuleSet, store: MetricsStore, nodes: readonly TimelineNode[]): PromtoolAlertCase[] {
  const engine = createRuleEngine(ruleSet);
  const cases: PromtoolAlertCase[] = [];
  const rules = ruleSet.rules.filter((r) => r.enabled).map((r) => r.name);
  for (const { time, facts } of timelineFromStore(store, { nodes })) {
    engine.evaluate(time, facts);
    const firing = engine.alerts().filter((a) => a.kind === "firing");
    for (const rule of rules) {
      const alerts = firing.filter((a) => a.rule === rule).sort((a, b) => (a.node < b.node ? -1 : 1));
      cases.push({ eval_time: `${time}s`, alertname: rule, exp_alerts: alerts.map((a) => ({ exp_labels: { ...a.labels } })) });
    }
  }
  return cases;
}

/** The export without annotations: they are Go templates whose rendering is Prometheus' own, not the lifecycle under test. */
export function withoutAnnotations(rulesYaml: string): string {
  const doc = parse(rulesYaml) as { groups: { rules: { annotations?: unknown }[] }[] };
  for (const group of doc.groups) for (const rule of group.rules) delete rule.annotations;
  return stringify(doc);
}

/** Writes the rule file and a promtool unit test beside it, runs `promtool test rules`, and returns its exit code and output. */
export function runPromtoolTest(rulesYaml: string, options: { stepSeconds: number; series: PromtoolSeries[]; cases: PromtoolAlertCase[] }): { status: number | null; output: string } {
  if (promtool === undefined) throw new Error("runPromtoolTest: promtool not found; install Debian's prometheus package (bash .ci/install-system-deps.sh).");
  const dir = mkdtempSync(join(tmpdir(), "infratwin-promtool-test-"));
  try {
    writeFileSync(join(dir, "rules.yml"), rulesYaml);
    const test = {
      rule_files: ["rules.yml"],
      evaluation_interval: `${options.stepSeconds}s`,
      tests: [{ interval: `${options.stepSeconds}s`, input_series: options.series, alert_rule_test: options.cases }],
    };
    writeFileSync(join(dir, "test.yml"), stringify(test));
    const result = spawnSync(promtool, ["test", "rules", join(dir, "test.yml")], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
