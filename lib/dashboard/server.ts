// The live dashboard server: fastify on a loopback port, a clock that advances the runs, server-sent events to the page, JSON endpoints.
import type { ServerResponse } from "node:http";
import Fastify, { type FastifyInstance } from "fastify";
import { invalidArgument, TwinError } from "../errors";
import type { InfraGraph } from "../graph";
import { drawnTopology, layeredLayout } from "../plots";
import { loadScenario, parseScenario, type Scenario } from "../scenarios";
import { INTERVENTION_KINDS, type Intervention } from "../twin";
import { LiveRun } from "./live-run";
import { dashboardPage } from "./page";
import { checkPanel, loadPanels, savePanels, type Panel } from "./panels";
import { aggregateSeries, selectionValues, selectNodes, SELECTION_BYS, type Selection } from "./selection";

const DEFAULTS = {
  host: "127.0.0.1",
  /** Wall milliseconds between clock ticks (and page updates). */
  tickMs: 250,
  /** Simulated seconds per wall second at start. */
  speed: 60,
  speeds: [1, 10, 60, 300, 600, 3600],
  /** Steps one tick may compute per run, so a huge estate at ×3600 slows down instead of freezing the server. */
  maxStepsPerTick: 240,
};

/** Options of `startDashboard`. */
export interface DashboardOptions {
  /** The scenario: a parsed one, a file path or a bundled name. */
  scenario: Scenario | string | object;
  /** Run on this graph instead of the scenario's topology. */
  graph?: InfraGraph;
  /** Port on 127.0.0.1 (0, the default, picks a free one). */
  port?: number;
  /** Folder whose dashboard.json keeps custom panels (the current folder by default). */
  studyDir?: string;
  /** Ask the supervisor about critical incidents (true by default; offline heuristic unless an LLM is configured). */
  supervisor?: boolean;
  /** Simulated seconds per wall second at start (60). */
  speed?: number;
}

/** A running dashboard. */
export interface Dashboard {
  url: string;
  app: FastifyInstance;
  /** The baseline run, then forks. */
  runs: LiveRun[];
  close(): Promise<void>;
}

/**
 * Serves the live dashboard of a scenario on a loopback port; the runs start paused.
 * `const d = await startDashboard({ scenario: "db-crash-payday" }); console.log(d.url)`
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const api = "startDashboard";
  const scenario = typeof options.scenario === "string" ? loadScenario(options.scenario) : parseScenario(options.scenario, api);
  const studyDir = options.studyDir ?? process.cwd();
  const supervisor = options.supervisor !== false;
  const runs: LiveRun[] = [new LiveRun(scenario, { graph: options.graph, label: "baseline", supervisor })];
  const base = runs[0];
  let speed = options.speed ?? DEFAULTS.speed;
  if (!(speed > 0)) throw invalidArgument(api, "options.speed", "a number > 0", speed);
  let playing = false;
  let target = base.time;
  let panels: Panel[] = loadPanels(studyDir);
  const clients = new Set<ServerResponse>();

  // Layout once: the page draws positions, the server only sends statuses.
  const drawn = drawnTopology(base.graph);
  const positions = layeredLayout(drawn, { maxPerRow: Math.max(12, Math.ceil(Math.sqrt(drawn.nodes.length) * 1.5)) });
  const ids = base.twin.topology.ids;
  const index = new Map(ids.map((id, i) => [id, i]));
  const topology = {
    ids,
    kinds: ids.map((id) => String(base.graph.getNodeAttribute(id, "kind"))),
    x: ids.map((id) => positions.get(id)?.x ?? 0),
    y: ids.map((id) => positions.get(id)?.y ?? 0),
    // Beyond 20,000 edges the page draws nodes only.
    edges: drawn.edges.length <= 20_000 ? drawn.edges.map((e) => [index.get(e.source) ?? -1, index.get(e.target) ?? -1]) : [],
    values: selectionValues(base.graph),
    metrics: [...base.twin.metrics.metricNames],
    interventions: INTERVENTION_KINDS,
    speeds: DEFAULTS.speeds,
    horizon: base.twin.horizon,
    scenario: scenario.name,
    epochMs: base.twin.metrics.epochMs,
  };

  const sent = new Map<LiveRun, { timeline: number; cards: string }>();
  const snapshot = () => ({
    playing,
    speed,
    time: base.time,
    horizon: base.twin.horizon,
    runs: runs.map((run) => {
      const status = run.twin.state.status;
      let codes = "";
      const counts = { up: 0, degraded: 0, down: 0 };
      for (let i = 0; i < status.length; i++) {
        const s = status[i] >= 2 ? 2 : status[i] >= 1 ? 1 : 0;
        codes += s;
        if (s === 2) counts.down++;
        else if (s === 1) counts.degraded++;
        else counts.up++;
      }
      const last = sent.get(run) ?? { timeline: 0, cards: "" };
      const timeline = run.timeline.slice(last.timeline);
      const cards = run.cards();
      const cardsKey = cards.map((c) => `${c.id}:${c.status}`).join(",");
      sent.set(run, { timeline: run.timeline.length, cards: cardsKey });
      return { label: run.label, time: run.time, done: run.done, status: codes, counts, timeline, cards: cardsKey === last.cards ? undefined : cards };
    }),
  });
  const broadcast = () => {
    if (clients.size === 0) return;
    const data = `event: tick\ndata: ${JSON.stringify(snapshot())}\n\n`;
    for (const c of clients) c.write(data);
  };

  const advance = () => {
    for (const run of runs) {
      let budget = DEFAULTS.maxStepsPerTick;
      while (budget-- > 0 && !run.done && run.time + run.twin.stepSeconds <= target + 1e-9) run.step();
    }
    // A slow estate holds the clock back rather than letting it run away from the runs.
    if (target > base.time + base.twin.stepSeconds * DEFAULTS.maxStepsPerTick) target = base.time;
    if (base.done) playing = false;
  };
  const clock = setInterval(() => {
    if (playing) {
      target = Math.min(base.twin.horizon, target + (speed * DEFAULTS.tickMs) / 1000);
      advance();
    }
    broadcast();
  }, DEFAULTS.tickMs);
  clock.unref();

  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _req, reply) => {
    const status = error instanceof TwinError ? 400 : (error as { statusCode?: number }).statusCode ?? 500;
    void reply.status(status).send({ error: error instanceof Error ? error.message : String(error) });
  });
  app.get("/", async (_req, reply) => reply.type("text/html; charset=utf-8").send(dashboardPage()));
  app.get("/favicon.ico", async (_req, reply) => reply.status(204).send());
  app.get("/api/topology", async () => topology);
  app.get("/api/state", async () => snapshot());
  app.get("/api/events", (req, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    raw.write(`event: tick\ndata: ${JSON.stringify({ ...snapshot(), full: true })}\n\n`);
    clients.add(raw);
    req.raw.on("close", () => clients.delete(raw));
  });
  app.post("/api/control", async (req) => {
    const body = (req.body ?? {}) as { action?: string; speed?: number };
    if (body.speed !== undefined) {
      if (!(typeof body.speed === "number" && body.speed > 0 && body.speed <= 86_400)) throw invalidArgument("POST /api/control", "speed", "a number of simulated seconds per second in (0, 86400]", body.speed);
      speed = body.speed;
    }
    if (body.action === "play") playing = !base.done;
    else if (body.action === "pause") playing = false;
    else if (body.action === "step") {
      playing = false;
      for (const run of runs) run.step();
      target = base.time;
    } else if (body.action !== undefined) throw invalidArgument("POST /api/control", "action", '"play", "pause" or "step"', body.action);
    broadcast();
    return { playing, speed, time: base.time };
  });
  app.post("/api/fork", async (req) => {
    const body = (req.body ?? {}) as Partial<Intervention> & { kind?: string };
    if (!INTERVENTION_KINDS.includes(body.kind as Intervention["kind"])) throw invalidArgument("POST /api/fork", "kind", INTERVENTION_KINDS.join(", "), body.kind);
    // One fork at a time beside the baseline: a new fork replaces the old one.
    const fork = base.fork(body as Intervention, { supervisor });
    runs.splice(1, runs.length - 1, fork);
    sent.delete(fork);
    broadcast();
    return { label: fork.label, time: fork.time };
  });
  app.get("/api/series", async (req) => {
    const q = req.query as { run?: string; metric?: string; by?: string; value?: string };
    const run = runs[Number(q.run ?? 0)];
    if (!run) throw invalidArgument("GET /api/series", "run", `0..${runs.length - 1}`, q.run);
    const selection = { by: (q.by ?? "all") as Selection["by"], value: q.value };
    if (!SELECTION_BYS.includes(selection.by)) throw invalidArgument("GET /api/series", "by", SELECTION_BYS.join(", "), q.by);
    return aggregateSeries(run.twin.metrics, q.metric ?? "latency_ms", selectNodes(run.graph, selection), { maxPoints: 400 });
  });
  app.get("/api/panels", async () => ({ panels }));
  app.post("/api/panels", async (req) => {
    const panel = checkPanel(req.body, "POST /api/panels");
    if (!topology.metrics.includes(panel.metric)) throw invalidArgument("POST /api/panels", "metric", topology.metrics.join(", "), panel.metric);
    panels = [...panels.filter((p) => p.id !== panel.id), panel];
    savePanels(studyDir, panels);
    return { panels };
  });
  app.delete("/api/panels/:id", async (req) => {
    const { id } = req.params as { id: string };
    panels = panels.filter((p) => p.id !== id);
    savePanels(studyDir, panels);
    return { panels };
  });

  const address = await app.listen({ host: DEFAULTS.host, port: options.port ?? 0 });
  return {
    url: address.replace("0.0.0.0", DEFAULTS.host) + "/",
    app,
    runs,
    async close() {
      clearInterval(clock);
      for (const c of clients) c.end();
      clients.clear();
      await app.close();
    },
  };
}
