import { quantileFromHistogram } from "./histogram.ts";
import { type KpiInputs, type SmtpPort } from "./inputs.ts";
import { type KpiValue, measuredValue, NO_DATA, rateValue } from "./value.ts";

/** Every KPI, in the order the docs and dashboards list them. */
export const KPI_IDS = [
  "accepted_rate",
  "hard_bounce_rate",
  "soft_bounce_rate",
  "deferral_rate",
  "reply_4xx_rate",
  "reply_5xx_rate",
  "complaint_rate",
  "inbox_rate_proxy",
  "open_rate",
  "human_open_rate",
  "click_rate",
  "unsubscribe_rate",
  "spf_aligned_rate",
  "dkim_aligned_rate",
  "dmarc_pass_rate",
  "uptime_25",
  "uptime_587",
  "uptime_465",
  "send_latency_p50",
  "send_latency_p95",
  "queue_depth",
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export type KpiUnit = "fraction" | "seconds" | "messages";
export type KpiGroup = "delivery" | "complaints" | "placement" | "engagement" | "authentication" | "infrastructure";

export interface KpiDefinition {
  id: KpiId;
  label: string;
  group: KpiGroup;
  /** "fraction" values are in [0, 1] and shown as percentages; deltas of fractions are percentage points. */
  unit: KpiUnit;
  /** Which way is good: the UI colours deltas and the report words them from this. */
  better: "higher" | "lower";
  /** The formula in words, as docs/kpis.md and the "how is this computed?" popover show it. */
  formula: string;
  source: string;
  caveat: string;
  /** Below this volume (the formula's denominator, or samples) the value is "not enough mail" (or probes). */
  minVolume: number;
  /** What the volume counts, for "not enough …" and the docs: messages for every KPI of mail, probes for uptime. */
  volumeNoun: "messages" | "probes" | "snapshots";
  compute(inputs: KpiInputs): KpiValue;
}

/**
 * Minimum volumes. Rates over delivery attempts need a hundred attempts before one message moves them by
 * less than a point; complaint rates are compared with providers' 0.1 % / 0.3 % thresholds, which only
 * mean something over a thousand messages; uptime needs an hour of 5-minute probes.
 */
const MIN_ATTEMPTS = 100;
const MIN_COMPLAINT_BASE = 1000;
const MIN_DELIVERED_FOR_ENGAGEMENT = 100;
const MIN_SEEDS = 10;
const MIN_DMARC_MESSAGES = 100;
const MIN_PROBES = 12;
const MIN_LATENCY_SAMPLES = 20;
/**
 * The engagement rates' denominator: MTA logs never report an open, so mail they logged would only drag
 * every engagement rate down (ingestion marks the events of ESP webhook formats, the rollups count them).
 */
const TRACKED_DELIVERED = "messages delivered by a source that reports engagement (ESP webhooks; MTA logs never do)";

function deliveryRate(
  id: KpiId,
  label: string,
  better: KpiDefinition["better"],
  part: (i: KpiInputs) => number,
  formula: string,
  caveat: string,
): KpiDefinition {
  return {
    id,
    label,
    group: "delivery",
    unit: "fraction",
    better,
    formula,
    source: "Delivery events from MTA logs (syslog, log upload, REST) and ESP webhooks",
    caveat,
    minVolume: MIN_ATTEMPTS,
    volumeNoun: "messages",
    compute: (i) => rateValue(part(i), i.delivery.attempted, MIN_ATTEMPTS),
  };
}

function portUptime(port: SmtpPort): KpiDefinition {
  return {
    id: `uptime_${port}` as const,
    label: `Uptime, port ${port}`,
    group: "infrastructure",
    unit: "fraction",
    better: "higher",
    formula: `probes of port ${port} that completed the SMTP handshake ÷ probes of port ${port}`,
    source: "SMTP probes of the organization's mail servers",
    caveat: "A probe that could not run (egress blocked, probe agent down) is not counted on either side.",
    minVolume: MIN_PROBES,
    volumeNoun: "probes",
    compute: (i) => rateValue(i.ports[port].up, i.ports[port].probes, MIN_PROBES),
  };
}

function latencyQuantile(id: KpiId, label: string, q: number): KpiDefinition {
  return {
    id,
    label,
    group: "infrastructure",
    unit: "seconds",
    better: "lower",
    formula: `the ${Math.round(q * 100)}th percentile of (delivered time − queue entry time), interpolated within the latency histogram's buckets`,
    source: "Delivery events with a delay (Postfix delay=, ESP timestamps)",
    caveat: "Bucketed: exact to the bucket, interpolated inside it; a value in the last bucket reads as “at least 24 h”.",
    minVolume: MIN_LATENCY_SAMPLES,
    volumeNoun: "messages",
    compute: (i) =>
      measuredValue(
        quantileFromHistogram(i.latency.counts, q),
        i.latency.counts.reduce((s, c) => s + c, 0),
        MIN_LATENCY_SAMPLES,
      ),
  };
}

/** Human opens: opened messages minus those whose only opens came from a machine. */
function humanOpened(i: KpiInputs): number {
  return Math.max(0, i.engagement.opened - i.engagement.machineOnlyOpened);
}

/**
 * The inbox-rate proxy: seed placement when enough seed messages were placed in the period, else the
 * share of delivered messages a person engaged with (human open or click) — a lower bound, since mail in
 * the inbox is not always opened. The basis is part of the value so the UI can label it.
 */
function inboxProxy(i: KpiInputs): KpiValue & { basis?: "seed" | "engagement" } {
  if (i.placement.seeded >= MIN_SEEDS) return { ...rateValue(i.placement.inbox, i.placement.seeded, MIN_SEEDS), basis: "seed" };
  const engaged = Math.max(humanOpened(i), i.engagement.clicked);
  const value = rateValue(engaged, i.engagement.delivered, MIN_DELIVERED_FOR_ENGAGEMENT);
  if (value.state === "no-data") {
    return i.placement.seeded > 0 ? { ...rateValue(i.placement.inbox, i.placement.seeded, MIN_SEEDS), basis: "seed" } : NO_DATA;
  }
  return { ...value, basis: "engagement" };
}

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  deliveryRate(
    "accepted_rate",
    "Accepted",
    "higher",
    (i) => i.delivery.accepted,
    "attempts answered 2xx ÷ attempts",
    "Accepted is not inbox: a provider may accept and file in spam. See the inbox-rate proxy.",
  ),
  deliveryRate(
    "hard_bounce_rate",
    "Hard bounces",
    "lower",
    (i) => i.delivery.hardBounced,
    "attempts that failed permanently with a hard category ÷ attempts",
    "Categories come from the bounce classifier (reply code, enhanced status code and text); an unknown reason counts as soft.",
  ),
  deliveryRate(
    "soft_bounce_rate",
    "Soft bounces",
    "lower",
    (i) => i.delivery.softBounced,
    "attempts that failed with a soft category or expired in the queue ÷ attempts",
    "Includes messages that expired after retries, which MTAs report as bounces.",
  ),
  deliveryRate(
    "deferral_rate",
    "Deferrals",
    "lower",
    (i) => i.delivery.deferred,
    "attempts deferred for a retry ÷ attempts",
    "One message retried five times counts five deferred attempts: this is a rate of attempts, not of messages.",
  ),
  deliveryRate(
    "reply_4xx_rate",
    "4xx replies",
    "lower",
    (i) => i.delivery.reply4xx,
    "attempts with a remote 4xx reply ÷ attempts",
    "Local temporary failures (timeouts, refused connections) have no remote reply and are not counted here; see deferrals.",
  ),
  deliveryRate(
    "reply_5xx_rate",
    "5xx replies",
    "lower",
    (i) => i.delivery.reply5xx,
    "attempts with a remote 5xx reply ÷ attempts",
    "Broken down by reply code and by category on the dashboards.",
  ),
  {
    id: "complaint_rate",
    label: "Complaints",
    group: "complaints",
    unit: "fraction",
    better: "lower",
    formula:
      "the provider's published user-reported spam rate when there is one; else feedback-loop and ESP spam reports ÷ accepted messages",
    source: "ARF feedback-loop reports, ESP spam-report events, Gmail Postmaster Tools",
    caveat:
      "Feedback loops cover only the providers that run one (not Gmail): without postmaster data this is a lower bound. Compare with Gmail's and Yahoo's 0.1 % target and 0.3 % limit.",
    minVolume: MIN_COMPLAINT_BASE,
    volumeNoun: "messages",
    compute: (i) => {
      const published = i.complaints.providerReportedRate;
      if (published !== null && Number.isFinite(published)) return { state: "ok", value: published, volume: i.delivery.accepted };
      return rateValue(i.complaints.complaints, i.delivery.accepted, MIN_COMPLAINT_BASE);
    },
  },
  {
    id: "inbox_rate_proxy",
    label: "Inbox rate (proxy)",
    group: "placement",
    unit: "fraction",
    better: "higher",
    formula: `seed messages found in the inbox ÷ seed messages placed, when at least 10 were placed; else messages a person opened or clicked ÷ ${TRACKED_DELIVERED}`,
    source: "Seed-list placement tests, else ESP engagement events",
    caveat: "A proxy, labelled with its basis. The engagement basis is a lower bound: inbox mail is not always opened.",
    minVolume: MIN_SEEDS,
    volumeNoun: "messages",
    compute: inboxProxy,
  },
  {
    id: "open_rate",
    label: "Opens (including machine opens)",
    group: "engagement",
    unit: "fraction",
    better: "higher",
    formula: `messages opened at least once ÷ ${TRACKED_DELIVERED} (machine opens included)`,
    source: "ESP open events",
    caveat:
      "Includes machine opens: Apple Mail Privacy Protection fetches every message's images, tracking pixel included, whether or not the recipient reads it, so lists with many Apple Mail users look opened; use the human open rate to judge interest.",
    minVolume: MIN_DELIVERED_FOR_ENGAGEMENT,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.engagement.opened, i.engagement.delivered, MIN_DELIVERED_FOR_ENGAGEMENT),
  },
  {
    id: "human_open_rate",
    label: "Human opens (excluding machine opens)",
    group: "engagement",
    unit: "fraction",
    better: "higher",
    formula: `(messages opened − messages whose only opens were machine opens) ÷ ${TRACKED_DELIVERED}`,
    source:
      "ESP open events; machine opens flagged by the ESP (SendGrid sg_machine_open) or, for ESPs without a flag (SES, Postmark, Mailgun, SparkPost), by Apple's privacy proxy fetch: user agent exactly \"Mozilla/5.0\" from Apple's 17.0.0.0/8",
    caveat:
      "Apple Mail Privacy Protection (iOS 15, macOS 12 and later) pre-fetches every message through Apple's proxy, so its opens say nothing about the reader. A message a machine opened counts as human once the ESP reports a person's open of it; a person who reads through the proxy only is not counted (a lower bound).",
    minVolume: MIN_DELIVERED_FOR_ENGAGEMENT,
    volumeNoun: "messages",
    compute: (i) => rateValue(humanOpened(i), i.engagement.delivered, MIN_DELIVERED_FOR_ENGAGEMENT),
  },
  {
    id: "click_rate",
    label: "Clicks",
    group: "engagement",
    unit: "fraction",
    better: "higher",
    formula: `messages clicked at least once ÷ ${TRACKED_DELIVERED}`,
    source: "ESP click events",
    caveat: "Security scanners that follow links inflate clicks; ESPs filter some of them.",
    minVolume: MIN_DELIVERED_FOR_ENGAGEMENT,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.engagement.clicked, i.engagement.delivered, MIN_DELIVERED_FOR_ENGAGEMENT),
  },
  {
    id: "unsubscribe_rate",
    label: "Unsubscribes",
    group: "engagement",
    unit: "fraction",
    better: "lower",
    formula: `messages unsubscribed from ÷ ${TRACKED_DELIVERED}`,
    source: "ESP unsubscribe events (list-unsubscribe and links)",
    caveat: "Unsubscribes handled outside the ESP are not seen.",
    minVolume: MIN_DELIVERED_FOR_ENGAGEMENT,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.engagement.unsubscribed, i.engagement.delivered, MIN_DELIVERED_FOR_ENGAGEMENT),
  },
  {
    id: "spf_aligned_rate",
    label: "SPF aligned",
    group: "authentication",
    unit: "fraction",
    better: "higher",
    formula: "messages whose SPF passed and aligned with the From domain ÷ messages in DMARC aggregate reports",
    source: "DMARC aggregate reports",
    caveat: "Forwarded mail fails SPF by design; DMARC still passes when DKIM aligns.",
    minVolume: MIN_DMARC_MESSAGES,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.auth.spfAligned, i.auth.messages, MIN_DMARC_MESSAGES),
  },
  {
    id: "dkim_aligned_rate",
    label: "DKIM aligned",
    group: "authentication",
    unit: "fraction",
    better: "higher",
    formula: "messages whose DKIM passed and aligned with the From domain ÷ messages in DMARC aggregate reports",
    source: "DMARC aggregate reports",
    caveat: "Reports arrive a day late and only from providers that send them.",
    minVolume: MIN_DMARC_MESSAGES,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.auth.dkimAligned, i.auth.messages, MIN_DMARC_MESSAGES),
  },
  {
    id: "dmarc_pass_rate",
    label: "DMARC pass",
    group: "authentication",
    unit: "fraction",
    better: "higher",
    formula: "messages with SPF or DKIM aligned ÷ messages in DMARC aggregate reports",
    source: "DMARC aggregate reports",
    caveat: "Includes mail others sent in your name: a low rate can be spoofing, not your own mail failing.",
    minVolume: MIN_DMARC_MESSAGES,
    volumeNoun: "messages",
    compute: (i) => rateValue(i.auth.dmarcPass, i.auth.messages, MIN_DMARC_MESSAGES),
  },
  portUptime(25),
  portUptime(587),
  portUptime(465),
  latencyQuantile("send_latency_p50", "Send latency p50", 0.5),
  latencyQuantile("send_latency_p95", "Send latency p95", 0.95),
  {
    id: "queue_depth",
    label: "Queue depth",
    group: "infrastructure",
    unit: "messages",
    better: "lower",
    formula: "the mean of the queue-depth snapshots in the period (the maximum is shown beside it)",
    source: "Queue snapshots (postqueue / REST /api/v1/ingest/queue)",
    caveat: "Only servers that report their queue are counted.",
    minVolume: 1,
    volumeNoun: "snapshots",
    compute: (i) => (i.queue.samples > 0 ? measuredValue(i.queue.sumDepth / i.queue.samples, i.queue.samples, 1) : NO_DATA),
  },
];

const BY_ID = new Map<string, KpiDefinition>(KPI_CATALOGUE.map((k) => [k.id, k]));

export function kpiDefinition(id: KpiId): KpiDefinition {
  const def = BY_ID.get(id);
  if (!def) throw new Error(`unknown KPI ${id}`);
  return def;
}

export function isKpiId(id: string): id is KpiId {
  return BY_ID.has(id);
}

/** Every KPI of the catalogue over one set of inputs. */
export function computeKpis(inputs: KpiInputs): Map<KpiId, KpiValue> {
  return new Map(KPI_CATALOGUE.map((k) => [k.id, k.compute(inputs)]));
}
