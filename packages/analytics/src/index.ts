export * from "./kpi/index.ts";
export * from "./roi/index.ts";
export * from "./stats/index.ts";
