// Benchmarks of the store: DuckDB and PostgreSQL write rates, bytes per value on disk, per-node daily peaks over a 10k-node day, peak RSS of `infratwin run` on 10k nodes.
import { datasetPath } from "../package-root";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MetricsStore } from "../metrics";
import { RandomStreams } from "../random";
import { runScenario } from "../scenarios";
import { openStore, type StudyStore } from "../store";
import { mayskipPostgres, postgresMissing, startPostgres } from "./postgres-server";
import { secondsSince, type Bench } from "./types";

const TARGETS = { duckdbWrite: 20e6, bytesPerValue: 2, queryMs: 1000, postgresWrite: 1e6, runRssMb: 4096 };

/** A day of `nodes` nodes at one-minute steps, one metric: a diurnal curve per node plus seeded noise. */
function syntheticDay(nodes: number, metric = "cpu"): MetricsStore {
  const rng = new RandomStreams(11).stream("bench-store");
  const ids = Array.from({ length: nodes }, (_, i) => `n${i}`);
  const store = new MetricsStore({ nodes: ids, metrics: [metric], stepSeconds: 60, expectedSteps: 1440 });
  const base = Float64Array.from(ids, () => 0.2 + 0.5 * rng.random());
  const column = new Float64Array(nodes);
  for (let s = 0; s < 1440; s++) {
    const diurnal = 0.5 - 0.5 * Math.cos((2 * Math.PI * s) / 1440);
    for (let i = 0; i < nodes; i++) column[i] = Math.min(1, base[i] * (0.4 + 0.6 * diurnal) + 0.03 * rng.random());
    store.append(s * 60, [column]);
  }
  return store;
}

async function timedWrite(store: StudyStore, metrics: MetricsStore, scenario: string): Promise<{ runId: number; seconds: number; values: number }> {
  const started = process.hrtime.bigint();
  const runId = await store.writeRun(metrics, { scenario });
  const seconds = secondsSince(started);
  return { runId, seconds, values: metrics.recordedSteps * metrics.nodeIds.length * metrics.metricNames.length };
}

async function peakQueryMs(store: StudyStore, runId: number): Promise<number> {
  const query = `SELECT node, max(value) AS peak FROM metrics WHERE run_id = $1 AND metric = 0 GROUP BY node`;
  await store.query(query, [runId]);
  const started = process.hrtime.bigint();
  const r = await store.query(query, [runId]);
  if (r.rows === 0) throw new Error("bench store: the daily-peak query returned no rows");
  return secondsSince(started) * 1000;
}

async function duckdbBench(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), "infratwin-bench-store-"));
  try {
    const result = await runScenario("db-crash-payday", { env: {} });
    const file = join(dir, "reference.duckdb");
    let store = await openStore(file);
    const empty = statSync(file).size;
    const ref = await timedWrite(store, result.metrics, "db-crash-payday");
    await store.backend.exec("CHECKPOINT");
    await store.close();
    const bytes = statSync(file).size - empty;
    const bytesPerValue = bytes / ref.values;
    const day = syntheticDay(10_000);
    store = await openStore(join(dir, "big.duckdb"));
    const big = await timedWrite(store, day, "synthetic 10k-node day");
    const queryMs = await peakQueryMs(store, big.runId);
    await store.close();
    const rate = ref.values / ref.seconds;
    const bigRate = big.values / big.seconds;
    return [
      {
        backend: "duckdb",
        case: "reference bank day (db-crash-payday, real twin values)",
        values: ref.values,
        write_values_per_s: Math.round(rate),
        bytes_per_value: Number(bytesPerValue.toFixed(3)),
        target: `write >= ${TARGETS.duckdbWrite / 1e6} M values/s, <= ${TARGETS.bytesPerValue} bytes/value`,
        meets: rate >= TARGETS.duckdbWrite && bytesPerValue <= TARGETS.bytesPerValue,
      },
      {
        backend: "duckdb",
        case: "10k-node day (synthetic cpu), per-node daily peak",
        values: big.values,
        write_values_per_s: Math.round(bigRate),
        query_ms: Number(queryMs.toFixed(1)),
        target: `write >= ${TARGETS.duckdbWrite / 1e6} M values/s, query <= ${TARGETS.queryMs} ms`,
        meets: bigRate >= TARGETS.duckdbWrite && queryMs <= TARGETS.queryMs,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresBench(): Promise<Record<string, unknown>> {
  const target = `write >= ${TARGETS.postgresWrite / 1e6} M values/s through COPY`;
  if (mayskipPostgres()) return { backend: "postgres", skipped: postgresMissing(), target, meets: false };
  const server = await startPostgres();
  try {
    const store = await openStore(server.url);
    const day = syntheticDay(2_000);
    const w = await timedWrite(store, day, "synthetic 2k-node day");
    const queryMs = await peakQueryMs(store, w.runId);
    await store.close();
    const rate = w.values / w.seconds;
    return { backend: "postgres", case: "2k-node day (synthetic cpu), binary COPY in one transaction", values: w.values, write_values_per_s: Math.round(rate), query_ms: Number(queryMs.toFixed(1)), target, meets: rate >= TARGETS.postgresWrite };
  } finally {
    await server.stop();
  }
}

/** `infratwin run` of the payday crash on a generated 10,000-node estate, in a child process; its peak RSS. */
function run10kBench(): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), "infratwin-bench-run10k-"));
  const main = join(__dirname, "..", "cli", "main.js");
  try {
    const topology = join(dir, "estate-10k.json");
    const gen = spawnSync(process.execPath, [main, "dataset", "topology", "--seed", "42", "--size", "10000", "--out", topology], { encoding: "utf8" });
    if (gen.status !== 0) throw new Error(`bench store-run-10k: generating the estate failed: ${gen.stderr}`);
    const scenario = JSON.parse(readFileSync(datasetPath("scenarios", "db-crash-payday.json"), "utf8"));
    delete scenario.$schema;
    scenario.topology = { file: topology };
    const scenarioFile = join(dir, "payday-10k.json");
    writeFileSync(scenarioFile, JSON.stringify(scenario));
    // The child reports its own peak RSS on exit: no external `time` needed.
    const probe = `process.on("exit",()=>process.stderr.write("\\nMAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"));process.argv=[process.argv[0],${JSON.stringify(main)},"run",${JSON.stringify(scenarioFile)},"--out",${JSON.stringify(join(dir, "out"))},"--quiet"];require(${JSON.stringify(main)});`;
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", env: { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" }, maxBuffer: 64 << 20 });
    const seconds = secondsSince(started);
    const rss = Number(/MAXRSS_KB (\d+)/.exec(child.stderr)?.[1] ?? NaN) / 1024;
    const outputs = ["result.json", "infratwin.duckdb", "report.html"].map((f) => {
      try {
        return statSync(join(dir, "out", f)).size;
      } catch {
        return 0;
      }
    });
    const complete = child.status === 0 && outputs.every((b) => b > 0);
    return {
      case: "infratwin run db-crash-payday on a 10,000-node estate (child process)",
      exit: child.status,
      seconds: Number(seconds.toFixed(1)),
      peak_rss_mb: Math.round(rss),
      outputs_mb: Number((outputs.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)),
      ...(complete ? {} : { stderr: child.stderr.slice(-400) }),
      target: `all outputs written, peak RSS < ${TARGETS.runRssMb} MB`,
      meets: complete && rss < TARGETS.runRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The store's benchmarks: `npm run bench -- store` (a minute or two) and `npm run bench -- store-run-10k` (several minutes). */
export const benches: Bench[] = [
  { name: "store", run: async () => [...(await duckdbBench()), await postgresBench()] },
  { name: "store-run-10k", run: () => run10kBench() },
];
