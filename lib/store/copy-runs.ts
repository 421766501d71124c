// Copies runs between two stores of any kind (DuckDB ⇄ PostgreSQL), streaming metrics in bounded windows.
import type { MetricBlock } from "./backend";
import type { StudyStore } from "./store";

/** Nodes per window when reading a run's metrics back: bounded memory whatever the run's size. */
const NODES_PER_WINDOW = 256;

/** Copies `runIds` (all runs by default) from `source` into `target`, each in one transaction; returns the new ids, in order. */
export async function copyRuns(source: StudyStore, target: StudyStore, options: { runIds?: readonly number[] } = {}): Promise<number[]> {
  const ids = options.runIds ?? (await source.runs()).map((r) => r.runId).reverse();
  const out: number[] = [];
  for (const id of ids) {
    const run = await source.run(id);
    const docs = await source.query("SELECT scenario_doc FROM runs WHERE run_id = $1", [id]);
    const scenarioDoc = (docs.columns.scenario_doc as (string | null)[])[0];
    const nodes = await source.query("SELECT node_id, kind FROM run_nodes WHERE run_id = $1 ORDER BY node", [id]);
    const metrics = await source.query("SELECT name FROM run_metrics WHERE run_id = $1 ORDER BY metric", [id]);
    const times = await source.query("SELECT time FROM run_steps WHERE run_id = $1 ORDER BY step", [id]);
    const nodeCount = nodes.rows;
    const writer = await target.beginRun(
      { scenario: run.scenario, kind: run.kind, seed: run.seed ?? undefined, version: run.version ?? undefined, wallSeconds: run.wallSeconds ?? undefined, summary: run.summary ?? undefined, scenarioDoc: scenarioDoc === null ? undefined : JSON.parse(scenarioDoc), key: run.key ?? undefined, labels: run.labels ?? undefined, createdAt: run.createdAt },
      { nodes: nodes.columns.node_id as string[], kinds: (nodes.columns.kind as (string | null)[]).map((k) => k ?? "unknown"), metrics: metrics.columns.name as string[], stepSeconds: run.stepSeconds, startTime: run.startTime, every: run.every, epochMs: run.epochMs ?? undefined, precision: run.precision },
    );
    try {
      for (let m = 0; m < metrics.rows; m++) {
        for (let first = 0; first < nodeCount; first += NODES_PER_WINDOW) {
          const r = await source.query("SELECT node, step, value FROM metrics WHERE run_id = $1 AND metric = $2 AND node >= $3 AND node < $4 ORDER BY node, step", [id, m, first, first + NODES_PER_WINDOW]);
          if (r.rows === 0) continue;
          const block: MetricBlock = {
            rows: r.rows,
            metric: new Int16Array(r.rows).fill(m),
            node: Int32Array.from(r.columns.node as Float64Array),
            step: Int32Array.from(r.columns.step as Float64Array),
            value: Float32Array.from(r.columns.value as Float64Array),
          };
          await writer.appendBlock(block);
        }
      }
      writer.addSteps(Array.from(times.columns.time as Float64Array));
      out.push(await writer.finish(await source.records(id)));
    } catch (error) {
      await writer.abort().catch(() => undefined);
      throw error;
    }
  }
  return out;
}
