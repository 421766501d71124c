// The model registry in a study store (DuckDB or PostgreSQL): the same seam as the folder registry, so a team shares models where it shares runs.
import { invalidArgument, notFound } from "../errors";
import type { StudyStore } from "../store";
import { modelFromJSON, modelToJSON, type ModelEntry, type ModelRegistry } from "./registry";

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * A registry in the store's `models` and `model_promotions` tables (schema version 3). A version is inserted in one
 * statement, so it is there whole or not at all; two writers registering the same name at once get distinct versions
 * or a primary-key error, never a merged row.
 *
 * @example const registry = storeModelRegistry(await openStore("study/infratwin.duckdb"))
 */
export function storeModelRegistry(store: StudyStore): ModelRegistry {
  const api = "storeModelRegistry";
  const checkName = (name: string) => {
    if (typeof name !== "string" || !NAME.test(name)) throw invalidArgument(api, "name", "a model name of letters, digits, '.', '_' or '-' (at most 64)", name);
  };
  const versions = async (name: string): Promise<number[]> => {
    const r = await store.query("SELECT version FROM models WHERE name = $1 ORDER BY version", [name]);
    return Array.from(r.columns.version as Float64Array);
  };
  const read = (name: string, version: number, text: string | null): ModelEntry => {
    const raw = JSON.parse(text ?? "{}");
    return { ...raw, kind: "model_entry", name, version, model: modelFromJSON(raw.model) };
  };
  const registry: ModelRegistry = {
    async register(entry) {
      checkName(entry.name);
      const version = ((await versions(entry.name)).at(-1) ?? 0) + 1;
      const full: ModelEntry = { ...entry, kind: "model_entry", version, createdAt: entry.createdAt ?? new Date().toISOString() };
      await store.query("INSERT INTO models (name, version, created_at, note, entry) VALUES ($1, $2, $3, $4, $5)", [full.name, version, full.createdAt, full.note ?? null, JSON.stringify({ ...full, model: modelToJSON(full.model) })]);
      return full;
    },
    async list(name) {
      if (name !== undefined) checkName(name);
      const r = name === undefined ? await store.query("SELECT name, version, entry FROM models ORDER BY name, version") : await store.query("SELECT name, version, entry FROM models WHERE name = $1 ORDER BY version", [name]);
      const names = r.columns.name as (string | null)[];
      const vs = r.columns.version as Float64Array;
      const entries = r.columns.entry as (string | null)[];
      return names.map((n, i) => read(String(n), vs[i], entries[i]));
    },
    async load(name, version) {
      checkName(name);
      const v = version ?? (await registry.promoted(name));
      const known = await versions(name);
      if (v === undefined) throw notFound(`${api}.load`, `promoted version of model "${name}"`, name, known.length ? `versions: ${known.join(", ")}; promote one first` : "no version registered");
      if (!known.includes(v)) throw notFound(`${api}.load`, `version of model "${name}"`, v, known.length ? `versions: ${known.join(", ")}` : "no version registered");
      const r = await store.query("SELECT entry FROM models WHERE name = $1 AND version = $2", [name, v]);
      return read(name, v, (r.columns.entry as (string | null)[])[0]);
    },
    async promote(name, version) {
      checkName(name);
      const known = await versions(name);
      if (!known.includes(version)) throw notFound(`${api}.promote`, `version of model "${name}"`, version, `versions: ${known.join(", ") || "none"}`);
      await store.query(
        "INSERT INTO model_promotions (name, version, promoted_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET version = excluded.version, promoted_at = excluded.promoted_at",
        [name, version, new Date().toISOString()],
      );
    },
    async promoted(name) {
      checkName(name);
      const r = await store.query("SELECT version FROM model_promotions WHERE name = $1", [name]);
      return r.rows > 0 ? (r.columns.version as Float64Array)[0] : undefined;
    },
  };
  return registry;
}
