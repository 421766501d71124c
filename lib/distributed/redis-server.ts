// Starts a throwaway redis-server (Debian's package) on a free loopback port in a temporary directory: for tests, benchmarks and notebooks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResourceLimitError } from "../errors";

/** A running redis-server. */
export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The temporary directory holding its append-only file (with `persist`). */
  dir: string;
  /** Kills the server at once (SIGKILL), as a crash would; `restart` brings it back on the same port and data. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory; with `persist` it reloads what it had written. */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Options of `startRedis`. */
export interface StartRedisOptions {
  /**
   * Append-only file with an fsync per write in the temporary directory, so a crash loses no acknowledged
   * write (restart tests); off by default (`--save ''`, nothing on disk).
   */
  persist?: boolean;
  /** The binary (default: `redis-server` on PATH, then /usr/bin/redis-server). */
  binary?: string;
}

/** Where redis-server is, or undefined. */
export function redisServerBinary(): string | undefined {
  for (const candidate of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) if (existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = which.stdout.trim();
  return which.status === 0 && path ? path : undefined;
}

/** Why redis-server cannot run here, or undefined when it can (under CI=true tests fail on the reason, never skip). */
export function redisMissing(): string | undefined {
  return redisServerBinary() ? undefined : "redis-server not found on PATH or in /usr/bin (Debian package `redis-server`; .ci/install-system-deps.sh installs it)";
}

/** A TCP port free on the loopback interface right now (the OS picks it), for throwaway servers. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING (or rejects after `ms`). */
async function waitForPong(port: number, ms: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new ResourceLimitError(`startRedis: redis-server exited with code ${child.exitCode} before answering on port ${port}: ${log().slice(-400)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.on("data", (d) => {
        text += d.toString();
        if (text.includes("\r\n")) {
          socket.destroy();
          resolve(text.startsWith("+PONG"));
        }
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new ResourceLimitError(`startRedis: redis-server did not answer PING on port ${port} within ${ms} ms; raise the wait or check ${log().slice(-400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts redis-server on a free loopback port in a fresh temporary directory; throws with the reason when it
 * cannot (no binary, no answer). Call `stop()` when done.
 * @example
 * const redis = await startRedis();
 * await sweep(scenarios, { backend: "bullmq", redis: redis.url, store: pgUrl });
 * await redis.stop();
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? redisServerBinary();
  if (!binary) throw new ResourceLimitError(`startRedis: ${redisMissing()}; pass options.binary to use another one.`);
  const dir = mkdtempSync(join(tmpdir(), "infratwin-redis-"));
  const port = await freePort();
  const persistence = options.persist ? ["--appendonly", "yes", "--appendfsync", "always", "--save", ""] : ["--appendonly", "no", "--save", ""];
  let child: ChildProcess | undefined;
  let output = "";
  const launch = async () => {
    output = "";
    // BullMQ needs noeviction: an evicted job key would be a lost job.
    child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no", "--maxmemory-policy", "noeviction", "--protected-mode", "yes", ...persistence], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    await waitForPong(port, 20_000, child, () => output);
  };
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  };
  try {
    await launch();
  } catch (error) {
    await halt("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill: () => halt("SIGKILL"),
    restart: async () => {
      await halt("SIGKILL");
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
