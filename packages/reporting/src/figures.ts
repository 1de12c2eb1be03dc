/**
 * The frozen content of one deliverability report (issue 14): everything the renderers (web page, PDF,
 * email, Slack / Teams summary) show, computed once by the services' figure builder and stored as JSON on
 * the archived edition, so a report opened next year shows what was sent, not what the data says now.
 *
 * No renderer computes a figure or writes a sentence of its own: every sentence of the narrative and of
 * the findings comes with the figures that back it (`facts`), and the renderers print both.
 */
import { type KpiValue } from "@inboxwatch/analytics/kpi";

/** Bumped when the shape changes incompatibly; renderers refuse a version they do not know. */
export const REPORT_FIGURES_VERSION = 1;

export const REPORT_CADENCES = ["weekly", "monthly"] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

/** leadership: one page of headline figures and narrative; ops: the technical appendix; marketing: campaigns, cohorts, experiments. */
export const REPORT_AUDIENCES = ["leadership", "ops", "marketing"] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

/** A figure quoted by a sentence: shown beside it, so every claim can be checked in the report. */
export interface Fact {
  label: string;
  /** Display text, already formatted ("98.2 %", "4.1×", "203.0.113.7"). */
  value: string;
}

export interface ReportPeriod {
  /** ISO instants; `to` is exclusive. Boundaries are local midnights in the organization's time zone. */
  from: string;
  to: string;
  /** "30 Nov – 6 Dec 2026", "November 2026" — in the organization's time zone. */
  label: string;
}

export interface HeadlineKpi {
  /** A KPI id of the catalogue (`accepted_rate`, …). */
  id: string;
  label: string;
  unit: string;
  better: "higher" | "lower";
  current: KpiValue;
  previous: KpiValue | null;
  /** current − previous in the KPI's unit; null unless both are figures. */
  delta: number | null;
  /** "98.2 %", "not enough mail (37 of 200)", "no data". */
  display: string;
  /** "+0.4 pt", "−12 ms"; null when there is no delta. */
  deltaDisplay: string | null;
  /** Whether the change is good news, bad news or neither (no delta, or within noise). */
  trend: "better" | "worse" | "flat" | "unknown";
  /** One value per day of the period (null: no figure that day), for the sparkline. */
  sparkline: (number | null)[];
}

export type FindingSeverity = "critical" | "warning" | "info" | "good";

/** A root cause or notable change found by a rule over the period's data. */
export interface Finding {
  /** The rule that produced it (`deferral_spike_after_listing`, …): stable, used to link actions. */
  rule: string;
  severity: FindingSeverity;
  /** One sentence, every number in it present in `facts`. */
  sentence: string;
  facts: Fact[];
  /** A path in the web app (relative to the organization, e.g. "ips/…", "alerts/incidents/…") showing the evidence. */
  evidencePath: string | null;
}

export interface RecommendedAction {
  text: string;
  /** The rule of the finding it comes from. */
  rule: string;
  /** Path in the web app where the action is taken. */
  actionPath: string | null;
}

export interface IncidentSummary {
  id: string;
  title: string;
  severity: "critical" | "warning" | "info";
  openedAt: string;
  resolvedAt: string | null;
  /** Minutes open within the period's end (still open: up to the end of the period). */
  durationMinutes: number;
  /** "resolved", "still open", "resolved by maintenance"… from the incident's own events. */
  outcome: string;
  timeline: { at: string; kind: string; text: string }[];
  comments: { at: string; author: string; text: string }[];
}

export interface DriftItem {
  at: string;
  kind: "blocklist" | "authentication" | "tls" | "dns";
  /** The IP, domain or server concerned. */
  subject: string;
  /** "listed on Spamhaus ZEN", "SPF record changed", "TLS certificate renewed". */
  change: string;
  before: string | null;
  after: string | null;
  evidencePath: string | null;
}

export interface PortFigure {
  port: number;
  /** Fraction of successful probes; null when no probe ran in the period ("unknown", never 100 %). */
  uptime: number | null;
  probes: number;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
  tls: string | null;
}

export interface ServerPorts {
  serverId: string;
  hostname: string;
  ports: PortFigure[];
}

export interface DmarcFailingSource {
  sourceIp: string;
  /** Reverse DNS or the reporter's name for the source, when known. */
  sourceName: string | null;
  headerFrom: string;
  messages: number;
  /** Share of its messages that failed DMARC alignment. */
  failRate: number;
  disposition: string;
}

export interface ComplaintFigure {
  /** Mailbox provider (display name) or "All providers". */
  provider: string;
  complaints: number;
  delivered: number;
  rate: KpiValue;
  /** The provider's published bulk-sender threshold (e.g. 0.003 for Gmail and Yahoo). */
  threshold: number;
  /** Where the threshold is published ("Gmail sender guidelines, Feb 2024"). */
  thresholdSource: string;
  status: "ok" | "near" | "over" | "not enough mail" | "no data";
}

export interface ProviderRow {
  key: string;
  label: string;
  attempted: number;
  accepted: KpiValue;
  deferral: KpiValue;
  hardBounce: KpiValue;
  previousAttempted: number;
  deferralPrevious: KpiValue | null;
}

export interface ReplyCodeRow {
  code: string;
  class: "4xx" | "5xx";
  count: number;
  previousCount: number;
  /** The most frequent text seen with the code, trimmed. */
  sample: string | null;
}

export interface RoiSection {
  /** The model's outputs with their formula, as `Figure`s of the analytics ROI model (formatted). */
  figures: { label: string; value: string; formula: string }[];
  inputs: Fact[];
  currency: string;
  /** Why the section is empty ("no conversions imported", "ROI settings not filled in"), when it is. */
  missing: string | null;
}

export interface CampaignRow {
  campaign: string;
  attempted: number;
  accepted: KpiValue;
  openRate: KpiValue;
  clickRate: KpiValue;
  conversions: number;
  revenue: number | null;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  status: string;
  /** "Variant B wins on clicks (+1.2 pt, p = 0.01)" — backed by facts. */
  sentence: string;
  facts: Fact[];
}

export interface MarketingSection {
  campaigns: CampaignRow[];
  /** The cohort heat map summary: best and worst acquisition source × provider cells. */
  cohorts: { sentence: string; facts: Fact[] }[];
  experiments: ExperimentSummary[];
}

export interface ReportFigures {
  version: typeof REPORT_FIGURES_VERSION;
  title: string;
  cadence: ReportCadence;
  audience: ReportAudience;
  org: { name: string; slug: string; timeZone: string; logoDataUrl: string | null };
  /** Absolute base URL of the organization's pages ("https://app…/acme"), for links in mail and chat. */
  orgUrl: string;
  generatedAt: string;
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  /** Day starts (ISO) of the sparklines, in the organization's time zone. */
  days: string[];
  scope: { label: string; domains: string[]; servers: string[]; campaigns: string[] };
  volume: { attempted: number; previousAttempted: number };
  /** True when the period saw no mail at all in scope: the report says so plainly instead of showing empty rates. */
  noMail: boolean;
  /** Sentences for the leadership page, each with its facts. */
  narrative: { sentence: string; facts: Fact[] }[];
  headline: HeadlineKpi[];
  findings: Finding[];
  actions: RecommendedAction[];
  incidents: IncidentSummary[];
  drift: DriftItem[];
  ports: ServerPorts[];
  providers: ProviderRow[];
  replyCodes: ReplyCodeRow[];
  dmarcFailingSources: DmarcFailingSource[];
  complaints: ComplaintFigure[];
  roi: RoiSection | null;
  /** Present for the marketing audience (and in the appendix of the others when there are campaigns). */
  marketing: MarketingSection | null;
}
