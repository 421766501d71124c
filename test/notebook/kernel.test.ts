import { afterEach, describe, expect, it, vi } from "vitest";
import { currentSink, displayBundle, inKernel, kernelWriter, setDisplaySink, textSink, type DisplayMessage } from "../../lib/notebook";

const KERNEL_KEY = "/opt/kernel/node_modules/tslab/dist/jupyter.js";
const COPY_KEY = "/work/project/node_modules/tslab/dist/jupyter.js";
const cache = require.cache as Record<string, unknown>;

afterEach(() => {
  // A kernel's writer never goes away; here the fake one does, as if the kernel had left.
  for (const key of [KERNEL_KEY, COPY_KEY]) if (cache[key]) (cache[key] as { exports: { lastWriteDisplayData: unknown } }).exports.lastWriteDisplayData = null;
  delete cache[KERNEL_KEY];
  delete cache[COPY_KEY];
  setDisplaySink(null);
  vi.restoreAllMocks();
});

describe("kernelWriter()", () => {
  it("finds the kernel's own tslab module in require.cache, skipping a second copy that has no writer", () => {
    const sent: [DisplayMessage, boolean][] = [];
    cache[COPY_KEY] = { exports: { lastWriteDisplayData: null } };
    cache[KERNEL_KEY] = { exports: { lastWriteDisplayData: (m: DisplayMessage, u: boolean) => sent.push([m, u]) } };
    expect(kernelWriter()).toBeTypeOf("function");
    expect(inKernel()).toBe(true);
    displayBundle({ data: { "text/plain": "hi", "text/html": "<b>hi</b>" } }, { displayId: "d1" });
    expect(sent).toEqual([[{ data: { "text/plain": "hi", "text/html": "<b>hi</b>" }, metadata: {}, transient: { display_id: "d1" } }, false]]);
  });
});

describe("currentSink()", () => {
  it("is the text printer outside a kernel, which prints text/plain and marks updates", () => {
    expect(currentSink()).toBe(textSink);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    displayBundle({ data: { "text/html": "<p>x</p>", "text/plain": "a table" } });
    displayBundle({ data: { "text/plain": "again" } }, { displayId: "p", update: true });
    displayBundle({ data: { "text/html": "<p>html only</p>" } });
    expect(write.mock.calls.map((c) => c[0])).toEqual(["a table\n", "↻ again\n"]);
  });
});

describe("setDisplaySink()", () => {
  it("routes every message to the installed sink and returns the one it replaced", () => {
    const seen: string[] = [];
    const first = (m: DisplayMessage) => void seen.push(`1:${m.data["text/plain"]}`);
    expect(setDisplaySink(first)).toBeNull();
    displayBundle({ data: { "text/plain": "a" } });
    expect(setDisplaySink((m) => void seen.push(`2:${m.data["text/plain"]}`))).toBe(first);
    displayBundle({ data: { "text/plain": "b" } });
    expect(seen).toEqual(["1:a", "2:b"]);
    expect(inKernel()).toBe(false);
  });
});
