export * from "./figure.ts";
export * from "./model.ts";
export * from "./recovery.ts";
