import { describe, expect, it } from "vitest";

import { CORRELATOR_MAX_REMOVED, LOG_LINE_MAX_CHARS, LogCorrelator, UNPARSED_SAMPLE_MAX } from "./correlator.ts";
import { getLogFormat } from "./registry.ts";

const qmgr = (id: string, from: string) => `Mar  1 10:00:00 mx postfix/qmgr[1]: ${id}: from=<${from}>, size=100, nrcpt=1 (queue active)`;
const sent = (id: string, to: string) =>
  `Mar  1 10:00:01 mx postfix/smtp[2]: ${id}: to=<${to}>, relay=mx.example.org[192.0.2.1]:25, delay=1, delays=0.1/0.1/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`;

describe("LogCorrelator", () => {
  it("evicts the least recently seen messages beyond its bound", () => {
    const c = new LogCorrelator({ year: 2024, maxMessages: 2 });
    c.write(`${qmgr("AAAAA1", "a@x.org")}\n${qmgr("BBBBB2", "b@x.org")}\n${qmgr("CCCCC3", "c@x.org")}\n`);
    expect(c.getStats().evictedMessages).toBe(1);
    expect(c.push(sent("AAAAA1", "r@y.org"))[0]?.sender).toBe("");
    expect(c.push(sent("CCCCC3", "r@y.org"))[0]?.sender).toBe("c@x.org");
    expect(c.serialize().messages).toHaveLength(2);
  });

  it("keeps removed messages apart, bounded, and still joins a late line to them across a restore", () => {
    const removed = (id: string) => `Mar  1 10:00:02 mx postfix/qmgr[1]: ${id}: removed`;
    const c = new LogCorrelator({ year: 2024 });
    const lines: string[] = [];
    for (let i = 0; i < CORRELATOR_MAX_REMOVED + 10; i++) {
      const id = `A${i.toString(16).padStart(8, "0")}`;
      lines.push(qmgr(id, `s${i}@x.org`), sent(id, "r@y.org"), removed(id));
    }
    lines.push(qmgr("BBBBB2", "b@x.org"));
    c.write(`${lines.join("\n")}\n`);
    const state = c.serialize();
    // Only the message still queued is in the main map; the removed ones are bounded.
    expect(state.messages.map(([k]) => k)).toEqual(["mx/BBBBB2"]);
    expect(state.removed).toHaveLength(CORRELATOR_MAX_REMOVED);
    const restored = LogCorrelator.restore(JSON.parse(JSON.stringify(state)) as typeof state, { year: 2024 });
    const last = `A${(CORRELATOR_MAX_REMOVED + 9).toString(16).padStart(8, "0")}`;
    expect(restored.push(sent(last, "late@y.org"))[0]?.sender).toBe(`s${CORRELATOR_MAX_REMOVED + 9}@x.org`);
    expect(restored.push(sent("A00000000", "late@y.org"))[0]?.sender).toBe("");
    expect(restored.getStats().evictedMessages).toBe(0);
  });

  it("counts and samples garbage, long lines and invalid UTF-8 without failing", () => {
    const c = new LogCorrelator({ year: 2024 });
    const garbage = Array.from({ length: UNPARSED_SAMPLE_MAX + 10 }, (_, i) => `garbage line ${i}`).join("\n");
    const long = `${qmgr("DDDDD4", "d@x.org")}${"x".repeat(10_000)}`;
    const bytes = Buffer.concat([
      Buffer.from(`${garbage}\n${long}\n`),
      Buffer.from([0xff, 0xfe, 0xc3, 0x0a]),
      Buffer.from(`${sent("DDDDD4", "r@y.org")}\n`),
    ]);
    // Fed in awkward pieces, splitting lines and multi-byte sequences.
    const events = [];
    for (let i = 0; i < bytes.length; i += 777) events.push(...c.write(bytes.subarray(i, i + 777)));
    events.push(...c.end());
    const stats = c.getStats();
    expect(stats.unparsed).toBe(UNPARSED_SAMPLE_MAX + 10 + 1);
    expect(stats.unparsedSample).toHaveLength(UNPARSED_SAMPLE_MAX);
    expect(events).toHaveLength(1);
    expect(events[0]?.sender).toBe("d@x.org");
  });

  it("cuts a line that never ends at the bound instead of buffering it", () => {
    const c = new LogCorrelator({ year: 2024 });
    c.write("y".repeat(LOG_LINE_MAX_CHARS + 10));
    expect(c.getStats().lines).toBe(1);
  });

  it("reads Exim mainlog lines", () => {
    const c = new LogCorrelator({ format: getLogFormat("exim") });
    const events = c.write(
      [
        "2024-03-01 10:00:00 1rAbCd-000123-XY <= sender@example.com H=client.example.com [192.0.2.9] P=esmtps S=2345 id=abc@example.com",
        '2024-03-01 10:00:02 1rAbCd-000123-XY => user@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.1.27] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C="250 2.0.0 OK 1709287202" QT=2s DT=1s',
        "2024-03-01 10:00:03 1rAbCd-000123-XY ** nobody@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.2]: SMTP error from remote mail server after RCPT TO:<nobody@example.org>: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown",
        "2024-03-01 10:00:04 1rAbCd-000123-XY == later@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [192.0.2.3]: SMTP error from remote mail server after RCPT TO:<later@example.net>: 451 4.7.1 Greylisted, try again later",
        "2024-03-01 10:00:05 1rAbCd-000123-XY Completed",
        "",
      ].join("\n"),
    );
    expect(events.map((e) => [e.status, e.category, e.sender])).toEqual([
      ["sent", "delivered", "sender@example.com"],
      ["bounced", "user_unknown", "sender@example.com"],
      ["deferred", "greylisted", "sender@example.com"],
    ]);
    expect(events[0]).toMatchObject({
      relayHost: "gmail-smtp-in.l.google.com",
      relayIp: "142.250.1.27",
      provider: "google",
      delaySeconds: 2,
    });
    expect(events[0]?.tls).toEqual({ trust: "Verified", protocol: "TLS1.3", cipher: "TLS_AES_256_GCM_SHA384" });
  });

  it("reads ESP webhook JSON: SendGrid, Mailgun, Postmark, SES in an SNS envelope", () => {
    const c = new LogCorrelator();
    const sesEvent = {
      notificationType: "Bounce",
      mail: { messageId: "m1", source: "s@example.com", destination: ["x@yahoo.com"] },
      bounce: {
        bounceType: "Permanent",
        timestamp: "2024-03-01T10:00:00.000Z",
        bouncedRecipients: [{ emailAddress: "x@yahoo.com", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" }],
      },
    };
    const lines = [
      JSON.stringify([
        { email: "a@gmail.com", timestamp: 1709287200, event: "delivered", response: "250 OK" },
        { email: "b@gmail.com", timestamp: 1709287200, event: "bounce", status: "5.1.1", reason: "550 5.1.1 user unknown" },
        { email: "c@gmail.com", timestamp: 1709287200, event: "open" },
      ]),
      JSON.stringify({
        signature: {},
        "event-data": {
          event: "failed",
          severity: "temporary",
          recipient: "d@outlook.com",
          timestamp: 1709287200.5,
          "delivery-status": { code: 421, message: "4.7.0 Too many connections, try again later" },
        },
      }),
      JSON.stringify({ RecordType: "SpamComplaint", Email: "e@icloud.com", BouncedAt: "2024-03-01T10:00:00Z", MessageID: "pm1" }),
      JSON.stringify({ Type: "Notification", Message: JSON.stringify(sesEvent) }),
    ];
    const events = [...c.write(`${lines.join("\n")}\n`)];
    expect(events.map((e) => [e.source, e.status, e.category, e.eventType])).toEqual([
      ["sendgrid", "sent", "delivered", "delivered"],
      ["sendgrid", "bounced", "user_unknown", "bounce"],
      // An open keeps its own category: rollups must not count it as a second accepted message.
      ["sendgrid", "sent", "open", "open"],
      ["mailgun", "deferred", "throttled", "failed"],
      ["postmark", "sent", "complaint", "complaint"],
      ["ses", "bounced", "user_unknown", "bounce"],
    ]);
    expect(events[5]?.provider).toBe("yahoo");
  });
});

describe("SparkPost webhooks", () => {
  it("map message, track and unsubscribe events; a bounce is final and its text decides hard or soft", () => {
    const c = new LogCorrelator({ format: getLogFormat("json") });
    const batch = [
      { msys: { message_event: { type: "delivery", rcpt_to: "a@gmail.com", timestamp: "1765000000", message_id: "m1" } } },
      {
        msys: {
          message_event: {
            type: "bounce",
            rcpt_to: "b@yahoo.com",
            timestamp: "1765000000",
            bounce_class: "10",
            raw_reason: "550 5.1.1 user unknown",
          },
        },
      },
      {
        msys: {
          message_event: {
            type: "bounce",
            rcpt_to: "c@yahoo.com",
            timestamp: "1765000000",
            bounce_class: "22",
            raw_reason: "452 4.2.2 Mailbox full",
          },
        },
      },
      { msys: { track_event: { type: "open", rcpt_to: "a@gmail.com", timestamp: "1765000100" } } },
      { msys: { unsubscribe_event: { type: "list_unsubscribe", rcpt_to: "a@gmail.com", timestamp: "1765000200" } } },
    ];
    const events = [...c.write(`${JSON.stringify(batch)}\n`)];
    expect(events.map((e) => [e.source, e.status, e.category])).toEqual([
      ["sparkpost", "sent", "delivered"],
      ["sparkpost", "bounced", "user_unknown"],
      ["sparkpost", "bounced", "mailbox_full"],
      ["sparkpost", "sent", "open"],
      ["sparkpost", "sent", "unsubscribe"],
    ]);
  });
});
