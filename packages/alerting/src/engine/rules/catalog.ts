/**
 * What a rule may watch: the rollup metrics (with how a window of buckets folds into one value) and the
 * state/drift events (with whether they describe a lasting state or a one-off occurrence).
 */

export const ALERT_METRICS = [
  "bounce_rate",
  "bounce_rate_by_category",
  "rate_4xx",
  "rate_5xx",
  "deferral_rate",
  "complaint_rate",
  "queue_depth",
  "latency_p95",
  "dmarc_compliance",
  "tlsrpt_failures",
  "uptime",
] as const;
export type TAlertMetric = (typeof ALERT_METRICS)[number];

/**
 * How the buckets of a window fold into the rule's value:
 * - weighted_mean: rates and percentages, each bucket weighted by its volume (a quiet hour with 2 messages
 *   must not weigh as much as a busy one with 20,000);
 * - sum: counts (TLS-RPT failed sessions);
 * - last: gauges, where only the newest sample describes the present (queue depth).
 */
export type MetricAggregate = "weighted_mean" | "sum" | "last";

export interface MetricInfo {
  label: string;
  unit: "percent" | "count" | "ms" | "messages";
  aggregate: MetricAggregate;
}

export const METRIC_CATALOG: Record<TAlertMetric, MetricInfo> = {
  bounce_rate: { label: "Bounce rate", unit: "percent", aggregate: "weighted_mean" },
  bounce_rate_by_category: { label: "Bounce rate", unit: "percent", aggregate: "weighted_mean" },
  rate_4xx: { label: "4xx reply rate", unit: "percent", aggregate: "weighted_mean" },
  rate_5xx: { label: "5xx reply rate", unit: "percent", aggregate: "weighted_mean" },
  deferral_rate: { label: "Deferral rate", unit: "percent", aggregate: "weighted_mean" },
  complaint_rate: { label: "Complaint rate", unit: "percent", aggregate: "weighted_mean" },
  queue_depth: { label: "Queue depth", unit: "messages", aggregate: "last" },
  // Percentiles do not merge exactly; a volume-weighted mean of bucket p95s is the usual approximation
  // and, unlike max, is not dominated by one near-empty bucket.
  latency_p95: { label: "Send latency p95", unit: "ms", aggregate: "weighted_mean" },
  dmarc_compliance: { label: "DMARC compliance", unit: "percent", aggregate: "weighted_mean" },
  tlsrpt_failures: { label: "TLS-RPT failed sessions", unit: "count", aggregate: "sum" },
  uptime: { label: "Uptime", unit: "percent", aggregate: "weighted_mean" },
};

export const ALERT_EVENTS = [
  "port_down",
  "port_degraded",
  "starttls_lost",
  "tls_downgraded",
  "cert_expiring",
  "spf_over_limit",
  "dmarc_weakened",
  "dkim_missing",
  "ip_blocklisted",
  "domain_blocklisted",
  "dns_check_failing",
  "throttling_detected",
  "greylisting_detected",
] as const;
export type TAlertEvent = (typeof ALERT_EVENTS)[number];

/**
 * "state" events are observations of a lasting condition: the newest observation decides (a port seen
 * DOWN stays down until a probe sees it up). "occurrence" events are detections that happened at one
 * moment: the rule holds while enough of them fall inside its window.
 */
export type EventNature = "state" | "occurrence" | "expiry";

export const EVENT_CATALOG: Record<TAlertEvent, { label: string; nature: EventNature }> = {
  port_down: { label: "Port down", nature: "state" },
  port_degraded: { label: "Port degraded", nature: "state" },
  starttls_lost: { label: "STARTTLS no longer offered", nature: "state" },
  tls_downgraded: { label: "TLS downgraded", nature: "state" },
  cert_expiring: { label: "Certificate expiring", nature: "expiry" },
  spf_over_limit: { label: "SPF over the 10-lookup limit", nature: "state" },
  dmarc_weakened: { label: "DMARC policy weakened", nature: "state" },
  dkim_missing: { label: "DKIM key missing", nature: "state" },
  ip_blocklisted: { label: "IP blocklisted", nature: "state" },
  domain_blocklisted: { label: "Domain blocklisted", nature: "state" },
  // A domain or IP whose DNS checks could not run (lookups refused or timed out): not graded, so not watched.
  dns_check_failing: { label: "DNS checks could not run", nature: "state" },
  throttling_detected: { label: "Throttling detected", nature: "occurrence" },
  greylisting_detected: { label: "Greylisting detected", nature: "occurrence" },
};

/**
 * The values a metric can take, by unit: a percentage is 0–100 (a bounce rate of 150 % or -3 % can never be
 * reached, so a rule comparing against it would never fire, or always); counts, milliseconds and queue
 * depths are never negative.
 */
export const METRIC_UNIT_RANGE: Record<MetricInfo["unit"], { min: number; max: number }> = {
  percent: { min: 0, max: 100 },
  count: { min: 0, max: Number.MAX_SAFE_INTEGER },
  ms: { min: 0, max: Number.MAX_SAFE_INTEGER },
  messages: { min: 0, max: Number.MAX_SAFE_INTEGER },
};

/** Null when `value` is a possible value of `metric`; otherwise the reason, for a validation message. */
export function metricRangeProblem(metric: TAlertMetric, value: number): string | null {
  const { label, unit } = METRIC_CATALOG[metric];
  const { min, max } = METRIC_UNIT_RANGE[unit];
  if (value >= min && value <= max) return null;
  return unit === "percent"
    ? `Must be between ${min} and ${max} (${label.toLowerCase()} is a percentage)`
    : `Must be at least ${min} (${label.toLowerCase()} is never negative)`;
}

export function formatMetricValue(metric: TAlertMetric, value: number): string {
  const { unit } = METRIC_CATALOG[metric];
  const rounded = Math.round(value * 100) / 100;
  if (unit === "percent") return `${rounded}%`;
  if (unit === "ms") return `${Math.round(value)} ms`;
  return String(rounded);
}
