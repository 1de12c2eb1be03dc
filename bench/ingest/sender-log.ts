/**
 * A sender-side Postfix log: an outbound relay where applications submit mail (submission/smtpd with
 * SASL), cleanup and qmgr queue it and smtp delivers it to mailbox providers. About one line in ten is a
 * delivery (sent, deferred and retried, bounced with its non-delivery notification), the rest the
 * qmgr/smtpd/cleanup/TLS/opendkim lines and health checks around them — unlike the corpus's inbound MX, where 0.6 % are.
 *
 * The servers' replies are taken from the shared corpus's delivery lines (../shared/corpus/postfix-logs:
 * the final replies of `status=sent` smtp/lmtp deliveries, Gmail's multi-line 550 and the greylisting
 * 450 of the grok samples) plus the Postfix forms of the parser tests (connect failures, timeouts, DNS
 * errors, refused greetings). Deterministic: the same seed writes the same file, byte for byte.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { prng } from "@inboxwatch/deliverability/random";

const CORPUS = path.resolve(import.meta.dirname, "../..", "../shared/corpus/postfix-logs");
/** Mulberry32 seed of the file; change it and every figure's log changes. */
const SENDER_LOG_SEED = 20_261_207;
/** Log time starts here unless the caller dates the log (RFC 3339 timestamps, as rsyslog's high-precision template writes them). */
const LOG_START_MS = Date.UTC(2023, 2, 14);
/** Mean gap between submitted messages: ~100,000 messages a day, a mid-sized transactional relay. */
const MEAN_MESSAGE_GAP_MS = 850;
/** Postfix's first retry of a deferred message comes after minimal_backoff_time (300 s by default). */
const RETRY_BACKOFF_MS = 300_000;
/** Attempts before a deferred message is given up on and bounced (a day of retries, shortened). */
const MAX_ATTEMPTS = 4;
/** Share of attempts deferred by big providers (rate limits now and then) and by small servers (greylisting, outages). */
const DEFER_SHARE_BIG = 0.03;
const DEFER_SHARE_SMALL = 0.2;
const BOUNCE_SHARE = 0.025;
/** Share of deliveries over TLS (smtp logs "… TLS connection established to …" before the delivery). */
const TLS_SHARE = 0.85;
/** Share of messages with 2–3 recipients (one delivery line each). */
const MULTI_RECIPIENT_SHARE = 0.1;
/** Share of messages followed by a load balancer's SMTP health check (connect/disconnect from localhost). */
const HEALTH_CHECK_SHARE = 0.6;
/** Lines written per write() to the file. */
const FLUSH_LINES = 20_000;

interface Destination {
  domain: string;
  mx: string;
  ip: string;
  share: number;
  /** A mailbox provider (rate limits) rather than a company's own server (greylisting, outages). */
  big: boolean;
}

/** Documentation-range addresses (RFC 5737): the log reaches nobody. */
const DESTINATIONS: Destination[] = [
  { domain: "gmail.com", mx: "gmail-smtp-in.l.google.com", ip: "192.0.2.27", share: 0.4, big: true },
  { domain: "outlook.com", mx: "outlook-com.olc.protection.outlook.com", ip: "192.0.2.15", share: 0.2, big: true },
  { domain: "yahoo.com", mx: "mta7.am0.yahoodns.net", ip: "198.51.100.77", share: 0.12, big: true },
  { domain: "gmx.de", mx: "mx01.emig.gmx.net", ip: "198.51.100.5", share: 0.08, big: true },
  { domain: "web.de", mx: "mx-ha02.web.de", ip: "198.51.100.8", share: 0.06, big: true },
  { domain: "icloud.com", mx: "mx01.mail.icloud.com", ip: "203.0.113.33", share: 0.06, big: true },
  { domain: "customer-corp.example", mx: "mail.customer-corp.example", ip: "203.0.113.25", share: 0.05, big: false },
  { domain: "lists.example.org", mx: "open.example.nl", ip: "203.0.113.140", share: 0.03, big: false },
];

/** Final replies of the corpus's delivered messages (smtp/lmtp, bare), queue ids made a placeholder. */
function corpusSentReplies(): string[] {
  const out = new Set<string>();
  const add = (explanation: string) => {
    if (/^2\d\d[ -]/.test(explanation)) out.add(explanation.replace(/(queued as |id=)\S+/, "$1{ID}"));
  };
  const logsums = path.join(CORPUS, "postfix-logsums");
  for (const f of fs
    .readdirSync(logsums)
    .filter((n) => n.endsWith(".gz"))
    .sort()) {
    for (const l of zlib
      .gunzipSync(fs.readFileSync(path.join(logsums, f)))
      .toString("utf8")
      .split("\n")) {
      const m = /postfix\/(?:[\w-]+\/)*(?:smtp|lmtp)\[\d+\]: .*status=sent \((.*)\)$/.exec(l);
      if (m?.[1]) add(m[1]);
    }
  }
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, { log_message?: string }>;
  for (const e of Object.values(expected)) {
    const m = /status=sent \((.*)\)$/.exec(e.log_message ?? "");
    if (m?.[1]) add(m[1]);
  }
  return [...out].sort();
}

/**
 * Deferrals in the forms Postfix writes them, as each kind of receiver gives them: the big providers
 * rate-limit (Yahoo's TSS04, Gmail's 4.7.28, Outlook's 4.7.650), small servers greylist (corpus grok
 * smtp_0026), time out or refuse, and some domains do not resolve at the moment.
 */
function deferral(d: Destination, r: number): { dsn: string; text: string } {
  const peer = `${d.mx}[${d.ip}]`;
  if (d.domain === "yahoo.com")
    return {
      dsn: "4.7.0",
      text: `host ${peer} said: 421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)`,
    };
  if (d.domain === "gmail.com")
    return {
      dsn: "4.7.28",
      text: `host ${peer} said: 421-4.7.28 [192.0.2.10      15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421 4.7.28 users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp (in reply to end of DATA command)`,
    };
  if (d.domain === "outlook.com")
    return {
      dsn: "4.7.650",
      text: `host ${peer} said: 451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. (in reply to MAIL FROM command)`,
    };
  if (r < 0.5)
    return {
      dsn: "4.2.0",
      text: `host ${peer} said: 450 4.2.0 <{RCPT}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${d.domain}.html (in reply to RCPT TO command)`,
    };
  if (r < 0.7) return { dsn: "4.4.1", text: `connect to ${peer}:25: Connection timed out` };
  if (r < 0.8) return { dsn: "4.4.2", text: `conversation with ${peer} timed out while receiving the initial server greeting` };
  if (r < 0.9)
    return { dsn: "4.7.1", text: `host ${peer} refused to talk to me: 421 4.7.1 Too many connections from your IP, try again later` };
  return {
    dsn: "4.4.3",
    text: `Host or domain name not found. Name service error for name=${d.domain} type=MX: Host not found, try again`,
  };
}

/** Bounces (corpus grok smtp_0018's multi-line Gmail 550 among them). */
function bounce(d: Destination, r: number): { dsn: string; text: string } {
  const peer = `${d.mx}[${d.ip}]`;
  if (r < 0.6)
    return {
      dsn: "5.1.1",
      text: `host ${peer} said: 550 5.1.1 <{RCPT}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)`,
    };
  if (r < 0.75) return { dsn: "5.2.2", text: `host ${peer} said: 552 5.2.2 <{RCPT}>: Mailbox full (in reply to RCPT TO command)` };
  return {
    dsn: "5.7.1",
    text: `host ${peer} said: 550-5.7.1 [192.0.2.10      12] Our system has detected that this 550-5.7.1 message is likely unsolicited mail. To reduce the amount of spam sent 550-5.7.1 to Gmail, this message has been blocked. Please visit 550-5.7.1 http://support.google.com/mail/bin/answer.py?hl=en&answer=188131 for 550 5.7.1 more information. qc12si8475009pab.211 - gsmtp (in reply to end of DATA command)`,
  };
}

interface Pending {
  due: number;
  qid: string;
  from: string;
  size: number;
  rcpt: string;
  dest: Destination;
  queuedAt: number;
  attempt: number;
}

const QUEUE_ID_CHARS = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
const RELAY_HOST = "relay1";

export interface SenderLogStats {
  lines: number;
  deliveries: number;
}

/** Writes a sender-side log of about `targetLines` lines to `file`. */
/** `startMs` moves the whole log in time (the same lines, dated from there); the seed fixes everything else. */
export function generateSenderLog(file: string, targetLines: number, seed = SENDER_LOG_SEED, startMs = LOG_START_MS): SenderLogStats {
  const rand = prng(seed);
  const sentReplies = corpusSentReplies();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const id = (n: number) => Array.from({ length: n }, () => pick([...QUEUE_ID_CHARS])).join("");
  const destination = () => {
    let r = rand();
    for (const d of DESTINATIONS) if ((r -= d.share) < 0) return d;
    return DESTINATIONS[0] as Destination;
  };
  const fd = fs.openSync(file, "w");
  let buf: string[] = [];
  let lines = 0;
  let deliveries = 0;
  const emit = (at: number, program: string, pid: number, text: string) => emitRaw(at, `postfix/${program}[${pid}]: ${text}`);
  function emitRaw(at: number, tagAndText: string) {
    buf.push(`${new Date(at).toISOString().replace("Z", "+00:00")} ${RELAY_HOST} ${tagAndText}`);
    lines++;
    if (buf.length >= FLUSH_LINES) {
      fs.writeSync(fd, `${buf.join("\n")}\n`);
      buf = [];
    }
  }
  const outstanding = new Map<string, number>();
  const retries: Pending[] = [];

  /** One delivery attempt; returns true when the recipient is done (sent or bounced). */
  const attempt = (p: Pending, at: number): boolean => {
    const pid = 20_000 + Math.floor(rand() * 9_000);
    const r = rand();
    const lastTry = p.attempt + 1 >= MAX_ATTEMPTS;
    const deferShare = p.dest.big ? DEFER_SHARE_BIG : DEFER_SHARE_SMALL;
    const outcome = r < BOUNCE_SHARE ? "bounced" : r < BOUNCE_SHARE + deferShare ? (lastTry ? "bounced" : "deferred") : "sent";
    const peer = `${p.dest.mx}[${p.dest.ip}]`;
    let dsn = "2.0.0";
    let text = pick(sentReplies).replace("{ID}", id(12));
    if (outcome === "deferred") ({ dsn, text } = deferral(p.dest, rand()));
    if (outcome === "bounced") ({ dsn, text } = bounce(p.dest, rand()));
    text = text.replace("{RCPT}", p.rcpt);
    const reached = !text.startsWith("connect to") && !text.startsWith("Host or domain");
    if (reached && rand() < TLS_SHARE)
      emit(
        at - 40,
        "smtp",
        pid,
        `Trusted TLS connection established to ${peer}:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256`,
      );
    const delay = (at - p.queuedAt) / 1000;
    const conn = reached ? 0.05 + rand() * 0.3 : 30;
    const relay = text.startsWith("Host or domain") ? "none" : `${peer}:25`;
    emit(
      at,
      "smtp",
      pid,
      `${p.qid}: to=<${p.rcpt}>, relay=${relay}, delay=${delay.toFixed(2)}, delays=0.02/${(delay * 0.5).toFixed(2)}/${conn.toFixed(2)}/0.1, dsn=${dsn}, status=${outcome} (${text})`,
    );
    deliveries++;
    if (outcome === "deferred") {
      retries.push({ ...p, due: at + RETRY_BACKOFF_MS * 2 ** p.attempt + Math.floor(rand() * 60_000), attempt: p.attempt + 1 });
      return false;
    }
    if (outcome === "bounced") {
      // The non-delivery notification goes back to the submitting application.
      const ndr = id(12);
      emit(at + 2, "cleanup", 3_100, `${ndr}: message-id=<${ndr}@${RELAY_HOST}.acme-mail.example>`);
      emit(at + 3, "bounce", 3_200, `${p.qid}: sender non-delivery notification: ${ndr}`);
      emit(at + 4, "qmgr", 900, `${ndr}: from=<>, size=${p.size + 2_400}, nrcpt=1 (queue active)`);
      emit(
        at + 60,
        "smtp",
        pid,
        `${ndr}: to=<${p.from}>, relay=app1.acme-mail.example[10.0.0.5]:25, delay=0.06, delays=0/0/0.02/0.04, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${id(12)})`,
      );
      emit(at + 62, "qmgr", 900, `${ndr}: removed`);
      deliveries++;
    }
    return true;
  };
  const done = (qid: string, at: number) => {
    const left = (outstanding.get(qid) ?? 1) - 1;
    if (left > 0) outstanding.set(qid, left);
    else {
      outstanding.delete(qid);
      emit(at + 5, "qmgr", 900, `${qid}: removed`);
    }
  };

  let now = startMs;
  for (let n = 0; lines < targetLines; n++) {
    now += Math.floor(rand() * 2 * MEAN_MESSAGE_GAP_MS);
    // Retries that fell due: qmgr activates the message again, then smtp tries it.
    for (let i = 0; i < retries.length;) {
      const p = retries[i] as Pending;
      if (p.due > now) {
        i++;
        continue;
      }
      retries.splice(i, 1);
      emit(p.due, "qmgr", 900, `${p.qid}: from=<${p.from}>, size=${p.size}, nrcpt=1 (queue active)`);
      if (attempt(p, p.due + 300)) done(p.qid, p.due + 300);
    }
    const qid = id(12);
    const pid = 10_000 + (n % 40);
    const app = `app${(n % 3) + 1}.acme-mail.example[10.0.0.${(n % 3) + 5}]`;
    const from = rand() < 0.4 ? "news@news.acme-mail.example" : "billing@acme-mail.example";
    const size = 8_000 + Math.floor(rand() * 60_000);
    const nrcpt = rand() < MULTI_RECIPIENT_SHARE ? 2 + Math.floor(rand() * 2) : 1;
    emit(now, "submission/smtpd", pid, `connect from ${app}`);
    emit(
      now + 8,
      "submission/smtpd",
      pid,
      `Anonymous TLS connection established from ${app}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits)`,
    );
    emit(now + 20, "submission/smtpd", pid, `${qid}: client=${app}, sasl_method=PLAIN, sasl_username=app@acme-mail.example`);
    emit(now + 30, "cleanup", 3_100, `${qid}: message-id=<${id(16)}@acme-mail.example>`);
    emitRaw(now + 35, `opendkim[700]: ${qid}: DKIM-Signature field added (s=s1, d=acme-mail.example)`);
    emit(now + 40, "qmgr", 900, `${qid}: from=<${from}>, size=${size}, nrcpt=${nrcpt} (queue active)`);
    emit(
      now + 50,
      "submission/smtpd",
      pid,
      `disconnect from ${app} ehlo=2 starttls=1 auth=1 mail=1 rcpt=${nrcpt} data=1 quit=1 commands=${7 + nrcpt}`,
    );
    outstanding.set(qid, nrcpt);
    if (rand() < HEALTH_CHECK_SHARE) {
      // The load balancer's health check: a bare SMTP session from localhost.
      emit(now + 100, "smtpd", 4_000, "connect from localhost[127.0.0.1]");
      emit(now + 102, "smtpd", 4_000, "disconnect from localhost[127.0.0.1] ehlo=1 quit=1 commands=2");
    }
    for (let k = 0; k < nrcpt; k++) {
      const dest = destination();
      const rcpt = `user${Math.floor(rand() * 1_000_000)}@${dest.domain}`;
      const at = now + 300 + Math.floor(rand() * 900);
      if (attempt({ due: at, qid, from, size, rcpt, dest, queuedAt: now, attempt: 0 }, at)) done(qid, at);
    }
    if (n % 2_000 === 1_999)
      emit(
        now + 60,
        "anvil",
        800,
        `statistics: max connection rate 14/60s for (submission:10.0.0.5) at ${new Date(now).toUTCString().slice(5, 25)}`,
      );
  }
  if (buf.length > 0) fs.writeSync(fd, `${buf.join("\n")}\n`);
  fs.closeSync(fd);
  return { lines, deliveries };
}
