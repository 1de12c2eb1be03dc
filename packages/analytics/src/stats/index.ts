export * from "./normal.ts";
export * from "./power.ts";
export * from "./proportions.ts";
export * from "./sequential.ts";
export * from "./experiment.ts";
