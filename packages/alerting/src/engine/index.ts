/**
 * The alerting core: rule model, pure evaluator and incident reducer, notification channels. No
 * database here: the worker loads rules, state, rollups and incidents, calls these, and stores results.
 */
export * from "./rules/index.ts";
export * from "./channels/index.ts";
