// Sending MIME bundles to the notebook: one-off displays and handles that update one output in place.
import { randomBytes } from "node:crypto";
import { invalidArgument } from "../errors";
import { currentSink, type MimeBundle } from "./kernel";

/** Options of `displayBundle`. */
export interface DisplayOptions {
  /** Id of an updatable display; needed for `update`. */
  displayId?: string;
  /** Replace the display with this id instead of adding an output. */
  update?: boolean;
}

/** A display that can be shown once and then updated in place (progress bars, annotation cards). */
export interface DisplayHandle {
  /** The Jupyter display id. */
  readonly id: string;
  /** Whether the display has been shown. */
  readonly shown: boolean;
  /** Shows the bundle: the first call adds the output, later calls replace it. */
  show(bundle: MimeBundle): void;
  /** Replaces the shown output (shows it first if it was never shown). */
  update(bundle: MimeBundle): void;
}

// Display ids only need to be unique within a kernel session; a random prefix keeps two sessions apart.
const SESSION = randomBytes(4).toString("hex");
let sequence = 0;

/** A new display id ("itw-1a2b3c4d-7"). */
export function newDisplayId(): string {
  return `itw-${SESSION}-${++sequence}`;
}

/** Sends a MIME bundle to the notebook (or the text fallback outside a kernel). */
export function displayBundle(bundle: MimeBundle, options: DisplayOptions = {}): void {
  const api = "displayBundle";
  if (typeof bundle !== "object" || bundle === null || typeof bundle.data !== "object" || bundle.data === null) {
    throw invalidArgument(api, "bundle", "a MIME bundle {data: {mime: content}}", bundle);
  }
  if (options.update && !options.displayId) throw invalidArgument(api, "options.displayId", "a display id when update is true", options.displayId);
  currentSink()(
    {
      data: bundle.data,
      metadata: bundle.metadata ?? {},
      transient: options.displayId ? { display_id: options.displayId } : {},
    },
    options.update === true,
  );
}

/** A display handle with a fresh id: `const d = newDisplay(); d.show(b1); d.update(b2);` */
export function newDisplay(id: string = newDisplayId()): DisplayHandle {
  let shown = false;
  const handle: DisplayHandle = {
    id,
    get shown() {
      return shown;
    },
    show(bundle) {
      displayBundle(bundle, { displayId: id, update: shown });
      shown = true;
    },
    update(bundle) {
      handle.show(bundle);
    },
  };
  return handle;
}
