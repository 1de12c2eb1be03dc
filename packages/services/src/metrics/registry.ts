/**
 * The operator's metrics of one process (web or worker), in Prometheus text format through prom-client:
 * one Registry per process, kept on globalThis so a module loaded twice (Next's server bundle beside
 * server.ts, tests importing both apps) still counts into one. Every label has a bounded set of values —
 * route templates, queue names, enum outcomes — never a raw URL, an id or an address (a label value is a
 * time series kept by Prometheus; an unbounded one is a memory leak there).
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Latency buckets of HTTP handlers, in seconds: 5 ms (a cached read) to 10 s (a large upload). */
const HTTP_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Job runs: 10 ms (a no-op) to 5 min (a report build or a large import). */
const JOB_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Line received → event stored: a batch normally lands in seconds; an hour means a backlog. */
const INGEST_LAG_BUCKETS_SECONDS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

function createMetrics() {
  const registry = new Registry();
  // Event-loop lag, heap and RSS, GC pauses, open handles: prom-client's standard names (nodejs_*, process_*), unprefixed
  // so the community Node.js dashboards read them as they are.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "inboxwatch_http_request_duration_seconds",
      help: "HTTP handler latency by route template (REST path, tRPC procedure) and status class.",
      labelNames: ["method", "route", "status_class"] as const,
      buckets: HTTP_BUCKETS_SECONDS,
      registers,
    }),
    jobDuration: new Histogram({
      name: "inboxwatch_job_duration_seconds",
      help: "Handler runs by queue (a batch queue's fetch is one run), failed ones included.",
      labelNames: ["queue"] as const,
      buckets: JOB_BUCKETS_SECONDS,
      registers,
    }),
    jobFailures: new Counter({
      name: "inboxwatch_job_failures_total",
      help: "Handler runs that threw (pg-boss retries or dead-letters their jobs), by queue.",
      labelNames: ["queue"] as const,
      registers,
    }),
    ingestEventsStored: new Counter({
      name: "inboxwatch_ingest_events_stored_total",
      help: "Delivery events written by log batches (duplicates of stored events not counted).",
      registers,
    }),
    ingestLag: new Histogram({
      name: "inboxwatch_ingest_lag_seconds",
      help: "Log batch received by the intake → its events stored (committed).",
      buckets: INGEST_LAG_BUCKETS_SECONDS,
      registers,
    }),
    reportIntake: new Counter({
      name: "inboxwatch_report_intake_total",
      help: "Raw reports received, by channel (SMTP, IMAP, UPLOAD, API) and result (stored, duplicate).",
      labelNames: ["channel", "result"] as const,
      registers,
    }),
    reportsProcessed: new Counter({
      name: "inboxwatch_reports_processed_total",
      help: "Raw reports processed, by outcome (PARSED, DUPLICATE, QUARANTINED, SKIPPED).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    probeResults: new Counter({
      name: "inboxwatch_probe_results_total",
      help: "SMTP probes run, by outcome (ok, refused, timeout, tls_failed, auth_failed, protocol_error…).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    dnsChecks: new Counter({
      name: "inboxwatch_dns_checks_total",
      help: "DNS checks run, by subject (domain, ip) and overall grade.",
      labelNames: ["subject", "grade"] as const,
      registers,
    }),
    alertDeliveries: new Counter({
      name: "inboxwatch_alert_deliveries_total",
      help: "Alert notification delivery attempts (email, webhook, Slack, Teams, PagerDuty), by channel kind and outcome.",
      labelNames: ["channel", "outcome"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics: typeof globalThis & { inboxwatchMetrics?: Metrics } = globalThis;

/** The process's metrics, created on first use. */
export function metrics(): Metrics {
  globalForMetrics.inboxwatchMetrics ??= createMetrics();
  return globalForMetrics.inboxwatchMetrics;
}

/** "2xx", "4xx"…: the status class keeps the label to five values. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/**
 * Runs an HTTP handler and observes its latency under `route` (a template, never the raw URL). A handler
 * that throws is observed as a 5xx and rethrown.
 */
export async function timeHttp(method: string, route: string, handle: () => Promise<Response>): Promise<Response> {
  const end = metrics().httpRequestDuration.startTimer({ method, route });
  try {
    const res = await handle();
    end({ status_class: statusClass(res.status) });
    return res;
  } catch (err) {
    end({ status_class: "5xx" });
    throw err;
  }
}
