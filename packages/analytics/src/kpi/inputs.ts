/**
 * The counts every KPI is computed from, for one period and one segment (organization, sending domain,
 * provider…). The analytics store sums its rollups into this shape; the catalogue never reads rows, so a
 * column store can serve the same shape later.
 */
export interface DeliveryCounts {
  /** Delivery attempts seen in MTA logs and ESP events, every outcome. */
  attempted: number;
  /** Attempts the receiving server accepted (2xx). */
  accepted: number;
  /** Attempts that will be retried (4xx replies, and local temporary failures such as timeouts). */
  deferred: number;
  /** Permanent failures whose category is hard (unknown user, no such domain, policy rejections…). */
  hardBounced: number;
  /** Failures that gave up on a soft cause (mailbox full, expired in the queue, unknown). */
  softBounced: number;
  /** Attempts with a remote 4xx reply code (a subset of deferred and soft bounces). */
  reply4xx: number;
  /** Attempts with a remote 5xx reply code. */
  reply5xx: number;
}

export interface ComplaintCounts {
  /** Feedback-loop (ARF) reports and ESP spam-report events, one per message and recipient. */
  complaints: number;
  /** A provider's own complaint rate (Gmail Postmaster's "user-reported spam rate") when it published one. */
  providerReportedRate: number | null;
}

export interface EngagementCounts {
  /** Messages an ESP reported delivered: the denominator of engagement rates. */
  delivered: number;
  /** Messages opened at least once, machine opens included. */
  opened: number;
  /** Messages whose only opens were machine opens (Apple Mail Privacy Protection, link scanners). */
  machineOnlyOpened: number;
  /** Messages clicked at least once. */
  clicked: number;
  unsubscribed: number;
}

export interface PlacementCounts {
  /** Seed-list test messages that arrived or timed out. */
  seeded: number;
  /** Of them, found in the inbox folder. */
  inbox: number;
}

export interface AuthCounts {
  /** Messages counted in DMARC aggregate reports for the organization's domains. */
  messages: number;
  spfAligned: number;
  dkimAligned: number;
  /** DMARC pass: SPF or DKIM aligned. */
  dmarcPass: number;
}

export interface PortProbes {
  probes: number;
  up: number;
}

/** Send latency (queue entry → final delivery) as counts per bucket of LATENCY_BUCKETS_SECONDS. */
export interface LatencyHistogram {
  counts: readonly number[];
}

export interface QueueDepthSamples {
  samples: number;
  sumDepth: number;
  maxDepth: number;
}

export interface KpiInputs {
  delivery: DeliveryCounts;
  complaints: ComplaintCounts;
  engagement: EngagementCounts;
  placement: PlacementCounts;
  auth: AuthCounts;
  ports: Record<SmtpPort, PortProbes>;
  latency: LatencyHistogram;
  queue: QueueDepthSamples;
}

export const SMTP_PORTS = [25, 587, 465] as const;
export type SmtpPort = (typeof SMTP_PORTS)[number];

/**
 * Upper bounds (seconds) of the send-latency buckets the rollups count into; the last is open-ended.
 * Log-spaced from half a second (a direct delivery) to a day (a message stuck in retries).
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.5,
  1,
  2,
  5,
  10,
  30,
  60,
  120,
  300,
  600,
  1800,
  3600,
  7200,
  14_400,
  43_200,
  86_400,
  Infinity,
] as const;

/** Inputs with every count at zero: what a segment without mail sums to. */
export function emptyKpiInputs(): KpiInputs {
  return {
    delivery: { attempted: 0, accepted: 0, deferred: 0, hardBounced: 0, softBounced: 0, reply4xx: 0, reply5xx: 0 },
    complaints: { complaints: 0, providerReportedRate: null },
    engagement: { delivered: 0, opened: 0, machineOnlyOpened: 0, clicked: 0, unsubscribed: 0 },
    placement: { seeded: 0, inbox: 0 },
    auth: { messages: 0, spfAligned: 0, dkimAligned: 0, dmarcPass: 0 },
    ports: { 25: { probes: 0, up: 0 }, 587: { probes: 0, up: 0 }, 465: { probes: 0, up: 0 } },
    latency: { counts: LATENCY_BUCKETS_SECONDS.map(() => 0) },
    queue: { samples: 0, sumDepth: 0, maxDepth: 0 },
  };
}
