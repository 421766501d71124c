// Shared helpers of the notebook tests: a sink that records every display message instead of a kernel.
import { markPlotlyEmbedded, setDisplaySink, type DisplayMessage } from "../../lib/notebook";

export interface Captured {
  message: DisplayMessage;
  update: boolean;
}

/** Installs a recording sink (and forgets any plotly embedding); call `restore()` after the test. */
export function captureDisplays(): { messages: Captured[]; restore(): void; html(i: number): string; text(i: number): string } {
  const messages: Captured[] = [];
  const before = setDisplaySink((message, update) => messages.push({ message, update }));
  markPlotlyEmbedded(false);
  return {
    messages,
    restore() {
      setDisplaySink(before);
      markPlotlyEmbedded(false);
    },
    html: (i) => String(messages[i].message.data["text/html"]),
    text: (i) => String(messages[i].message.data["text/plain"]),
  };
}

/** The marker comment that starts the embedded plotly.js library. */
export const LIBRARY_MARKER = "embedded by infratwin */";

/** Times `needle` occurs in `text`. */
export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
