/**
 * The rules a new organization starts with. Thresholds follow what mailbox providers publish: Gmail's
 * sender guidelines ask for a spam (complaint) rate below 0.1% and never reaching 0.3%; bounce rates
 * above ~2% are where reputation damage starts; a 5xx rate above 5% means mail is being refused.
 */
import { ZAlertRuleDraft, type TAlertRuleDraft, type TAlertRuleDraftInput } from "./rule-schema.ts";

/** Ratio-type presets do not fire below this many messages in the window: 3 bounces out of 20 is noise. */
export const PRESET_MIN_VOLUME_MESSAGES = 200;

const PRESETS: TAlertRuleDraftInput[] = [
  {
    presetKey: "port-down",
    name: "SMTP port down",
    scope: { type: "organization" },
    condition: { kind: "event", event: "port_down" },
    severity: "critical",
    minVolume: 2,
    forMinutes: 2,
  },
  {
    presetKey: "starttls-lost",
    name: "STARTTLS no longer offered",
    scope: { type: "organization" },
    condition: { kind: "event", event: "starttls_lost" },
    severity: "critical",
    // Each port has ONE current observation (its last successful probe against its baseline): asking for
    // two confirmations never fired for a single port.
    minVolume: 1,
  },
  {
    presetKey: "cert-expiring",
    name: "TLS certificate expires within 14 days",
    scope: { type: "organization" },
    condition: { kind: "event", event: "cert_expiring", days: 14 },
    severity: "warning",
  },
  {
    presetKey: "ip-blocklisted",
    name: "Sending IP listed on a blocklist",
    scope: { type: "organization" },
    condition: { kind: "event", event: "ip_blocklisted" },
    severity: "critical",
  },
  {
    presetKey: "domain-blocklisted",
    name: "Domain listed on a blocklist",
    scope: { type: "organization" },
    condition: { kind: "event", event: "domain_blocklisted" },
    severity: "critical",
  },
  {
    presetKey: "spf-over-limit",
    name: "SPF over the 10-lookup limit",
    scope: { type: "organization" },
    condition: { kind: "event", event: "spf_over_limit" },
    severity: "warning",
  },
  {
    presetKey: "dmarc-weakened",
    name: "DMARC policy weakened",
    scope: { type: "organization" },
    condition: { kind: "event", event: "dmarc_weakened" },
    severity: "warning",
  },
  {
    presetKey: "dkim-missing",
    name: "DKIM key missing",
    scope: { type: "organization" },
    condition: { kind: "event", event: "dkim_missing" },
    severity: "critical",
  },
  {
    presetKey: "dns-check-failing",
    name: "DNS checks could not run for an hour",
    scope: { type: "organization" },
    condition: { kind: "event", event: "dns_check_failing" },
    severity: "warning",
    // One failed run is often a resolver hiccup, retried within the hour (IPs hourly); an hour of
    // unknown means the domain or IP is not being watched at all.
    forMinutes: 60,
  },
  {
    presetKey: "throttling",
    name: "Throttling by a mailbox provider",
    scope: { type: "organization" },
    condition: { kind: "event", event: "throttling_detected", windowMinutes: 30 },
    severity: "warning",
    // One signal is one whole episode the ingest detector already confirmed (≥ 5 rate-limit replies,
    // ≥ 10 % of the provider's attempts, after a send spike): the first is worth an alert.
    minVolume: 1,
  },
  {
    presetKey: "bounce-rate",
    name: "Bounce rate above 5%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "bounce_rate", comparator: ">", value: 5, windowMinutes: 60 },
    severity: "warning",
    minVolume: PRESET_MIN_VOLUME_MESSAGES,
    forMinutes: 10,
  },
  {
    presetKey: "complaint-rate",
    name: "Complaint rate at or above 0.3%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "complaint_rate", comparator: ">=", value: 0.3, windowMinutes: 24 * 60 },
    severity: "critical",
    minVolume: 1000,
  },
  {
    presetKey: "rate-5xx",
    name: "5xx replies above 5%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "rate_5xx", comparator: ">", value: 5, windowMinutes: 30 },
    severity: "critical",
    minVolume: PRESET_MIN_VOLUME_MESSAGES,
    forMinutes: 5,
  },
  {
    presetKey: "deferral-spike",
    name: "Deferral rate 3 × its 7-day median",
    scope: { type: "organization" },
    condition: { kind: "baseline", metric: "deferral_rate", direction: "above", factor: 3, windowMinutes: 60, minValue: 2 },
    severity: "warning",
    minVolume: PRESET_MIN_VOLUME_MESSAGES,
    forMinutes: 15,
  },
  {
    presetKey: "dmarc-compliance",
    name: "DMARC compliance below 95%",
    scope: { type: "organization" },
    condition: { kind: "threshold", metric: "dmarc_compliance", comparator: "<", value: 95, windowMinutes: 24 * 60 },
    severity: "info",
    minVolume: 1000,
  },
];

/** The preset rules, validated (so defaults are applied), all notifying `channelIds`. */
export function presetAlertRules(options: { channelIds?: string[] } = {}): TAlertRuleDraft[] {
  return PRESETS.map((p) => ZAlertRuleDraft.parse({ ...p, channelIds: options.channelIds ?? [] }));
}
