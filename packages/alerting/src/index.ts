/**
 * Alerting wired to the database (issue 7): rules, maintenance windows, incidents, channels, evaluation
 * and delivery — verbs `(ctx, input)` over an OrgContext, or a SystemContext for the worker's sweeps across
 * organizations. The pure core (rule model, evaluator, reducer, channel plug-ins) is `./engine`
 * (`@inboxwatch/alerting/engine`; the rule model alone, safe for the browser, is `@inboxwatch/alerting/rules`).
 */
export * from "./evaluation/evaluate.ts";
export * from "./evaluation/sweep.ts";
export { STATE_EVENT_LOOKBACK_DAYS } from "./evaluation/inputs.ts";
export * from "./incidents/incidents.ts";
export * from "./notifications/channels.ts";
export { assertChannelTargetAllowed } from "./notifications/channel-target.ts";
export { openChannelConfig } from "./notifications/channel-config.ts";
export * from "./notifications/deliver.ts";
export * from "./notifications/digest.ts";
export { newNotificationId } from "./notifications/links.ts";
export { platformHttpTransport } from "./notifications/platform-transport.ts";
export { postReportToChannel, type ReportChannelPayloads } from "./notifications/report-post.ts";
export * from "./rules/maintenance.ts";
export * from "./rules/rules.ts";
