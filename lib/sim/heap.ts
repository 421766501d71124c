// The event queue: a binary min-heap on (time, key) kept in parallel typed arrays, so scheduling allocates nothing.

/** Initial number of slots; the arrays double when full. */
const DEFAULTS = { capacity: 256 };

/**
 * A binary min-heap of items ordered by `(time, key)`.
 * Times and keys live in Float64Arrays and items in a plain array, all indexed alike, so a
 * push or a pop moves numbers instead of allocating entry objects. The environment packs
 * `(priority, insertion counter)` into `key`, which makes every key unique and ties FIFO.
 */
export class EventQueue<T> {
  /** Number of items in the queue. */
  size = 0;
  /** @internal times[i] is the time of items[i]; times[0] is the earliest. */
  declare times: Float64Array;
  /** @internal keys[i] breaks ties between equal times. */
  declare keys: Float64Array;
  /** @internal the heap-ordered items. */
  declare items: (T | undefined)[];

  constructor(capacity = DEFAULTS.capacity) {
    const n = Math.max(1, Math.floor(capacity));
    this.times = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.items = new Array<T | undefined>(n).fill(undefined);
  }

  /** Time of the earliest item, or Infinity when empty. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.times[0];
  }

  /** The earliest item without removing it (undefined when empty). */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[0];
  }

  /** Adds an item; `key` must be unique among items of equal time. */
  push(time: number, key: number, item: T): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const keys = this.keys;
    const items = this.items;
    let i = this.size++;
    // Sift up through a hole: parents move down until the new entry fits.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < time || (pt === time && keys[parent] < key)) break;
      times[i] = pt;
      keys[i] = keys[parent];
      items[i] = items[parent];
      i = parent;
    }
    times[i] = time;
    keys[i] = key;
    items[i] = item;
  }

  /** Removes and returns the earliest item; read `times[0]` first if its time is needed. Undefined when empty. */
  pop(): T | undefined {
    const n = this.size;
    if (n === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = n - 1;
    this.size = last;
    if (last === 0) {
      items[0] = undefined;
      return top;
    }
    const times = this.times;
    const keys = this.keys;
    const t = times[last];
    const k = keys[last];
    const item = items[last];
    items[last] = undefined;
    // Sift the former last entry down from the root through a hole.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      let ct = times[child];
      let ck = keys[child];
      const right = child + 1;
      if (right < last) {
        const rt = times[right];
        if (rt < ct || (rt === ct && keys[right] < ck)) {
          child = right;
          ct = rt;
          ck = keys[right];
        }
      }
      if (ct < t || (ct === t && ck < k)) {
        times[i] = ct;
        keys[i] = ck;
        items[i] = items[child];
        i = child;
      } else break;
    }
    times[i] = t;
    keys[i] = k;
    items[i] = item;
    return top;
  }

  /** Removes every item. */
  clear(): void {
    this.items.fill(undefined, 0, this.size);
    this.size = 0;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const keys = new Float64Array(n);
    keys.set(this.keys);
    this.times = times;
    this.keys = keys;
    for (let i = this.items.length; i < n; i++) this.items.push(undefined);
  }
}
