// DNS authentication and reputation checks of an organization's sending domains and IPs (issue 4):
// running the engine, storing results and drift, scheduling, reading, and the blocklist catalogue.
export * from "./banners.ts";
export * from "./blocklists.ts";
export * from "./list-status.ts";
export * from "./read.ts";
export * from "./run.ts";
export * from "./schedule.ts";
