// PriorityStore: a Store that hands out the item of lowest priority first (FIFO among equal priorities).
import { invalidArgument } from "../errors";
import type { Environment } from "./environment";
import { Store, StoreGet, StorePut, type StoreOptions } from "./store";

/** Pairs an item with a priority, for items that are not numbers themselves. */
export class PriorityItem<T> {
  constructor(
    /** Lower comes out first. */
    readonly priority: number,
    /** The item. */
    readonly item: T,
  ) {}
}

/** Options of `new PriorityStore(env, options)`. */
export interface PriorityStoreOptions<T> extends StoreOptions {
  /** The priority of an item (lower comes out first); default: the item itself if it is a number, else its `priority` field. */
  priority?: (item: T) => number;
}

interface Entry<T> {
  priority: number;
  seq: number;
  item: T;
}

function defaultPriority(item: unknown): number {
  if (typeof item === "number") return item;
  return (item as { priority?: number } | null)?.priority as number;
}

/**
 * A Store ordered by priority: `get()` receives the item with the lowest priority, the earliest
 * put among equals. Items are numbers, `PriorityItem`s, objects with a numeric `priority`, or
 * anything when `options.priority` is given.
 */
export class PriorityStore<T = unknown> extends Store<T> {
  private readonly _priorityOf: (item: T) => number;
  private readonly _heap: Entry<T>[] = [];
  private _seq = 0;

  /** `new PriorityStore(env)` or `new PriorityStore(env, { capacity, priority: (item) => item.severity })`. */
  constructor(env: Environment, options: number | PriorityStoreOptions<T> = {}) {
    super(env, options);
    const priority = typeof options === "object" ? options.priority : undefined;
    if (priority !== undefined && typeof priority !== "function") throw invalidArgument("PriorityStore", "options.priority", "a function", priority);
    this._priorityOf = priority ?? defaultPriority;
  }

  /** The items, in the order gets will receive them (a copy). */
  override get items(): readonly T[] {
    return this._heap
      .slice()
      .sort((a, b) => a.priority - b.priority || a.seq - b.seq)
      .map((e) => e.item);
  }

  /** Puts `item` in; throws if its priority is not a number. */
  override put(item: T): StorePut<T> {
    const priority = this._priorityOf(item);
    if (typeof priority !== "number" || Number.isNaN(priority))
      throw invalidArgument(`${this.constructor.name}.put`, "the item's priority", "a number (give options.priority for other items)", priority);
    return super.put(item);
  }

  /** @internal */
  protected override _doPut(event: StorePut<T>): boolean {
    if (this._heap.length < this.capacity) {
      const item = event.item;
      pushEntry(this._heap, { priority: this._priorityOf(item), seq: this._seq++, item });
      event.succeed(undefined);
    }
    return false;
  }

  /** @internal */
  protected override _doGet(event: StoreGet<T>): boolean {
    if (this._heap.length > 0) event.succeed(popEntry(this._heap).item);
    return false;
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);
}

function pushEntry<T>(heap: Entry<T>[], entry: Entry<T>): void {
  let i = heap.length;
  heap.push(entry);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(entry, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = entry;
}

function popEntry<T>(heap: Entry<T>[]): Entry<T> {
  const top = heap[0];
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap[child + 1], heap[child])) child++;
    if (!before(heap[child], last)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
  return top;
}
