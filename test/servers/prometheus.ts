// Starts the real Prometheus server (Debian's /usr/bin/prometheus) on a free loopback port with a given config, for tests; stop() removes everything.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running Prometheus: its base URL (`http://127.0.0.1:PORT/`), its temp dir, and stop(). */
export interface PrometheusServer {
  url: string;
  port: number;
  dir: string;
  /** Output of the server so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Options of `startPrometheus`. */
export interface StartPrometheusOptions {
  /** The binary; $PROMETHEUS_BIN or /usr/bin/prometheus by default. */
  binary?: string;
  /** Extra command-line flags (e.g. "--web.enable-remote-write-receiver"). */
  args?: string[];
  /** How long to wait for /-/ready; 60 s by default (a busy CI machine). */
  readyTimeoutMs?: number;
  /** Listen on this port (a restart on the same URL); a free one by default. */
  port?: number;
  /** Use this directory (config and data) and keep it on stop(), so a restart finds the earlier samples; a new temp dir by default. */
  dir?: string;
}

const inCi = process.env.CI === "true" || process.env.CI === "1";

/** The Prometheus binary, or undefined when it is not installed. */
export function prometheusBinary(binary = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus"): string | undefined {
  return existsSync(binary) ? binary : undefined;
}

/** Whether tests needing Prometheus should be skipped: only outside CI, and only when the binary is missing (with a message). */
export function skipWithoutPrometheus(): boolean {
  if (prometheusBinary() !== undefined || inCi) return false;
  console.warn("Prometheus tests skipped: /usr/bin/prometheus is not installed (apt-get install prometheus, or bash .ci/install-system-deps.sh).");
  return true;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Prometheus with `config` (the text of prometheus.yml; `{{dir}}` is replaced by the temp dir, for
 * rule files written beside it) and temp storage, and waits until it is ready. Throws when the binary is
 * missing: call `skipWithoutPrometheus()` first outside CI.
 */
export async function startPrometheus(config: string, options: StartPrometheusOptions = {}): Promise<PrometheusServer> {
  const binary = prometheusBinary(options.binary);
  if (binary === undefined) throw new Error(`startPrometheus: ${options.binary ?? "/usr/bin/prometheus"} not found; install Debian's prometheus package (bash .ci/install-system-deps.sh).`);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "prometheus-test-"));
  writeFileSync(join(dir, "prometheus.yml"), config.replaceAll("{{dir}}", dir));
  const port = options.port ?? (await freePort());
  let output = "";
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn", ...(options.args ?? [])],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    }
    if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`startPrometheus: the server exited before it was ready:\n${output.slice(-3000)}`);
    }
    try {
      const response = await fetch(`${url}-/ready`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`startPrometheus: not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, dir, log: () => output, stop };
}
