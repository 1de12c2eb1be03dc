/** Shapes shared by the log format plug-ins, the correlator and its callers. */
import { type BounceCategory, type BounceClass, type BounceReason } from "../classify/types.ts";

export type DeliveryStatus = "sent" | "deferred" | "bounced" | "expired";

/**
 * ESP events about a message already delivered: a recipient opened, clicked, unsubscribed or complained.
 * They arrive with status "sent" (the message was accepted) and keep their event type as their category,
 * so rollups can tell them from deliveries: an open is not a second accepted message.
 */
export const ENGAGEMENT_CATEGORIES = ["open", "click", "unsubscribe", "complaint"] as const;
export type EngagementCategory = (typeof ENGAGEMENT_CATEGORIES)[number];

export function isEngagementCategory(value: string): value is EngagementCategory {
  return (ENGAGEMENT_CATEGORIES as readonly string[]).includes(value);
}

/** Postfix `delays=a/b/c/d` (seconds): before the queue manager, in the queue, connection setup, transmission. */
export interface DelayBreakdown {
  beforeQueue: number;
  inQueue: number;
  connSetup: number;
  transmission: number;
}

export interface TlsInfo {
  /** Postfix: Anonymous, Untrusted, Trusted, Verified. */
  trust: string;
  protocol: string;
  cipher: string;
}

/** One delivery attempt of one message to one recipient, classified. */
export interface DeliveryEvent {
  /** ISO 8601 time of the log line, or null when the line carried none that could be read. */
  time: string | null;
  source: string;
  host: string;
  queueId: string;
  messageId: string;
  /**
   * The campaign and A/B variant the sender tagged the message with, as the ESP reported them (SendGrid
   * categories and custom args, Mailgun tags and user variables, Postmark Tag and Metadata, SES message
   * tags, SparkPost campaign_id, rcpt_meta and tags); '' when the source carries none (MTA logs).
   */
  campaign: string;
  variant: string;
  sender: string;
  recipient: string;
  recipientDomain: string;
  origRecipient: string;
  status: DeliveryStatus;
  replyCode: string;
  enhancedCode: string;
  /** The bounce category, or the engagement event type for opens, clicks, unsubscribes and complaints. */
  category: BounceCategory | EngagementCategory;
  reason: BounceReason;
  class: BounceClass;
  relayHost: string;
  relayIp: string;
  relayPort: number | null;
  delaySeconds: number | null;
  delays: DelayBreakdown | null;
  tls: TlsInfo | null;
  response: string;
  /** The mailbox provider grouped from the recipient domain and relay host (see provider.ts). */
  provider: string;
  /** ESP webhook events that are not delivery attempts (open, click, complaint, unsubscribe) use this. */
  eventType: string;
  /**
   * Open events only: the open was made by software fetching the pixel (Apple Mail Privacy Protection),
   * not by a person — the ESP's flag, else the Apple proxy heuristic (machine-open.ts). Absent: false.
   */
  machineOpen?: boolean;
  raw: string;
}

/** What one line said, before correlation. Formats return one of these or null for "not mine". */
export type LineRecord =
  | { kind: "message"; time: string | null; host: string; queueId: string; sender?: string; messageId?: string; size?: number }
  | {
      kind: "delivery";
      time: string | null;
      host: string;
      queueId: string;
      connKey?: string;
      partial: Partial<DeliveryEvent> & { recipient: string; status: DeliveryStatus };
    }
  | { kind: "tls"; time: string | null; host: string; connKey: string; tls: TlsInfo; peerHost: string }
  | { kind: "removed"; time: string | null; host: string; queueId: string }
  | { kind: "events"; events: (Partial<DeliveryEvent> & { recipient: string; status: DeliveryStatus })[] }
  | { kind: "ignored" };

/** One log format: recognises its lines and turns each into a record. Plug-ins are stateless. */
export interface LogFormat {
  name: string;
  /** Parses one line (without the trailing newline); null when the line is not in this format. */
  parseLine(line: string, ctx: ParseContext): LineRecord | null;
  /**
   * Optional byte-level prefilter: true when the line at bytes[start, end) is certainly of this format
   * and certainly irrelevant, so it is counted without being decoded or parsed (the hot path of big logs).
   */
  skipBytes?: (bytes: Buffer, start: number, end: number) => boolean;
}

export interface ParseContext {
  /** Year for RFC 3164 timestamps, which carry none (RFC 3164 §4.1.2). */
  year: number;
}
