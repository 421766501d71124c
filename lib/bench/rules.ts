// Rules benchmark: node evaluations per second of the default pack, compiled predicates vs json-rules-engine.
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

/** Runs `pass` until MIN_SECONDS have passed; returns passes per second. */
function measure(pass: () => void): number {
  pass(); // warm-up
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0;
  do {
    pass();
    passes++;
    elapsed = secondsSince(start);
  } while (elapsed < MIN_SECONDS);
  return passes / elapsed;
}

async function measureAsync(pass: () => Promise<void>): Promise<number> {
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

/** The benches of lib/rules. */
export const benches: Bench[] = [
  {
    name: "rules",
    async run() {
      const rules = loadDefaultRules();
      const facts = estate();
      // Compiled: every rule's predicate on every node of its scope; one node evaluation = all its rules.
      const bound = bindRules(rules, facts).filter((b): b is BoundRule => b !== undefined);
      let hits = 0;
      const compiledPasses = measure(() => {
        for (const { scope, predicate } of bound) {
          for (let k = 0; k < scope.length; k++) if (predicate!(scope[k])) hits++;
        }
      });
      // The full engine: predicates plus the alert lifecycle, inhibition and incidents.
      const engine = createRuleEngine(rules);
      let time = 0;
      const enginePasses = measure(() => {
        engine.evaluate(time, facts);
        time += 30;
      });
      // json-rules-engine: one engine per set of rules in scope, one run per node, the same facts.
      const reference = new ReferenceEvaluator(
        rules,
        rules.rules.map((r) => r.index),
        (fact) => {
          throw new Error(`bench rules: missing fact ${fact}`);
        },
      );
      const scopes = bindRules(rules, facts, { compile: "none" }).map((b) => b?.scope);
      const out = scopes.map((s) => (s ? new Uint8Array(facts.nodeCount) : undefined));
      const referencePasses = await measureAsync(() => reference.evaluate(facts, scopes, out));
      const compiled = compiledPasses * NODES;
      const jre = referencePasses * NODES;
      return {
        nodes: NODES,
        rules: rules.rules.length,
        compiled_evals_per_s: Math.round(compiled),
        json_rules_engine_evals_per_s: Math.round(jre),
        speedup: Math.round(compiled / jre),
        engine_evals_per_s: Math.round(enginePasses * NODES),
        target_speedup: 100,
        hits: hits > 0 ? "yes" : "no",
      };
    },
  },
];
