// Inline supervisor annotations: a card appears when a question is posted and fills in, in place, when its answer arrives.
import { invalidArgument } from "../errors";
import type { Annotation } from "../llm/queue";
import { annotationCard } from "./annotation-card";
import { newDisplay, type DisplayHandle } from "./display";
import { viewBundle } from "./show";

/** What `annotationCards` needs of a queue (lib/llm's `SupervisorQueue` fits). */
export interface AnnotationSource {
  annotations(): Annotation[];
  onPosted(listener: (annotation: Annotation) => void): () => void;
  onAnswered(listener: (annotation: Annotation) => void): () => void;
}

/** Options of `annotationCards`. */
export interface AnnotationCardsOptions {
  /** Also show cards for questions posted before this call (true by default). */
  existing?: boolean;
  /** Wall-clock ms of simulated time 0 (a store's `epochMs`), to show dates. */
  epochMs?: number;
}

/** The live cards of a queue. */
export interface AnnotationCards {
  /** Cards shown so far. */
  readonly count: number;
  /** Stops following the queue; cards already shown stay. */
  stop(): void;
}

/**
 * Follows a supervisor queue: each posted question gets a card (pending), updated in place when it is
 * answered, fails or misses its deadline. Hand the same queue to the runner so its questions appear here.
 * `const cards = annotationCards(queue); await runScenario(s, { queue }); cards.stop();`
 */
export function annotationCards(queue: AnnotationSource, options: AnnotationCardsOptions = {}): AnnotationCards {
  const api = "annotationCards";
  if (typeof queue?.onPosted !== "function" || typeof queue.onAnswered !== "function" || typeof queue.annotations !== "function") {
    throw invalidArgument(api, "queue", "a SupervisorQueue (with onPosted, onAnswered, annotations)", queue);
  }
  const displays = new Map<string, DisplayHandle>();
  const render = (annotation: Annotation) => {
    let display = displays.get(annotation.id);
    if (!display) {
      display = newDisplay();
      displays.set(annotation.id, display);
    }
    display.show(viewBundle(annotationCard(annotation, { epochMs: options.epochMs })));
  };
  if (options.existing ?? true) for (const a of queue.annotations()) render(a);
  const offPosted = queue.onPosted(render);
  const offAnswered = queue.onAnswered(render);
  return {
    get count() {
      return displays.size;
    },
    stop() {
      offPosted();
      offAnswered();
    },
  };
}
