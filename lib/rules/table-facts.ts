// An in-memory FactSource built from plain rows, for tests, notebooks and small imported snapshots.
import { invalidArgument, notFound } from "../errors";
import { parseRuleDuration } from "./duration";
import { FACT_WINDOW_STATS, factKey, factSpec, type FactAccessor, type FactSource, type FactSpec, type FactValue, type WindowParams, type FactWindowStat } from "./facts";

/** One node: id, static attributes, then fact values by key (`cpu`, or `cpu[5m:avg]` for a windowed value). */
export interface NodeRow {
  id: string;
  kind?: string;
  tier?: number;
  tags?: readonly string[];
  [fact: string]: FactValue;
}

/** A FactSource over rows whose values can be changed between evaluations. */
export interface TableFacts extends FactSource {
  /** Sets one fact of one node (`fact` may be a windowed key such as `cpu[5m:avg]`). */
  set(node: string, fact: string, value: FactValue): void;
  /** Sets many facts: `{ "db-1": { status: "down" } }`. */
  update(values: Readonly<Record<string, Readonly<Record<string, FactValue>>>>): void;
}

const STATIC_KEYS = new Set(["id", "kind", "tier", "tags"]);
const WINDOWED_KEY = /^([A-Za-z_][A-Za-z0-9_]*)\[([^:\]]+):([A-Za-z0-9]+)\]$/;

/** Normalises `cpu[300s:avg]` to `cpu[5m:avg]`; returns undefined for a malformed windowed key. */
function canonicalKey(key: string): string | undefined {
  const match = WINDOWED_KEY.exec(key);
  if (match === null) return key.includes("[") ? undefined : key;
  const window = parseRuleDuration(match[2]);
  if (window === undefined || window <= 0 || !(FACT_WINDOW_STATS as readonly string[]).includes(match[3])) return undefined;
  return factKey(match[1], { window, stat: match[3] as FactWindowStat });
}

/**
 * `tableFacts([{id: "db-1", kind: "database", tier: 1, status: "up", cpu: 0.4}, ...])`: every key besides
 * id/kind/tier/tags becomes a fact column. Catalogue facts without a column read as undefined; `name`,
 * `kind`, `tier` and `tags` come from the static fields. `facts` declares extra facts it may serve.
 */
export function tableFacts(rows: readonly NodeRow[], options: { facts?: readonly FactSpec[] } = {}): TableFacts {
  const api = "tableFacts";
  if (!Array.isArray(rows)) throw invalidArgument(api, "rows", "an array of {id, kind, ...facts} objects", rows);
  const ids: string[] = [];
  const index = new Map<string, number>();
  const columns = new Map<string, FactValue[]>();
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || typeof row.id !== "string" || row.id === "") throw invalidArgument(api, `rows[${i}].id`, "a non-empty string", row?.id);
    if (index.has(row.id)) throw invalidArgument(api, `rows[${i}].id`, "unique", row.id);
    if (row.tier !== undefined && typeof row.tier !== "number") throw invalidArgument(api, `rows[${i}].tier`, "a number", row.tier);
    if (row.tags !== undefined && !Array.isArray(row.tags)) throw invalidArgument(api, `rows[${i}].tags`, "a list of strings", row.tags);
    index.set(row.id, i);
    ids.push(row.id);
  });
  const kinds = rows.map((r) => r.kind ?? "unknown");
  const tiers = rows.map((r) => r.tier);
  const tags = rows.map((r) => r.tags ?? []);
  const column = (key: string): FactValue[] => {
    let col = columns.get(key);
    if (col === undefined) {
      col = new Array<FactValue>(ids.length).fill(undefined);
      columns.set(key, col);
    }
    return col;
  };
  const set = (node: string, fact: string, value: FactValue) => {
    const i = index.get(node);
    if (i === undefined) throw notFound(`${api}.set`, "node", node);
    const key = canonicalKey(fact);
    if (key === undefined) throw invalidArgument(`${api}.set`, "fact", 'a fact name or a windowed key like "cpu[5m:avg]"', fact);
    column(key)[i] = value;
  };
  rows.forEach((row) => {
    for (const [key, value] of Object.entries(row)) if (!STATIC_KEYS.has(key)) set(row.id, key, value as FactValue);
  });
  return {
    nodeCount: ids.length,
    nodeId: (i) => ids[i],
    kind: (i) => kinds[i],
    tier: (i) => tiers[i],
    tags: (i) => tags[i],
    accessor(fact: string, params?: WindowParams): FactAccessor | undefined {
      if (params === undefined) {
        if (fact === "name") return (i) => ids[i];
        if (fact === "kind") return (i) => kinds[i];
        if (fact === "tier") return (i) => tiers[i];
        if (fact === "tags") return (i) => tags[i];
      }
      const key = factKey(fact, params);
      const col = columns.get(key);
      if (col !== undefined) return (i) => col[i];
      if (factSpec(fact, options.facts) === undefined) return undefined;
      return (i) => columns.get(key)?.[i]; // a column set later is still seen
    },
    set,
    update(values) {
      for (const [node, facts] of Object.entries(values)) for (const [fact, value] of Object.entries(facts)) set(node, fact, value);
    },
  };
}
