// Store: a buffer of items with a capacity; puts wait while it is full, gets wait while it is empty, both FIFO.
import { BaseResource, GetEvent, PutEvent, readCapacity } from "./base-resource";
import type { Environment } from "./environment";

/** Defaults of `new Store(env, options)`. */
export const DEFAULTS = { capacity: Infinity };

/** Options of `new Store(env, options)` and its variants. */
export interface StoreOptions {
  /** Maximum number of items, an integer >= 1 or Infinity; default Infinity. */
  capacity?: number;
}

/** A request to put `item` in a store: succeeds once the item is in. */
export class StorePut<T> extends PutEvent<undefined> {
  /** The item to put. */
  declare readonly item: T;

  constructor(store: Store<T>, item: T) {
    super(store);
    this.item = item;
  }

  override describe(): string {
    return "StorePut()";
  }
}

/** A request to take an item out of a store: succeeds with the item. */
export class StoreGet<T> extends GetEvent<T> {
  override describe(): string {
    return "StoreGet()";
  }
}

/** Items in first-in first-out order, at most `capacity` of them. */
export class Store<T = unknown> extends BaseResource<StorePut<T>, StoreGet<T>> {
  /** Maximum number of items. */
  declare readonly capacity: number;
  /** @internal */
  protected readonly _items: T[] = [];

  /** `new Store(env)`, `new Store(env, 10)` or `new Store(env, { capacity: 10 })`. */
  constructor(env: Environment, options: number | StoreOptions = {}) {
    super(env);
    this.capacity = readCapacity(this.constructor.name, options, DEFAULTS.capacity, true);
  }

  /** The items, in the order gets will receive them. */
  get items(): readonly T[] {
    return this._items;
  }

  /** Puts `item` in; yield the event to wait while the store is full. */
  put(item: T): StorePut<T> {
    return this._submitPut(new StorePut(this, item));
  }

  /** Takes the first item out; yield the event to wait for one and receive it. */
  get(): StoreGet<T> {
    return this._submitGet(new StoreGet<T>(this));
  }

  /** @internal */
  protected _doPut(event: StorePut<T>): boolean {
    if (this._items.length < this.capacity) {
      this._items.push(event.item);
      event.succeed(undefined);
    }
    return false;
  }

  /** @internal */
  protected _doGet(event: StoreGet<T>): boolean {
    if (this._items.length > 0) event.succeed(this._items.shift());
    return false;
  }
}
