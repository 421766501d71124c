// Renders figures to PNG or SVG synchronously, so `show()` can put an image beside the interactive chart; one worker (and one Chromium) per process.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { UsageError } from "../errors";
import type { Figure } from "../plots/figure";
import type { ImageReply, ImageRequest } from "./image-worker";
import { plotlyLibraryPath } from "./plotly-library";

const DEFAULTS = {
  chromium: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  /** The first render also starts Chromium; a busy CI machine can take a while. */
  firstTimeoutMs: 90_000,
  timeoutMs: 30_000,
};

/**
 * The Chromium executable used for images and PDFs: $INFRATWIN_CHROMIUM when set (and undefined when that file is
 * missing: an explicit choice is not silently replaced), else the first of the usual paths that exists.
 */
export function chromiumPath(): string | undefined {
  const chosen = process.env.INFRATWIN_CHROMIUM;
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  return DEFAULTS.chromium.find((c) => existsSync(c));
}

/** The headless-browser flags infratwin uses everywhere (images, PDF, dashboard tests). */
export const CHROMIUM_ARGS: readonly string[] = DEFAULTS.args;

/** Why static images cannot be made here, or undefined when they can. */
export function staticImageProblem(): string | undefined {
  if (!chromiumPath()) return "no Chromium found (install it with: apt-get install chromium, or set INFRATWIN_CHROMIUM)";
  try {
    require.resolve("playwright-core");
  } catch {
    return "playwright-core is not installed (npm install playwright-core)";
  }
  if (!workerPath()) return "the image worker is not built (run npm run build)";
  return undefined;
}

function workerPath(): string | undefined {
  // From dist/ the worker sits beside this file; tests run lib/ sources, whose built twin is in dist/.
  const candidates = [join(__dirname, "image-worker.js"), resolve(__dirname, "..", "..", "dist", "notebook", "image-worker.js")];
  return candidates.find((c) => existsSync(c));
}

interface Running {
  worker: Worker;
  port: MessagePort;
  renders: number;
}

let running: Running | undefined;
let nextId = 0;

function start(): Running {
  const problem = staticImageProblem();
  if (problem) throw new UsageError(`figureImage: cannot render images: ${problem}.`);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(workerPath()!, {
    workerData: { infratwinImageWorker: true, port: port2, executablePath: chromiumPath(), args: DEFAULTS.args, plotlyPath: plotlyLibraryPath() },
    transferList: [port2],
  });
  // The kernel may exit with the worker idle; the browser dies with its pipe.
  worker.unref();
  port1.unref();
  worker.on("error", () => {
    running = undefined;
  });
  return { worker, port: port1, renders: 0 };
}

/** Options of one render (all required: the callers fill in defaults). */
export interface RenderOptions {
  format: "png" | "jpeg" | "svg";
  width: number;
  height: number;
  scale: number;
}

/**
 * Renders a figure and blocks until the data URL is back (the kernel's cell waits for its image anyway).
 * Throws UsageError when the renderer cannot start or the render fails or times out.
 */
export function renderFigureSync(figure: Figure, options: RenderOptions): string {
  running ??= start();
  const r = running;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const request: ImageRequest = { id: ++nextId, figure: { data: figure.data, layout: figure.layout }, options, signal };
  r.port.postMessage(request);
  const outcome = Atomics.wait(signal, 0, 0, r.renders === 0 ? DEFAULTS.firstTimeoutMs : DEFAULTS.timeoutMs);
  const message = receiveMessageOnPort(r.port)?.message as ImageReply | undefined;
  if (outcome === "timed-out" || !message) {
    void closeImageRenderer();
    throw new UsageError(`figureImage: Chromium did not render the figure in time (${outcome}); set notebookOptions({ staticImages: false }) to show charts without images.`);
  }
  if (!message.ok) throw new UsageError(`figureImage: plotly.js could not render the figure: ${message.error}`);
  r.renders++;
  return message.url;
}

/** Stops the image worker and its Chromium now (the next render starts them again). */
export async function closeImageRenderer(): Promise<void> {
  const r = running;
  running = undefined;
  if (r) {
    const exited = new Promise<void>((done) => r.worker.once("exit", () => done()));
    r.port.postMessage({ close: true });
    // The worker ends once its port closes; give Chromium a moment to go, then stop the thread regardless.
    const timer = setTimeout(() => void r.worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
