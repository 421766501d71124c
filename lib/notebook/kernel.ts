// Where display messages go: the running tslab kernel's own display writer, a text printer outside a kernel, or a sink a test installs.

/** A Jupyter MIME bundle: content per MIME type, plus metadata. */
export interface MimeBundle {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** A display message as the kernel sends it: the bundle and, for updatable displays, its display id. */
export interface DisplayMessage {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** Receives display messages; `update` replaces the display with the same `display_id` in place. */
export type DisplaySink = (message: DisplayMessage, update: boolean) => void;

/** The kernel module's writer, as tslab's `dist/jupyter.js` exports it. */
type KernelModule = { lastWriteDisplayData: DisplaySink | null };

const KERNEL_MODULE_SUFFIX = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

let installed: DisplaySink | null = null;
let kernelModule: KernelModule | null = null;

/**
 * The running tslab kernel's display writer, or null outside a kernel. A second copy of tslab has no writer
 * ("Not ready"), so this looks for the copy the kernel loaded, in `require.cache`.
 */
export function kernelWriter(): DisplaySink | null {
  let write = kernelModule?.lastWriteDisplayData;
  if (typeof write !== "function") {
    // Not found yet (or the writer went away): the writer is set when the kernel runs its first cell.
    kernelModule = findKernelModule();
    write = kernelModule?.lastWriteDisplayData;
  }
  return typeof write === "function" ? write : null;
}

function findKernelModule(): KernelModule | null {
  const cache = typeof require === "function" && require.cache ? require.cache : {};
  for (const [key, mod] of Object.entries(cache)) {
    if (!KERNEL_MODULE_SUFFIX.test(key)) continue;
    const exports = mod?.exports as Partial<KernelModule> | undefined;
    if (exports && typeof exports.lastWriteDisplayData === "function") return exports as KernelModule;
  }
  return null;
}

/** True when displays go to a live tslab kernel (not to a test sink or the text fallback). */
export function inKernel(): boolean {
  return installed === null && kernelWriter() !== null;
}

/**
 * Installs a sink that receives every display message instead of the kernel (tests, other front ends);
 * `null` restores the default. Returns the sink that was installed before.
 */
export function setDisplaySink(sink: DisplaySink | null): DisplaySink | null {
  const before = installed;
  installed = sink;
  return before;
}

/** Outside a kernel: prints the text/plain part (updates print again, prefixed, so logs stay readable). */
export const textSink: DisplaySink = (message, update) => {
  const text = message.data["text/plain"];
  if (typeof text !== "string" || text.length === 0) return;
  process.stdout.write((update ? "↻ " : "") + text + (text.endsWith("\n") ? "" : "\n"));
};

/** The sink in effect: the installed one, else the kernel's writer, else `textSink`. */
export function currentSink(): DisplaySink {
  return installed ?? kernelWriter() ?? textSink;
}
