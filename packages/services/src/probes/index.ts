// SMTP probes of an organization's mail servers (issue 3): monitors per server port, running and
// recording probes (state, drift, rollups), scheduling, and reading it all back.
export * from "./domain-mx.ts";
export * from "./domain-mx-read.ts";
export * from "./maintain.ts";
export * from "./monitors.ts";
export * from "./read.ts";
export * from "./record.ts";
export * from "./recorder.ts";
export * from "./run.ts";
export * from "./schedule.ts";
export * from "./status.ts";
