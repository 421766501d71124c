// Rules benchmark: node evaluations per second of the default pack: compiled predicates, and the full engine (lifecycle included), each against json-rules-engine, timed alike.
import { RandomStreams } from "../random";
import { ReferenceEvaluator, bindRules, createRuleEngine, loadDefaultRules, tableFacts, type BoundRule, type FactSource, type NodeRow } from "../rules";
import { secondsSince, type Bench } from "./types";

const NODES = 2000;
/** Kinds the default pack watches, so every node is in some rule's scope. */
const KINDS = ["server", "vm", "database", "application", "load_balancer", "business_service", "storage", "queue"];
const MIN_SECONDS = 1;

/** A seeded estate whose values sit near the pack's thresholds, so predicates take both branches. */
function estate(): FactSource {
  const rng = new RandomStreams(42).stream("bench-rules");
  const rows: NodeRow[] = [];
  for (let i = 0; i < NODES; i++) {
    rows.push({
      id: `n${i}`,
      kind: KINDS[i % KINDS.length],
      tier: 1 + (i % 3),
      cpu: rng.uniform(0.5, 1),
      ram: rng.uniform(0.6, 1),
      disk: rng.uniform(0.6, 1),
      error_rate: rng.uniform(0, 0.1),
      latency_ms: rng.uniform(50, 400),
      status: rng.choice(["up", "up", "up", "degraded", "down"]),
      "replication_lag_s[5m:avg]": rng.uniform(0, 60),
    });
  }
  return tableFacts(rows);
}

/** Runs `pass` (one evaluation of every node) once to warm up, then until MIN_SECONDS have passed; returns passes per second. All three contenders go through here. */
async function measure(pass: () => void | Promise<void>): Promise<number> {
  await pass();
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0;
  do {
    await pass();
    passes++;
    elapsed = secondsSince(start);
  } while (elapsed < MIN_SECONDS);
  return passes / elapsed;
}

/** Targets: compiled predicates ≥ 100 × json-rules-engine; the whole engine (predicates + alert lifecycle + inhibition + incidents) ≥ 10 ×. */
const TARGET = { predicates: 100, engine: 10 };

/** The benches of lib/rules. */
export const benches: Bench[] = [
  {
    name: "rules",
    async run() {
      const rules = loadDefaultRules();
      const facts = estate();
      // json-rules-engine: one engine per set of rules in scope, one run per node, the same facts; the node
      // grouping is built once, as the compiled side's scopes are, so both sides time evaluation only.
      const reference = new ReferenceEvaluator(
        rules,
        rules.rules.map((r) => r.index),
        (fact) => {
          throw new Error(`bench rules: missing fact ${fact}`);
        },
      );
      const scopes = bindRules(rules, facts, { compile: "none" }).map((b) => b?.scope);
      const out = scopes.map((s) => (s ? new Uint8Array(facts.nodeCount) : undefined));
      const plan = reference.plan(scopes);
      const jre = (await measure(() => reference.evaluatePlan(facts, plan, out))) * NODES;
      // Compiled: every rule's predicate on every node of its scope; one node evaluation = all its rules.
      const bound = bindRules(rules, facts).filter((b): b is BoundRule => b !== undefined);
      let hits = 0;
      const compiled =
        (await measure(() => {
          for (const { scope, predicate } of bound) {
            for (let k = 0; k < scope.length; k++) if (predicate!(scope[k])) hits++;
          }
        })) * NODES;
      // The full engine, as the runner calls it every step: predicates plus the alert lifecycle, inhibition and incidents.
      const engine = createRuleEngine(rules);
      let time = 0;
      const full =
        (await measure(() => {
          engine.evaluate(time, facts);
          time += 30;
        })) * NODES;
      if (hits === 0) throw new Error("bench rules: no predicate ever held; the estate does not exercise the pack");
      const base = { nodes: NODES, rules: rules.rules.length, json_rules_engine_evals_per_s: Math.round(jre) };
      return [
        { ...base, contender: "compiled predicates", evals_per_s: Math.round(compiled), speedup: Number((compiled / jre).toFixed(2)), target: `≥ ${TARGET.predicates} × json-rules-engine`, meets: compiled / jre >= TARGET.predicates },
        { ...base, contender: "rule engine (predicates + lifecycle + incidents)", evals_per_s: Math.round(full), speedup: Number((full / jre).toFixed(2)), target: `≥ ${TARGET.engine} × json-rules-engine`, meets: full / jre >= TARGET.engine },
      ];
    },
  },
];
