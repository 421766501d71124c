// The model registry: versioned risk models with what they were trained on, their held-out figures and when they were made; one promoted version per name.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument, notFound } from "../errors";
import type { RiskDatasetDescription } from "./dataset";
import type { RiskEvaluation } from "./evaluate";
import { RELATIONS, type SageModel } from "./sage";

/** One registered model version. */
export interface ModelEntry {
  kind: "model_entry";
  name: string;
  version: number;
  createdAt: string;
  /** What it was trained on (enough to rebuild the data). */
  data: RiskDatasetDescription | Record<string, unknown>;
  /** Figures on held-out data (test split) and on validation. */
  metrics: { test?: RiskEvaluation; validation?: RiskEvaluation; [other: string]: unknown };
  /** Alert threshold chosen on validation data. */
  threshold: number;
  /** Why it was registered ("trained", "retrained after drift"). */
  note?: string;
  model: SageModel;
}

/** A stored model's JSON form: typed arrays as plain arrays. */
type StoredModel = Omit<SageModel, "mean" | "scale" | "weights"> & { mean: number[]; scale: number[]; weights: Record<string, number[] | number[][]> };

/** Where registered models live (a folder with `fileModelRegistry`; asynchronous so that a database-backed registry fits the same seam). */
export interface ModelRegistry {
  /** Registers a new version of `name` (numbered from 1) and returns it. Not promoted. */
  register(entry: Omit<ModelEntry, "kind" | "version" | "createdAt"> & { createdAt?: string }): Promise<ModelEntry>;
  /** Every version of a name (or of every name), oldest first, without weights loaded twice. */
  list(name?: string): Promise<ModelEntry[]>;
  /** One version, or the promoted one when `version` is omitted. */
  load(name: string, version?: number): Promise<ModelEntry>;
  /** Makes a version the one `load(name)` returns. */
  promote(name: string, version: number): Promise<void>;
  /** The promoted version number of a name, if any. */
  promoted(name: string): Promise<number | undefined>;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function modelToJSON(model: SageModel): StoredModel {
  const w = model.weights;
  return {
    kind: model.kind,
    featureNames: model.featureNames,
    hidden: model.hidden,
    mean: Array.from(model.mean),
    scale: Array.from(model.scale),
    weights: {
      self1: Array.from(w.self1),
      rel1: w.rel1.map((a) => Array.from(a)),
      bias1: Array.from(w.bias1),
      self2: Array.from(w.self2),
      rel2: w.rel2.map((a) => Array.from(a)),
      bias2: Array.from(w.bias2),
      head: Array.from(w.head),
      head1: Array.from(w.head1),
      head0: Array.from(w.head0),
      headBias: Array.from(w.headBias),
    },
  };
}

/** Rebuilds a model from its JSON form, checking every array's shape. */
export function modelFromJSON(json: unknown): SageModel {
  const api = "modelFromJSON";
  const m = json as StoredModel;
  if (!m || m.kind !== "relational_sage" || !Array.isArray(m.featureNames) || !Number.isInteger(m.hidden) || m.hidden < 1) throw invalidArgument(api, "model", "a relational_sage model (kind, featureNames, hidden)", json);
  const f = m.featureNames.length;
  const h = m.hidden;
  const arr = (value: unknown, length: number, field: string) => {
    if (!Array.isArray(value) || value.length !== length || !value.every((v) => typeof v === "number" && Number.isFinite(v))) throw invalidArgument(api, `model.${field}`, `${length} finite numbers`, Array.isArray(value) ? `${value.length} values` : value);
    return Float64Array.from(value as number[]);
  };
  const list = (value: unknown, length: number, field: string) => {
    if (!Array.isArray(value) || value.length !== RELATIONS.length) throw invalidArgument(api, `model.${field}`, `${RELATIONS.length} matrices (one per relation)`, value);
    return value.map((a, i) => arr(a, length, `${field}[${i}]`));
  };
  const w = m.weights ?? {};
  return {
    kind: "relational_sage",
    featureNames: m.featureNames.map(String),
    hidden: h,
    mean: arr(m.mean, f, "mean"),
    scale: arr(m.scale, f, "scale"),
    weights: {
      self1: arr(w.self1, f * h, "weights.self1"),
      rel1: list(w.rel1, f * h, "weights.rel1"),
      bias1: arr(w.bias1, h, "weights.bias1"),
      self2: arr(w.self2, h * h, "weights.self2"),
      rel2: list(w.rel2, h * h, "weights.rel2"),
      bias2: arr(w.bias2, h, "weights.bias2"),
      head: arr(w.head, h, "weights.head"),
      head1: arr(w.head1, h, "weights.head1"),
      head0: arr(w.head0, f, "weights.head0"),
      headBias: arr(w.headBias, 1, "weights.headBias"),
    },
  };
}

/**
 * A registry in a folder: `<dir>/<name>/v<version>.json` per version and `<dir>/<name>/promoted.json`.
 * Writes go to a temporary file renamed into place, so a crash never leaves half a model.
 *
 * @example const registry = fileModelRegistry("models"); registry.promote("risk", registry.register({...}).version)
 */
export function fileModelRegistry(dir: string): ModelRegistry {
  const api = "fileModelRegistry";
  const folder = (name: string) => {
    if (typeof name !== "string" || !NAME.test(name)) throw invalidArgument(api, "name", "a model name of letters, digits, '.', '_' or '-' (at most 64)", name);
    return join(dir, name);
  };
  const atomicWrite = (path: string, value: unknown) => {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, path);
  };
  const read = (path: string, name: string, version: number): ModelEntry => {
    const raw = JSON.parse(readFileSync(path, "utf8"));
    return { ...raw, kind: "model_entry", name, version, model: modelFromJSON(raw.model) };
  };
  const versions = (name: string) =>
    existsSync(folder(name))
      ? readdirSync(folder(name))
          .map((f) => /^v(\d+)\.json$/.exec(f))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => Number(m[1]))
          .sort((a, b) => a - b)
      : [];
  const sync = {
    register(entry: Omit<ModelEntry, "kind" | "version" | "createdAt"> & { createdAt?: string }): ModelEntry {
      const dirOf = folder(entry.name);
      mkdirSync(dirOf, { recursive: true });
      const version = (versions(entry.name).at(-1) ?? 0) + 1;
      const full: ModelEntry = { ...entry, kind: "model_entry", version, createdAt: entry.createdAt ?? new Date().toISOString() };
      atomicWrite(join(dirOf, `v${version}.json`), { ...full, model: modelToJSON(full.model) });
      return full;
    },
    list(name?: string): ModelEntry[] {
      const names = name !== undefined ? [name] : existsSync(dir) ? readdirSync(dir).filter((n) => NAME.test(n)).sort() : [];
      return names.flatMap((n) => versions(n).map((v) => read(join(folder(n), `v${v}.json`), n, v)));
    },
    load(name: string, version?: number): ModelEntry {
      const v = version ?? sync.promoted(name);
      const known = versions(name);
      if (v === undefined) throw notFound(`${api}.load`, `promoted version of model "${name}"`, name, known.length ? `versions: ${known.join(", ")}; promote one first` : "no version registered");
      if (!known.includes(v)) throw notFound(`${api}.load`, `version of model "${name}"`, v, known.length ? `versions: ${known.join(", ")}` : "no version registered");
      return read(join(folder(name), `v${v}.json`), name, v);
    },
    promote(name: string, version: number): void {
      if (!versions(name).includes(version)) throw notFound(`${api}.promote`, `version of model "${name}"`, version, `versions: ${versions(name).join(", ") || "none"}`);
      atomicWrite(join(folder(name), "promoted.json"), { version, promotedAt: new Date().toISOString() });
    },
    promoted(name: string): number | undefined {
      const path = join(folder(name), "promoted.json");
      if (!existsSync(path)) return undefined;
      const v = JSON.parse(readFileSync(path, "utf8")).version;
      return Number.isInteger(v) ? v : undefined;
    },
  };
  // Asynchronous faces over synchronous file operations: errors become rejections, as a database's would.
  return {
    register: async (entry) => sync.register(entry),
    list: async (name) => sync.list(name),
    load: async (name, version) => sync.load(name, version),
    promote: async (name, version) => sync.promote(name, version),
    promoted: async (name) => sync.promoted(name),
  };
}
