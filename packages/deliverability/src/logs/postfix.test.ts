import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { describe, expect, it } from "vitest";

import { LogCorrelator, parseLog } from "./correlator.ts";
import { postfixFormat } from "./postfix.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/postfix-logs");
const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<
  string,
  {
    log_message?: string;
    grok_pattern?: string;
    expected_fields?: Record<string, string | number>;
    helper_derived_counts?: { lines: number; delivery_status_counts: Record<string, number>; qmgr_from_queue_ids: number };
  }
>;

const DAEMON_BY_PATTERN: Record<string, string> = {
  POSTFIX_SMTP: "smtp",
  POSTFIX_LMTP: "lmtp",
  POSTFIX_LOCAL: "local",
  POSTFIX_PIPE: "pipe",
  POSTFIX_VIRTUAL: "virtual",
  POSTFIX_ERROR: "error",
  POSTFIX_BOUNCE: "bounce",
  POSTFIX_QMGR: "qmgr",
};

describe("Postfix parser on the real logs (postfix-logsums)", () => {
  for (const [file, exp] of Object.entries(expected)) {
    const counts = exp.helper_derived_counts;
    if (!counts) continue;
    it(`${file}: one event per delivery line, statuses and senders as counted`, () => {
      // Fed as bytes, the way the ingest path gets them: this exercises the byte prefilter too.
      const c = new LogCorrelator({ year: 2023 });
      const bytes = zlib.gunzipSync(fs.readFileSync(path.join(CORPUS, file)));
      const events = [...c.write(bytes), ...c.end()];
      const stats = c.getStats();
      expect(parseLog(bytes.toString("utf8"), { year: 2023 }).stats.byStatus).toEqual(stats.byStatus);
      expect(stats.lines).toBe(counts.lines);
      expect(stats.byStatus).toEqual(counts.delivery_status_counts);
      // The correlator joined each delivery to its qmgr from= line; the rest were queued before the day began.
      const withSender = events.filter((e) => e.sender !== "").length;
      expect(withSender / events.length).toBeGreaterThanOrEqual(0.9);
      expect(events.every((e) => e.queueId !== "" && e.time !== null && e.class === "delivered")).toBe(true);
      // Only non-Postfix programs (amavis, dovecot…) are left unparsed, never Postfix lines.
      expect(stats.unparsedSample.every((l) => !/ postfix\//.test(l))).toBe(true);
    });
  }

  it("carries state across batches: from= in one, the delivery in the next (serialised in between)", () => {
    const file = Object.keys(expected).find((k) => k.endsWith("2023-03-14.gz"))!;
    const lines = zlib
      .gunzipSync(fs.readFileSync(path.join(CORPUS, file)))
      .toString("utf8")
      .split("\n");
    const deliveryAt = lines.findIndex((l) => l.includes("postfix/smtp[") && l.includes("status=sent"));
    const first = new LogCorrelator({ year: 2023 });
    first.write(`${lines.slice(0, deliveryAt).join("\n")}\n`);
    const state = JSON.parse(JSON.stringify(first.serialize())) as ReturnType<LogCorrelator["serialize"]>;
    const second = LogCorrelator.restore(state, { year: 2023 });
    const [event] = second.write(`${lines[deliveryAt]}\n`);
    expect(event?.sender).not.toBe("");
    expect(event?.tls?.protocol).toMatch(/^TLS/);
  });
});

describe("Postfix parser on single messages (postfix-grok-patterns)", () => {
  const cases = Object.entries(expected).filter(([, e]) => {
    const p = /%\{(\w+)\}/.exec(e.grok_pattern ?? "")?.[1] ?? "";
    // Address-verification results (status=undeliverable…) are probes, not deliveries: not events.
    const status = String(e.expected_fields?.postfix_status ?? "");
    return (
      p in DAEMON_BY_PATTERN &&
      (["sent", "deferred", "bounced", "expired"].includes(status) || e.expected_fields?.postfix_tls_version !== undefined)
    );
  });
  it.each(cases)("%s", (_file, e) => {
    const p = /%\{(\w+)\}/.exec(e.grok_pattern ?? "")?.[1] ?? "";
    const line = `Oct 26 18:13:50 mx postfix/${DAEMON_BY_PATTERN[p]}[123]: ${e.log_message}`;
    const rec = postfixFormat.parseLine(line, { year: 2024 });
    const f = e.expected_fields ?? {};
    if (f.postfix_tls_version !== undefined) {
      expect(rec?.kind).toBe("tls");
      if (rec?.kind !== "tls") return;
      expect(rec.tls.protocol).toBe(f.postfix_tls_version);
      expect(rec.tls.cipher).toBe(f.postfix_tls_cipher);
      expect(rec.tls.trust).toBe(f.postfix_tls_trustlevel);
      return;
    }
    expect(rec?.kind).toBe("delivery");
    if (rec?.kind !== "delivery") return;
    expect(rec.queueId).toBe(f.postfix_queueid);
    expect(rec.partial.status).toBe(f.postfix_status);
    const response = f.postfix_smtp_response ?? f.postfix_local_response;
    if (response !== undefined) expect(rec.partial.response).toBe(response);
    if (f.postfix_relay_ip !== undefined) expect(rec.partial.relayIp).toBe(f.postfix_relay_ip);
  });

  it("classifies a bounced delivery and a greylisting deferral", () => {
    const { events } = parseLog(
      [
        "Oct 26 18:13:50 mx postfix/qmgr[9]: 4E74613FE76: from=<news@example.com>, size=2048, nrcpt=1 (queue active)",
        "Oct 26 18:13:52 mx postfix/smtp[10]: 4E74613FE76: to=<nobody@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=1.9, delays=0.05/0/1.1/0.71, dsn=5.1.1, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.27] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))",
        "Oct 26 18:13:53 mx postfix/smtp[11]: A0E85200BD: to=<u@lists.example.org>, relay=open.example.nl[10.49.140.10]:25, delay=2.3, delays=0.25/0.05/2/0.04, dsn=4.2.0, status=deferred (host open.example.nl[10.49.140.10] said: 450 4.2.0 <u@lists.example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/lists.example.org.html (in reply to RCPT TO command))",
      ].join("\n"),
      { year: 2024 },
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      sender: "news@example.com",
      status: "bounced",
      category: "user_unknown",
      class: "permanent",
      provider: "google",
      replyCode: "550",
      enhancedCode: "5.1.1",
      delaySeconds: 1.9,
    });
    expect(events[0]?.delays).toEqual({ beforeQueue: 0.05, inQueue: 0, connSetup: 1.1, transmission: 0.71 });
    expect(events[1]).toMatchObject({ status: "deferred", category: "greylisted", class: "transient" });
  });
});
