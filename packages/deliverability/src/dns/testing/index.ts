export * from "./server.ts";
export * from "./zone.ts";
export * from "./fixtures.ts";
