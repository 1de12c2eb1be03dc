export * from "./catalogue.ts";
export * from "./breakdown.ts";
export * from "./docs.ts";
export * from "./histogram.ts";
export * from "./inputs.ts";
export * from "./value.ts";
