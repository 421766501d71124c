// FilterStore: a Store whose gets may ask for the first item that passes a filter.
import { invalidArgument } from "../errors";
import { Store, StoreGet } from "./store";

/** A get that only accepts items for which `filter(item)` is true. */
export class FilterStoreGet<T> extends StoreGet<T> {
  /** The predicate an item must pass. */
  declare readonly filter: (item: T) => boolean;

  constructor(store: FilterStore<T>, filter: (item: T) => boolean) {
    super(store);
    this.filter = filter;
  }

  override describe(): string {
    return "FilterStoreGet()";
  }
}

const acceptAll = (): boolean => true;

/**
 * A Store where `get(filter)` receives the first item (in FIFO order) that passes `filter`.
 * A waiting get does not block the gets behind it: a later get whose filter matches an item is served first.
 */
export class FilterStore<T = unknown> extends Store<T> {
  /** Takes the first item that passes `filter` (any item by default). */
  override get(filter: (item: T) => boolean = acceptAll): FilterStoreGet<T> {
    if (typeof filter !== "function") throw invalidArgument(`${this.constructor.name}.get`, "filter", "a function", filter);
    return this._submitGet(new FilterStoreGet(this, filter)) as FilterStoreGet<T>;
  }

  /** @internal */
  protected override _doGet(event: StoreGet<T>): boolean {
    const filter = (event as FilterStoreGet<T>).filter;
    const items = this._items;
    for (let i = 0; i < items.length; i++) {
      if (filter(items[i])) {
        const [item] = items.splice(i, 1);
        event.succeed(item);
        break;
      }
    }
    return true;
  }
}
