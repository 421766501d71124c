// Public API of lib/sim (re-exports only).
export { Environment, MAX_PRIORITY, type EnvironmentOptions } from "./environment";
export { Event, Timeout, URGENT, NORMAL, type EventCallback } from "./events";
export { Process, type ProcessGenerator, type ProcessOptions } from "./process";
export { Interrupt, EmptySchedule } from "./interrupt";
export { Condition, AllOf, AnyOf, ConditionValue, allEvents, anyEvent, type ConditionEvaluator } from "./condition";
export { EventQueue } from "./heap";
export { BaseResource, PutEvent, GetEvent } from "./base-resource";
export { Resource, Request, Release, type ResourceOptions } from "./resource";
export { PriorityResource, PriorityRequest, compareRequests, type PriorityRequestOptions } from "./priority-resource";
export { PreemptiveResource, Preempted } from "./preemptive-resource";
export { Store, StorePut, StoreGet, type StoreOptions } from "./store";
export { FilterStore, FilterStoreGet } from "./filter-store";
export { PriorityStore, PriorityItem, type PriorityStoreOptions } from "./priority-store";
export { Container, ContainerPut, ContainerGet, type ContainerOptions } from "./container";
export { erlangC, type ErlangCOptions, type ErlangCResult } from "./erlang";
