// A small "reality" for live-sync tests: an HTTP server on loopback serving Prometheus text whose values follow a fixture, with faults planted at known times.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault planted in reality: from `from` to `to` seconds after the start, the node's metric is multiplied and shifted. */
export interface PlantedFault {
  node: string;
  metric: string;
  from: number;
  to: number;
  multiply?: number;
  add?: number;
}

/** What reality shows: nodes (with their kind label), and each metric's healthy value at a time. */
export interface RealityFixture {
  nodes: readonly { id: string; kind: string }[];
  metrics: readonly string[];
  /** The healthy value of `metric` on `node`, `seconds` after the start (undefined: the node has no such series). */
  value(node: string, metric: string, seconds: number): number | undefined;
  faults: readonly PlantedFault[];
}

/** A running reality exporter. */
export interface RealityExporter {
  /** `127.0.0.1:PORT`, a scrape target. */
  target: string;
  port: number;
  /** Wall-clock ms of the start (time 0 of the fixture). */
  readonly startedAt: number;
  /** Moves time 0 of the fixture to `atMs` (e.g. once Prometheus scrapes, so planted faults fall where the test reads). */
  restartClock(atMs: number): void;
  /** The value served now (or at `atMs`), faults applied. */
  valueAt(node: string, metric: string, atMs?: number): number | undefined;
  close(): Promise<void>;
}

/** The fixture's value at `seconds`, with every planted fault active then applied. */
export function realityValue(fixture: RealityFixture, node: string, metric: string, seconds: number): number | undefined {
  let v = fixture.value(node, metric, seconds);
  if (v === undefined) return undefined;
  for (const f of fixture.faults) {
    if (f.node === node && f.metric === metric && seconds >= f.from && seconds < f.to) v = v * (f.multiply ?? 1) + (f.add ?? 0);
  }
  return v;
}

/** Starts serving `fixture` at GET /metrics on a free loopback port; time 0 is now (or `startedAt`). */
export async function startRealityExporter(fixture: RealityFixture, options: { startedAt?: number } = {}): Promise<RealityExporter> {
  let startedAt = options.startedAt ?? Date.now();
  const valueAt = (node: string, metric: string, atMs = Date.now()) => realityValue(fixture, node, metric, (atMs - startedAt) / 1000);
  const server = createServer((request, response) => {
    if (request.url?.split("?")[0] !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    const at = Date.now();
    const lines: string[] = [];
    for (const metric of fixture.metrics) {
      lines.push(`# TYPE ${metric} gauge`);
      for (const node of fixture.nodes) {
        const v = valueAt(node.id, metric, at);
        // Stamped with the time it was computed at, so a sample's timestamp and value agree exactly.
        if (v !== undefined) lines.push(`${metric}{node=${JSON.stringify(node.id)},kind=${JSON.stringify(node.kind)}} ${v} ${at}`);
      }
    }
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(lines.join("\n") + "\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    target: `127.0.0.1:${port}`,
    port,
    get startedAt() {
      return startedAt;
    },
    restartClock: (atMs: number) => {
      startedAt = atMs;
    },
    valueAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
