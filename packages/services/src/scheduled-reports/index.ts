// Recurring deliverability reports (issue 14): definitions, the schedule sweep, builds, deliveries, the
// archive and share links. Figures come from ./figures (rollups, incidents, drift, DMARC, probes, ROI).
export * from "./bounces.ts";
export * from "./definitions.ts";
export * from "./deliver.ts";
export * from "./editions.ts";
export * from "./run.ts";
export * from "./schema.ts";
export * from "./shares.ts";
export { orgUrlOf, reportTitle } from "./compose.ts";
