// Public API of lib/gnn (re-exports only): the seam a graph-neural-network predictor plugs into.
export * from "./features";
export * from "./predictor";
