// The scenario file: plain, schema-validated data that says what to simulate — topology, time span, load, faults, fixes, rules, supervisor.
import { datasetPath } from "../package-root";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describeValue, invalidArgument, notFound, ValidationError, type Problem } from "../errors";
import type { FaultSpec, Intervention, LoadOptions, RandomFaultRates } from "../twin";
import { FAULT_KINDS, INTERVENTION_KINDS, LOAD_DEFAULTS, validateLoadOptions } from "../twin";
import { MAX_BASE_RPS, MAX_DEADLINE_MS, MIN_DEADLINE_MS, YEAR_RANGE, plausibleInstant, stepAndHorizonProblem } from "../limits";
import { MAX_JSON_DEPTH, stripBom, tooDeepAt } from "../json-guard";
import { parseIso } from "../ingest/time";
import { parseDuration, parseSimTime } from "../time";

/** Where the topology comes from: a bundled dataset, a file, the generator, or a spec written inline. */
export type TopologyRef =
  | { dataset: string }
  /** A topology JSON file, or CMDB-style nodes CSV with `edges` naming the edges CSV; relative paths are read from the scenario file's folder. */
  | { file: string; edges?: string }
  | { generate: { seed?: number; size?: number; [option: string]: unknown } }
  | { spec: Record<string, unknown> };

/** Picks fault targets in the topology: by id, or by kind/tag/tier with a pick rule (random picks use the scenario seed). */
export interface TargetSelector {
  id?: string;
  kind?: string;
  tag?: string;
  tier?: number;
  /** Regular expression on node ids. */
  match?: string;
  /** "first" (lowest id), "random" (seeded), "all" (one fault per match); "first" by default. */
  pick?: "first" | "random" | "all";
  /** How many to pick with "random" (1 by default). */
  count?: number;
}

/** A fault in a scenario: a FaultSpec whose target may be a selector. */
export type ScenarioFault = Omit<FaultSpec, "target"> & { target: string | TargetSelector };

/** Which supervisor reads the incidents of the run. */
export interface SupervisorSettings {
  /** "auto" (default): OpenAI-compatible when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the heuristic; "none" posts nothing. */
  kind?: "auto" | "heuristic" | "openai" | "none";
  /** Model name for the OpenAI-compatible supervisor. */
  model?: string;
  /** Wall-clock ms the run waits at its end for outstanding answers. */
  deadlineMs?: number;
  /** Which incidents are diagnosed: every incident ("warning", the default; warnings under a budget per hour) or only critical ones ("critical"). */
  minSeverity?: "warning" | "critical";
}

export interface Scenario {
  /** Points editors at datasets/schemas/scenario.schema.json. */
  $schema?: string;
  name: string;
  description?: string;
  seed: number;
  /** Optional only when the graph is passed in code (`runScenario(s, { graph })`). */
  topology?: TopologyRef;
  /** Calendar date of time 0 ("2026-11-25"). */
  start?: string;
  horizon?: number | string;
  step?: number | string;
  load?: LoadOptions;
  faults?: ScenarioFault[];
  randomFaults?: boolean | RandomFaultRates;
  interventions?: Intervention[];
  /** "default" (datasets/rules/default.json), "none", a rules file path, or a rule set inline. */
  rules?: "default" | "none" | { file: string } | { rules: unknown[] };
  supervisor?: SupervisorSettings;
  /** What the metrics store keeps: metric names, node ids or kinds, one step in `every`. */
  record?: { metrics?: string[]; nodes?: string[]; kinds?: string[]; every?: number };
  /** Free labels; forks record their parent here. */
  tags?: string[];
  parent?: string;
}

const TOP_LEVEL = new Set(["$schema", "name", "description", "seed", "topology", "start", "horizon", "step", "load", "faults", "randomFaults", "interventions", "rules", "supervisor", "record", "tags", "parent"]);
const SELECTOR_KEYS = new Set(["id", "kind", "tag", "tier", "match", "pick", "count"]);
const NODE_KINDS = ["router", "switch", "firewall", "load_balancer", "server", "vm", "database", "application", "queue", "storage", "business_service"];

/**
 * Checks a scenario document and returns it typed; every problem is reported at once with its JSON path
 * (`$.faults[2].duration: expected a duration ... but found "5 mins"`). Node ids are checked later, against the topology.
 */
export function parseScenario(input: unknown, api = "parseScenario"): Scenario {
  const problems: Problem[] = [];
  const add = (path: string, message: string, value?: unknown) => problems.push({ path, message, value });
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new ValidationError(api, [{ path: "$", message: `expected a scenario object but found ${describeValue(input)}`, value: input }], "the scenario");
  const deep = tooDeepAt(input);
  if (deep !== undefined) throw new ValidationError(api, [{ path: deep, message: `the scenario nests deeper than ${MAX_JSON_DEPTH} levels` }], "the scenario");
  const doc = input as Record<string, unknown>;
  for (const key of Object.keys(doc)) if (!TOP_LEVEL.has(key)) add(`$.${key}`, `unknown field ${describeValue(key)}; known: ${[...TOP_LEVEL].join(", ")}`, doc[key]);
  if (typeof doc.name !== "string" || doc.name.trim() === "") add("$.name", `expected a non-empty string but found ${describeValue(doc.name)}`, doc.name);
  if (!Number.isInteger(doc.seed)) add("$.seed", `expected an integer but found ${describeValue(doc.seed)}`, doc.seed);
  // A scenario run on a graph passed in code needs no topology of its own.
  if (doc.topology !== undefined) checkTopology(doc.topology, add);
  if (doc.start !== undefined) {
    // The telemetry reader's parser (as SimCalendar uses): a start without a zone is UTC, never the machine's
    // zone; Date.parse read "2026-11-25T10:00" as local time and accepted "Nov 25 2026" too.
    const ms = typeof doc.start === "string" ? parseIso(doc.start.trim(), "UTC").ms : Number.NaN;
    if (!Number.isFinite(ms)) add("$.start", `expected an ISO date such as "2026-11-25" or "2026-11-25T10:00Z" (no zone means UTC) but found ${describeValue(doc.start)}`, doc.start);
    else if (!plausibleInstant(ms)) add("$.start", `expected a date in the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max} but found ${describeValue(doc.start)}`, doc.start);
  }
  const seconds: { horizon?: number; step?: number } = {};
  for (const key of ["horizon", "step"] as const) {
    if (doc[key] === undefined) continue;
    try {
      seconds[key] = parseDuration(doc[key] as number | string, api, key);
      if (seconds[key]! <= 0) add(`$.${key}`, `expected a duration > 0 but found ${describeValue(doc[key])}`, doc[key]);
    } catch (e) {
      add(`$.${key}`, `expected a duration such as "1d" or "1m" but found ${describeValue(doc[key])}`, doc[key]);
    }
  }
  if ((seconds.step ?? 60) > 0 && (seconds.horizon ?? 86400) > 0) {
    const limit = stepAndHorizonProblem(seconds.step ?? 60, seconds.horizon ?? 86400);
    if (limit) add(`$.${limit.field}`, limit.message, doc[limit.field]);
  }
  if (doc.load !== undefined) {
    if (doc.load === null || typeof doc.load !== "object") add("$.load", `expected an object but found ${describeValue(doc.load)}`, doc.load);
    else
      for (const [key, value] of Object.entries(doc.load as Record<string, unknown>)) {
        if (key === "baseRps") {
          if (!value || typeof value !== "object" || Array.isArray(value)) add("$.load.baseRps", `expected an object of requests/s by service id but found ${describeValue(value)}`, value);
          else
            for (const [id, rps] of Object.entries(value as Record<string, unknown>))
              if (typeof rps !== "number" || !Number.isFinite(rps) || rps < 0 || rps > MAX_BASE_RPS) add(`$.load.baseRps.${id}`, `expected a number in [0, ${MAX_BASE_RPS}] requests/s but found ${describeValue(rps)}`, rps);
          continue;
        }
        if (!(key in LOAD_DEFAULTS)) add(`$.load.${key}`, `unknown load option ${describeValue(key)}; known: ${[...Object.keys(LOAD_DEFAULTS), "baseRps"].join(", ")}`, value);
        else if (key === "paydays" ? !Array.isArray(value) : typeof value !== "number") add(`$.load.${key}`, `expected ${key === "paydays" ? "an array of days" : "a number"} but found ${describeValue(value)}`, value);
        else
          try {
            validateLoadOptions({ [key]: value }, api);
          } catch (e) {
            add(`$.load.${key}`, (e as Error).message.replace(/^[^:]*: /, ""), value);
          }
      }
  }
  if (doc.faults !== undefined) {
    if (!Array.isArray(doc.faults)) add("$.faults", `expected an array but found ${describeValue(doc.faults)}`, doc.faults);
    else doc.faults.forEach((f, i) => checkFault(f, `$.faults[${i}]`, add, api));
  }
  if (doc.randomFaults !== undefined && typeof doc.randomFaults !== "boolean") {
    const rf = doc.randomFaults as Record<string, unknown>;
    if (!rf || typeof rf !== "object" || !rf.kinds || typeof rf.kinds !== "object") add("$.randomFaults", `expected true, false or {"kinds": {...}} but found ${describeValue(doc.randomFaults)}`, doc.randomFaults);
    else
      for (const [kind, rate] of Object.entries(rf.kinds as Record<string, unknown>)) {
        const p = `$.randomFaults.kinds.${kind}`;
        if (!(FAULT_KINDS as readonly string[]).includes(kind)) add(p, `unknown fault kind ${describeValue(kind)}`, kind);
        const r = rate as Record<string, unknown>;
        for (const field of ["mtbf", "mttr"])
          try {
            parseDuration(r?.[field] as number | string);
          } catch {
            add(`${p}.${field}`, `expected a duration such as "90d" or "30m" but found ${describeValue(r?.[field])}`, r?.[field]);
          }
      }
  }
  if (doc.interventions !== undefined) {
    if (!Array.isArray(doc.interventions)) add("$.interventions", `expected an array but found ${describeValue(doc.interventions)}`, doc.interventions);
    else
      doc.interventions.forEach((a, i) => {
        if (!a || typeof a !== "object" || !(INTERVENTION_KINDS as readonly string[]).includes((a as { kind: string }).kind))
          add(`$.interventions[${i}].kind`, `unknown intervention ${describeValue((a as { kind?: unknown })?.kind)}; expected one of ${INTERVENTION_KINDS.join(", ")}`, a);
      });
  }
  if (doc.rules !== undefined) {
    const r = doc.rules as unknown;
    const ok = r === "default" || r === "none" || (typeof r === "object" && r !== null && (typeof (r as { file?: unknown }).file === "string" || Array.isArray((r as { rules?: unknown }).rules)));
    if (!ok) add("$.rules", `expected "default", "none", {"file": "..."} or {"rules": [...]} but found ${describeValue(r)}`, r);
  }
  if (doc.supervisor !== undefined) {
    const s = doc.supervisor as Record<string, unknown>;
    if (!s || typeof s !== "object") add("$.supervisor", `expected an object but found ${describeValue(s)}`, s);
    else {
      if (s.kind !== undefined && !["auto", "heuristic", "openai", "none"].includes(s.kind as string)) add("$.supervisor.kind", `expected "auto", "heuristic", "openai" or "none" but found ${describeValue(s.kind)}`, s.kind);
      if (s.deadlineMs !== undefined && !(typeof s.deadlineMs === "number" && s.deadlineMs >= MIN_DEADLINE_MS && s.deadlineMs <= MAX_DEADLINE_MS))
        add("$.supervisor.deadlineMs", `expected a number of ms from ${MIN_DEADLINE_MS} to ${MAX_DEADLINE_MS} (24 h) but found ${describeValue(s.deadlineMs)}`, s.deadlineMs);
      if (s.minSeverity !== undefined && !["warning", "critical"].includes(s.minSeverity as string)) add("$.supervisor.minSeverity", `expected "warning" or "critical" but found ${describeValue(s.minSeverity)}`, s.minSeverity);
      for (const key of Object.keys(s)) if (!["kind", "model", "deadlineMs", "minSeverity"].includes(key)) add(`$.supervisor.${key}`, `unknown field ${describeValue(key)}`, s[key]);
    }
  }
  if (doc.record !== undefined) {
    const r = doc.record as Record<string, unknown>;
    if (!r || typeof r !== "object") add("$.record", `expected an object but found ${describeValue(r)}`, r);
    else if (r.every !== undefined && !(Number.isInteger(r.every) && (r.every as number) >= 1)) add("$.record.every", `expected an integer >= 1 but found ${describeValue(r.every)}`, r.every);
  }
  if (problems.length > 0) throw new ValidationError(api, problems, `scenario ${describeValue(doc.name ?? "(unnamed)")}`);
  return doc as unknown as Scenario;
}

function checkTopology(ref: unknown, add: (path: string, message: string, value?: unknown) => void): void {
  if (!ref || typeof ref !== "object" || Array.isArray(ref)) {
    add("$.topology", `expected {"dataset": "reference-bank"}, {"file": ...}, {"generate": {...}} or {"spec": {...}} but found ${describeValue(ref)}`, ref);
    return;
  }
  const keys = Object.keys(ref).filter((k) => k !== "edges" || !("file" in ref));
  const known = ["dataset", "file", "generate", "spec"];
  const edges = (ref as Record<string, unknown>).edges;
  if ("file" in ref && edges !== undefined && (typeof edges !== "string" || edges === "")) add("$.topology.edges", `expected the edges CSV file name but found ${describeValue(edges)}`, edges);
  if (keys.length !== 1 || !known.includes(keys[0])) {
    add("$.topology", `expected exactly one of ${known.join(", ")} but found ${describeValue(keys)}`, ref);
    return;
  }
  const r = ref as Record<string, unknown>;
  if ((keys[0] === "dataset" || keys[0] === "file") && (typeof r[keys[0]] !== "string" || r[keys[0]] === "")) add(`$.topology.${keys[0]}`, `expected a non-empty string but found ${describeValue(r[keys[0]])}`, r[keys[0]]);
  if ((keys[0] === "generate" || keys[0] === "spec") && (!r[keys[0]] || typeof r[keys[0]] !== "object")) add(`$.topology.${keys[0]}`, `expected an object but found ${describeValue(r[keys[0]])}`, r[keys[0]]);
}

function checkFault(f: unknown, p: string, add: (path: string, message: string, value?: unknown) => void, api: string): void {
  if (!f || typeof f !== "object") {
    add(p, `expected a fault object but found ${describeValue(f)}`, f);
    return;
  }
  const fault = f as Record<string, unknown>;
  if (!(FAULT_KINDS as readonly string[]).includes(fault.kind as string)) add(`${p}.kind`, `unknown fault kind ${describeValue(fault.kind)}; expected one of ${FAULT_KINDS.join(", ")}`, fault.kind);
  try {
    parseSimTime(fault.at as number | string, api, `${p}.at`);
  } catch {
    add(`${p}.at`, `expected a time such as 600, "10:00", "d2 10:00" or "90m" but found ${describeValue(fault.at)}`, fault.at);
  }
  try {
    parseDuration(fault.duration as number | string, api, `${p}.duration`);
  } catch {
    add(`${p}.duration`, `expected a duration such as "30m" or a number of seconds >= 0 but found ${describeValue(fault.duration)}`, fault.duration);
  }
  const t = fault.target;
  if (typeof t === "string") {
    if (t === "") add(`${p}.target`, "expected a node id but found an empty string", t);
  } else if (t && typeof t === "object" && !Array.isArray(t)) {
    const sel = t as Record<string, unknown>;
    for (const key of Object.keys(sel)) if (!SELECTOR_KEYS.has(key)) add(`${p}.target.${key}`, `unknown selector field ${describeValue(key)}; known: ${[...SELECTOR_KEYS].join(", ")}`, sel[key]);
    if (sel.id === undefined && sel.kind === undefined && sel.tag === undefined && sel.match === undefined && sel.tier === undefined)
      add(`${p}.target`, "a selector needs at least one of id, kind, tag, tier, match", t);
    if (sel.kind !== undefined && !NODE_KINDS.includes(sel.kind as string)) add(`${p}.target.kind`, `unknown node kind ${describeValue(sel.kind)}; expected one of ${NODE_KINDS.join(", ")}`, sel.kind);
    if (sel.pick !== undefined && !["first", "random", "all"].includes(sel.pick as string)) add(`${p}.target.pick`, `expected "first", "random" or "all" but found ${describeValue(sel.pick)}`, sel.pick);
    if (sel.count !== undefined && !(Number.isInteger(sel.count) && (sel.count as number) >= 1)) add(`${p}.target.count`, `expected an integer >= 1 but found ${describeValue(sel.count)}`, sel.count);
    if (sel.match !== undefined) {
      try {
        new RegExp(sel.match as string);
      } catch {
        add(`${p}.target.match`, `expected a regular expression but found ${describeValue(sel.match)}`, sel.match);
      }
    }
  } else add(`${p}.target`, `expected a node id or a selector object but found ${describeValue(t)}`, t);
  if (fault.params !== undefined && (!fault.params || typeof fault.params !== "object")) add(`${p}.params`, `expected an object but found ${describeValue(fault.params)}`, fault.params);
}

/** The folder of the bundled example scenarios. */
export function scenarioDatasetDir(): string {
  return datasetPath("scenarios");
}

/** Reads and checks a scenario from a JSON file path, a bundled name ("db-crash-payday"), or an object. */
export function loadScenario(source: string | object): Scenario {
  if (typeof source === "object") return parseScenario(source, "loadScenario");
  if (typeof source !== "string" || source === "") throw invalidArgument("loadScenario", "source", "a file path, a bundled scenario name or an object", source);
  const bundled = join(scenarioDatasetDir(), source.endsWith(".json") ? source : `${source}.json`);
  const path = existsSync(source) ? source : existsSync(bundled) ? bundled : undefined;
  if (!path) throw notFound("loadScenario", "scenario", source, `Give a path to a .json file or a bundled name from ${scenarioDatasetDir()}.`);
  let json: unknown;
  try {
    json = JSON.parse(stripBom(readFileSync(path, "utf8")));
  } catch (e) {
    throw invalidArgument("loadScenario", path, "valid JSON", (e as Error).message);
  }
  const scenario = parseScenario(json, `loadScenario(${JSON.stringify(source)})`);
  // Files the scenario names are relative to the scenario file, wherever it is run from.
  const topology = scenario.topology;
  if (topology && "file" in topology) {
    const base = dirname(resolve(path));
    const near = (f: string) => (existsSync(resolve(base, f)) ? resolve(base, f) : f);
    scenario.topology = { file: near(topology.file), ...(topology.edges ? { edges: near(topology.edges) } : {}) };
  }
  return scenario;
}
