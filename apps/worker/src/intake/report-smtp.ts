/**
 * Inbound SMTP for report mail: DMARC aggregate/failure reports (rua/ruf), TLS reports (RFC 8460 §3),
 * feedback loops (ARF) and bounces, sent to per-organization addresses
 *
 *   dmarc+<ingestToken>@<inbound host>   tlsrpt+<ingestToken>@…   fbl+<ingestToken>@…   bounces+<ingestToken>@…
 *
 * and the return path of scheduled reports, `report-bounce+<deliveryId>@…` (services scheduled-reports/bounces.ts).
 *
 * The token names the organization (Organization.ingestToken). A message is acknowledged with 250 only
 * after `ingestReport` committed the raw bytes (and their processing job) for every organization it
 * was addressed to; any failure before that answers 451 so the sending MTA keeps the message and
 * retries (RFC 5321 §4.2.5). No AUTH: the server accepts mail only for the token addresses.
 */
import { type Readable } from "node:stream";

import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";

import { type Db } from "@inboxwatch/db";
import { forOrg, systemContext } from "@inboxwatch/services";
import { ServiceError } from "@inboxwatch/services";
import { recordBounceMail } from "@inboxwatch/services/reports";
import { ingestReport, RAW_REPORT_MAX_BYTES } from "@inboxwatch/services/reports";
import { recordReportBounce, REPORT_BOUNCE_RE } from "@inboxwatch/services/scheduled-reports";

/** RFC 1870 SIZE announced and enforced (552 above): the parser's input limit, so nothing stored is unparseable by size. */
export const REPORT_SMTP_MAX_MESSAGE_BYTES = RAW_REPORT_MAX_BYTES;
/** Idle time per command before the connection is dropped (RFC 5321 §4.5.3.2 allows less than the 5 min it suggests for a receiver under load). */
export const REPORT_SMTP_SOCKET_TIMEOUT_MS = 60_000;
/** Concurrent connections: reporters send one message per connection, a few at a time. */
export const REPORT_SMTP_MAX_CLIENTS = 100;
/** How long stop() waits for open sessions before closing them. */
const REPORT_SMTP_CLOSE_TIMEOUT_MS = 5_000;
/** Recipients per message: a report goes to one address; more is a list or abuse. */
const REPORT_SMTP_MAX_RECIPIENTS = 10;

/** Marks a report-bounce recipient among an organization's purposes: `report-bounce:<deliveryId>`. */
const REPORT_BOUNCE_PURPOSE = "report-bounce:";

/** The local part `<purpose>+<token>`; the token is the 32 hex digits of Organization.ingestToken. */
const RCPT_RE = /^(dmarc|tlsrpt|fbl|bounces)\+([0-9a-f]{32})@/i;

export interface ReportSmtpOptions {
  db: Db;
  port: number;
  host: string;
  /** Name in the greeting and EHLO reply. */
  serverName?: string;
  maxClients?: number;
  socketTimeoutMs?: number;
  /** PEM key and certificate: STARTTLS is offered only when both are set. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  log?: (message: string) => void;
}

export interface RunningReportSmtp {
  port: number;
  stop(): Promise<void>;
}

/** An error smtp-server turns into a reply with this code. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startReportSmtp(options: ReportSmtpOptions): Promise<RunningReportSmtp> {
  const log = options.log ?? ((m: string) => console.log(`[report-smtp] ${m}`));
  // Organizations addressed in each open transaction, with the purposes (dmarc, bounces…) they were
  // addressed for (session objects are per connection and reset per MAIL).
  const targets = new WeakMap<SMTPServerSession, Map<string, Set<string>>>();

  async function orgOf(address: SMTPServerAddress): Promise<{ orgId: string; purpose: string } | null> {
    // A bounce of a scheduled report: the delivery it bounces for names the organization.
    const reportBounce = REPORT_BOUNCE_RE.exec(address.address)?.[1];
    if (reportBounce) {
      const delivery = await options.db.reportDelivery.findUnique({ where: { id: reportBounce }, select: { orgId: true } });
      return delivery ? { orgId: delivery.orgId, purpose: `${REPORT_BOUNCE_PURPOSE}${reportBounce}` } : null;
    }
    const match = RCPT_RE.exec(address.address);
    const token = match?.[2]?.toLowerCase();
    if (!token) return null;
    const org = await options.db.organization.findUnique({ where: { ingestToken: token }, select: { id: true } });
    return org ? { orgId: org.id, purpose: (match?.[1] ?? "").toLowerCase() } : null;
  }

  const server = new SMTPServer({
    name: options.serverName,
    banner: "Inboxwatch report intake",
    size: REPORT_SMTP_MAX_MESSAGE_BYTES,
    // 552 for DATA over SIZE even when MAIL FROM declared no SIZE= (RFC 1870 §6.3).
    rejectOversized: true,
    maxClients: options.maxClients ?? REPORT_SMTP_MAX_CLIENTS,
    socketTimeout: options.socketTimeoutMs ?? REPORT_SMTP_SOCKET_TIMEOUT_MS,
    closeTimeout: REPORT_SMTP_CLOSE_TIMEOUT_MS,
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    onMailFrom(_address, session, callback) {
      targets.set(session, new Map());
      callback();
    },
    onRcptTo(address, session, callback) {
      const orgs = targets.get(session) ?? new Map<string, Set<string>>();
      targets.set(session, orgs);
      if (session.envelope.rcptTo.length >= REPORT_SMTP_MAX_RECIPIENTS) return callback(reply(452, "4.5.3 Too many recipients"));
      orgOf(address).then(
        (target) => {
          if (!target) return callback(reply(550, "5.1.1 No such report address"));
          orgs.set(target.orgId, (orgs.get(target.orgId) ?? new Set()).add(target.purpose));
          callback();
        },
        (err: unknown) => {
          log(`recipient lookup failed: ${err instanceof Error ? err.message : String(err)}`);
          callback(reply(451, "4.3.0 Temporary failure, try again later"));
        },
      );
    },
    onData(stream, session, callback) {
      storeMessage(stream, targets.get(session) ?? new Map<string, Set<string>>()).then(
        (stored) => callback(null, stored ? "2.0.0 Report stored" : undefined),
        (err: unknown) => {
          // An empty message will never become storable: refuse it for good (RFC 5321 §4.2.1, 5yz).
          if (err instanceof ServiceError && (err.code === "VALIDATION" || err.code === "TOO_LARGE"))
            return callback(reply(554, `5.6.0 ${err.message}`));
          log(`message not stored: ${err instanceof Error ? err.message : String(err)}`);
          callback(reply(451, "4.3.0 Temporary failure storing the report, try again later"));
        },
      );
    },
  });
  server.on("error", (err) => log(`server error: ${err.message}`));

  /**
   * Stores the message for every addressed organization; false when it was over SIZE (smtp-server answers 552).
   * Mail to bounces+ is a DSN (RFC 3464): its per-recipient results become delivery events. Anything else
   * there (an ARF report some feedback loops send to the return path, junk) goes the report way, where a
   * non-report is quarantined visibly instead of dropped.
   */
  async function storeMessage(stream: Readable, orgs: Map<string, Set<string>>): Promise<boolean> {
    const bytes = await readMessage(stream);
    if (!bytes) return false;
    for (const [orgId, all] of orgs) {
      const purposes = new Set([...all].filter((p) => !p.startsWith(REPORT_BOUNCE_PURPOSE)));
      // Report bounces are recorded on their delivery; they are no organization report and are not stored as one.
      for (const p of all) {
        if (p.startsWith(REPORT_BOUNCE_PURPOSE)) {
          await recordReportBounce(systemContext(options.db, "report-smtp"), { deliveryId: p.slice(REPORT_BOUNCE_PURPOSE.length), bytes });
        }
      }
      if (purposes.size === 0) continue;
      const ctx = forOrg(systemContext(options.db, "report-smtp"), orgId);
      const isBounce = purposes.has("bounces") && (await recordBounceMail(ctx, { bytes })).isBounce;
      if (!isBounce || purposes.size > 1) await ingestReport(ctx, { bytes, channel: "SMTP" });
    }
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as { port: number }).port;
  log(`listening on ${options.host}:${port}${options.tls ? " (STARTTLS)" : ""}`);
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Reads the DATA stream. Once smtp-server marks it oversized the rest is drained, not kept, so a
 * 1 GB message costs no memory; null then.
 */
async function readMessage(stream: Readable): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let dropped = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (dropped || (stream as Readable & { sizeExceeded?: boolean }).sizeExceeded) {
      dropped = true;
      chunks.length = 0;
      continue;
    }
    size += chunk.byteLength;
    chunks.push(chunk);
  }
  return dropped || (stream as Readable & { sizeExceeded?: boolean }).sizeExceeded ? null : Buffer.concat(chunks, size);
}
