// Alerting wired to the database (issue 7): channels, rules, incidents, maintenance windows, evaluation
// and delivery. The pure core (rules, evaluator, reducer, channel plug-ins) is in ../alerts.
export * from "./channels.ts";
export * from "./deliver.ts";
export * from "./digest.ts";
export * from "./evaluate.ts";
export * from "./incidents.ts";
export * from "./maintenance.ts";
export * from "./rules.ts";
export * from "./sweep.ts";
export { openChannelConfig } from "./channel-config.ts";
export { STATE_EVENT_LOOKBACK_DAYS } from "./inputs.ts";
