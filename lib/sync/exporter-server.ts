// The HTTP endpoint of a twin exporter: GET /metrics on a local port for Prometheus (and Grafana behind it) to scrape.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { invalidArgument } from "../errors";
import type { TwinExporter } from "./exporter";

/** Options of `serveExporter`. */
export interface ServeExporterOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default "127.0.0.1": only this machine; "0.0.0.0" for a Prometheus elsewhere). */
  host?: string;
}

/** A listening exporter endpoint. */
export interface ExporterServer {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens for Prometheus: `/metrics` answers with the exporter's current values; anything else is 404. */
export async function serveExporter(exporter: TwinExporter, options: ServeExporterOptions = {}): Promise<ExporterServer> {
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw invalidArgument("serveExporter", "options.port", "a TCP port in 0..65535 (0 picks a free one)", options.port);
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("infratwin exporter: only GET /metrics\n");
      return;
    }
    exporter.metrics().then(
      (text) => response.writeHead(200, { "content-type": exporter.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { "content-type": "text/plain" }).end(`infratwin exporter: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/metrics`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Prometheus keeps its scrape connection alive; close() alone would wait for it.
        server.closeAllConnections();
      }),
  };
}
