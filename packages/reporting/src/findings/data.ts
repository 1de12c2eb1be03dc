/**
 * What the root-cause rules read: plain data about one report period, already summed by the figure builder
 * (services) from the rollups, drift events, incidents, DMARC records, complaints and probe rollups. No
 * database here, so every rule is tested with hand-worked fixtures.
 */
import {
  type ComplaintFigure,
  type DmarcFailingSource,
  type HeadlineKpi,
  type ReplyCodeRow,
  type ReportCadence,
  type ServerPorts,
} from "../figures.ts";

/** Delivery outcomes of one segment (provider, day…). */
export interface DeliveryTally {
  attempted: number;
  accepted: number;
  deferred: number;
  hardBounced: number;
  softBounced: number;
}

export const EMPTY_TALLY: DeliveryTally = { attempted: 0, accepted: 0, deferred: 0, hardBounced: 0, softBounced: 0 };

export function addTally(a: DeliveryTally, b: DeliveryTally): DeliveryTally {
  return {
    attempted: a.attempted + b.attempted,
    accepted: a.accepted + b.accepted,
    deferred: a.deferred + b.deferred,
    hardBounced: a.hardBounced + b.hardBounced,
    softBounced: a.softBounced + b.softBounced,
  };
}

export interface ProviderData {
  /** Provider key of the rollups ("google", "microsoft"…). */
  key: string;
  current: DeliveryTally;
  previous: DeliveryTally;
  /** One tally per day of the period, in the order of `ReportData.days`. */
  daily: DeliveryTally[];
}

/** An IP or domain newly listed on a blocklist in the period (a `dnsbl.listed` drift event). */
export interface ListingEvent {
  at: Date;
  subject: string;
  subjectKind: "ip" | "domain";
  /** "Spamhaus ZEN". */
  list: string;
  /** When the same subject was delisted from the same list after `at`, within the period; else null. */
  delistedAt: Date | null;
  /** "ips/<id>" or "domains/<id>". */
  evidencePath: string | null;
}

/** A change of an SPF / DKIM / DMARC (or other DNS) record or of its findings, from the DNS drift events. */
export interface AuthDriftEvent {
  at: Date;
  domain: string;
  /** "spf", "dkim", "dmarc", "mx", "bimi"… */
  check: string;
  /** The drift type (`record.changed`, `dmarc.policy-weakened`…). */
  type: string;
  severity: "critical" | "warning" | "info";
  message: string;
  evidencePath: string | null;
}

/** A TLS problem: certificate or protocol drift of a probed port, MTA-STS / TLS-RPT drift, failed TLS probes. */
export interface TlsEvent {
  at: Date;
  subject: string;
  message: string;
  severity: "critical" | "warning" | "info";
  evidencePath: string | null;
}

/** Sessions TLS-RPT reporters saw (RFC 8460) for the organization's domains in the period. */
export interface TlsReportTotals {
  successfulSessions: number;
  failedSessions: number;
}

export interface IncidentData {
  id: string;
  title: string;
  severity: "critical" | "warning" | "info";
  openedAt: Date;
  resolvedAt: Date | null;
}

export interface ReportData {
  cadence: ReportCadence;
  timeZone: string;
  period: { from: Date; to: Date; label: string };
  /** Day starts of the period (local midnights). */
  days: Date[];
  attempted: number;
  previousAttempted: number;
  /** The headline KPIs, with trends already judged against the noise band. */
  headline: HeadlineKpi[];
  providers: ProviderData[];
  listings: ListingEvent[];
  authDrift: AuthDriftEvent[];
  tls: TlsEvent[];
  tlsReports: TlsReportTotals;
  replyCodes: ReplyCodeRow[];
  ports: ServerPorts[];
  dmarcFailing: DmarcFailingSource[];
  complaints: ComplaintFigure[];
  /** Incidents opened in the period or still open when it started. */
  incidents: IncidentData[];
}
