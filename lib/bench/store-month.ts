// Opt-in benchmark: a month of a 10,000-node estate (about 0.9 billion values) written to a DuckDB store day by day, then per-node daily peaks over all of it.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MetricsStore } from "../metrics";
import { RandomStreams } from "../random";
import { openStore, layoutOf } from "../store";
import { peakRssMb, secondsSince, type Bench } from "./types";

/** Opt in with INFRATWIN_BENCH_MONTH=1: on an idle 2-core machine it takes several minutes and a few GB of disk. */
const ENABLED = process.env.INFRATWIN_BENCH_MONTH === "1";
const NODES = Number(process.env.INFRATWIN_BENCH_MONTH_NODES ?? 10_000);
const DAYS = Number(process.env.INFRATWIN_BENCH_MONTH_DAYS ?? 30);
const METRICS = ["cpu", "latency_ms"];
const STEPS_PER_DAY = 1440;
const TARGETS = { queryMs: 60_000 };

/** One day of every node, both metrics: a diurnal curve per node plus seeded noise (the store bench's day, two metrics). */
function fillDay(store: MetricsStore, day: number, base: Float64Array, rng: { random(): number }): void {
  const columns = METRICS.map(() => new Float64Array(NODES));
  for (let s = 0; s < STEPS_PER_DAY; s++) {
    const diurnal = 0.5 - 0.5 * Math.cos((2 * Math.PI * s) / STEPS_PER_DAY);
    for (let i = 0; i < NODES; i++) {
      const cpu = Math.min(1, base[i] * (0.4 + 0.6 * diurnal) + 0.03 * rng.random());
      columns[0][i] = cpu;
      columns[1][i] = 20 + 200 * cpu * cpu + 5 * rng.random();
    }
    store.append((day * STEPS_PER_DAY + s) * 60, columns);
  }
}

async function monthBench(): Promise<Record<string, unknown>[]> {
  if (!ENABLED) {
    console.error("bench store-month: skipped; set INFRATWIN_BENCH_MONTH=1 to run it (several minutes, a few GB in the temp folder).");
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), "infratwin-bench-month-"));
  try {
    const rng = new RandomStreams(17).stream("bench-store-month");
    const ids = Array.from({ length: NODES }, (_, i) => `n${i}`);
    const base = Float64Array.from(ids, () => 0.2 + 0.5 * rng.random());
    const file = join(dir, "month.duckdb");
    const store = await openStore(file);
    let writeSeconds = 0;
    let values = 0;
    try {
      // One run streamed a day at a time: the process never holds more than one day of the estate.
      const dayStore = (d: number) => new MetricsStore({ nodes: ids, metrics: METRICS, stepSeconds: 60, expectedSteps: STEPS_PER_DAY, startTime: d * STEPS_PER_DAY * 60 });
      const writer = await store.beginRun({ scenario: `synthetic ${NODES}-node month` }, layoutOf(dayStore(0)));
      for (let d = 0; d < DAYS; d++) {
        const window = dayStore(d);
        fillDay(window, d, base, rng);
        const started = process.hrtime.bigint();
        await writer.append(window);
        writeSeconds += secondsSince(started);
        values += window.recordedSteps * NODES * METRICS.length;
      }
      const started = process.hrtime.bigint();
      const runId = await writer.finish();
      writeSeconds += secondsSince(started);
      await store.backend.exec("CHECKPOINT");
      const bytes = statSync(file).size;
      const queryStart = process.hrtime.bigint();
      const peaks = await store.query(`SELECT node, step // ${STEPS_PER_DAY} AS day, max(value) AS peak FROM metrics WHERE run_id = $1 AND metric = 0 GROUP BY node, day`, [runId]);
      const queryMs = secondsSince(queryStart) * 1000;
      if (peaks.rows !== NODES * DAYS) throw new Error(`bench store-month: expected ${NODES * DAYS} daily peaks, got ${peaks.rows}`);
      return [
        {
          backend: "duckdb",
          case: `${NODES}-node estate, ${DAYS} days at one-minute steps, ${METRICS.length} metrics; per-node daily cpu peaks over the month`,
          values,
          write_values_per_s: Math.round(values / writeSeconds),
          bytes_per_value: Number((bytes / values).toFixed(3)),
          store_gb: Number((bytes / 1e9).toFixed(2)),
          query_ms: Number(queryMs.toFixed(0)),
          peak_rss_mb: peakRssMb(),
          target: `stored and queried on this machine; daily peaks in <= ${TARGETS.queryMs / 1000} s`,
          meets: queryMs <= TARGETS.queryMs,
        },
      ];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `INFRATWIN_BENCH_MONTH=1 npm run bench -- store-month`; prints nothing (a note on stderr) without the variable. */
export const benches: Bench[] = [{ name: "store-month", run: monthBench }];
