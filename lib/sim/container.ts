// Container: a level of some continuous or countable quantity between 0 and a capacity; puts and gets move amounts.
import { invalidArgument } from "../errors";
import { BaseResource, GetEvent, PutEvent } from "./base-resource";
import type { Environment } from "./environment";

/** Defaults of `new Container(env, options)`. */
export const DEFAULTS = { capacity: Infinity, init: 0 };

/** Options of `new Container(env, options)`. */
export interface ContainerOptions {
  /** Maximum level, a number > 0 (Infinity allowed); default Infinity. */
  capacity?: number;
  /** Initial level, in [0, capacity]; default 0. */
  init?: number;
}

/** A request to add `amount`: waits while it would overflow the capacity. */
export class ContainerPut extends PutEvent<undefined> {
  /** The amount to add. */
  declare readonly amount: number;

  constructor(container: Container, amount: number) {
    super(container);
    this.amount = amount;
  }

  override describe(): string {
    return `ContainerPut(${this.amount})`;
  }
}

/** A request to remove `amount`: waits while the level is below it. */
export class ContainerGet extends GetEvent<undefined> {
  /** The amount to remove. */
  declare readonly amount: number;

  constructor(container: Container, amount: number) {
    super(container);
    this.amount = amount;
  }

  override describe(): string {
    return `ContainerGet(${this.amount})`;
  }
}

/**
 * A level between 0 and `capacity`. Puts and gets are served first come first served: a waiting
 * request blocks the ones behind it on the same side.
 */
export class Container extends BaseResource<ContainerPut, ContainerGet> {
  /** Maximum level. */
  declare readonly capacity: number;
  declare private _level: number;

  /** `new Container(env, { capacity: 100, init: 50 })` or `new Container(env, 100)`. */
  constructor(env: Environment, options: number | ContainerOptions = {}) {
    super(env);
    if (typeof options !== "number" && (options === null || typeof options !== "object"))
      throw invalidArgument("Container", "options", "a capacity or an options object", options);
    const capacity = typeof options === "number" ? options : options.capacity ?? DEFAULTS.capacity;
    const init = typeof options === "number" ? DEFAULTS.init : options.init ?? DEFAULTS.init;
    if (typeof capacity !== "number" || !(capacity > 0)) throw invalidArgument("Container", "capacity", "a number > 0", capacity);
    if (typeof init !== "number" || !(init >= 0 && init <= capacity) || !Number.isFinite(init))
      throw invalidArgument("Container", "init", `a number in [0, capacity (${capacity})]`, init);
    this.capacity = capacity;
    this._level = init;
  }

  /** The current level. */
  get level(): number {
    return this._level;
  }

  /** Adds `amount` (> 0, at most the capacity); yield the event to wait for room. */
  put(amount: number): ContainerPut {
    this._checkAmount("put", amount);
    return this._submitPut(new ContainerPut(this, amount));
  }

  /** Removes `amount` (> 0, at most the capacity); yield the event to wait until the level allows it. */
  get(amount: number): ContainerGet {
    this._checkAmount("get", amount);
    return this._submitGet(new ContainerGet(this, amount));
  }

  /** @internal */
  protected _doPut(event: ContainerPut): boolean {
    if (this.capacity - this._level >= event.amount) {
      this._level += event.amount;
      event.succeed(undefined);
      return true;
    }
    return false;
  }

  /** @internal */
  protected _doGet(event: ContainerGet): boolean {
    if (this._level >= event.amount) {
      this._level -= event.amount;
      event.succeed(undefined);
      return true;
    }
    return false;
  }

  private _checkAmount(call: string, amount: number): void {
    // An amount above the capacity could never be served and would wait forever.
    if (typeof amount !== "number" || !(amount > 0) || !(amount <= this.capacity) || !Number.isFinite(amount))
      throw invalidArgument(`Container.${call}`, "amount", `a number in (0, capacity (${this.capacity})]`, amount);
  }
}
