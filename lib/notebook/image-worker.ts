// The worker thread behind static figure images: one headless Chromium with plotly.js loaded, reused for every render of the process.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A render request: the figure, image options and the shared flag the caller waits on. */
export interface ImageRequest {
  id: number;
  figure: { data: unknown[]; layout: Record<string, unknown> };
  options: { format: "png" | "jpeg" | "svg"; width: number; height: number; scale: number };
  signal: Int32Array;
}

/** The answer: a data URL or the reason there is none. */
export type ImageReply = { id: number; ok: true; url: string } | { id: number; ok: false; error: string };

interface Setup {
  port: MessagePort;
  executablePath: string;
  args: string[];
  plotlyPath: string;
}

async function serve(setup: Setup): Promise<void> {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "infratwin-chromium-"));
  const started = (async () => {
    const context = await chromium.launchPersistentContext(profile, { executablePath: setup.executablePath, headless: true, args: setup.args });
    const page = await context.newPage();
    // Nothing may come from the network: the page holds plotly.js itself.
    await page.route(/^(https?|wss?):/, (route) => route.abort());
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: setup.plotlyPath });
    return { context, page };
  })();
  process.on("exit", () => rmSync(profile, { recursive: true, force: true }));
  // One render at a time: callers block on their own request, and the page holds one figure at a time.
  let queue: Promise<void> = Promise.resolve();
  setup.port.on("message", (request: ImageRequest | { close: true }) => {
    if ("close" in request) {
      // Close the browser before the thread ends: a terminated worker would leave Chromium running.
      queue = queue.then(async () => {
        await (await started.catch(() => undefined))?.context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
        setup.port.close();
      });
      return;
    }
    queue = queue.then(async () => {
      let reply: ImageReply;
      try {
        const { page } = await started;
        const url = await page.evaluate(
          ({ fig, opts }) => {
            const plotly = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
            return plotly.toImage({ data: fig.data, layout: { ...fig.layout, width: opts.width, height: opts.height } }, opts);
          },
          { fig: request.figure, opts: request.options },
        );
        reply = { id: request.id, ok: true, url };
      } catch (error) {
        reply = { id: request.id, ok: false, error: error instanceof Error ? error.message.split("\n")[0] : String(error) };
      }
      setup.port.postMessage(reply);
      Atomics.store(request.signal, 0, 1);
      Atomics.notify(request.signal, 0);
    });
  });
}

if (parentPort && workerData?.infratwinImageWorker) void serve(workerData as Setup);
