export * from "./analyze.ts";
export * from "./check-host.ts";
export * from "./flatten.ts";
export * from "./macro.ts";
export * from "./record.ts";
