import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

import { describe, expect, it } from "vitest";

import { LogCorrelator } from "./correlator.ts";
import { postfixFormat } from "./postfix.ts";
import { parsePostfixReply, type PostfixReply } from "./postfix-reply.ts";

const CORPUS = path.resolve(import.meta.dirname, "../../../..", "../shared/corpus/postfix-logs");
const REPLY_CODE_RE = /^[245]\d\d$/;
const ENHANCED_CODE_RE = /^[245]\.\d{1,3}\.\d{1,3}$/;

describe("parsePostfixReply: each form Postfix writes after status=", () => {
  const cases: [string, string, Partial<PostfixReply>][] = [
    [
      "final reply of a delivery",
      "250 2.0.0 Ok: queued as 153053D",
      { form: "reply", replyCode: "250", enhancedCode: "2.0.0", text: "Ok: queued as 153053D" },
    ],
    [
      "final reply without enhanced code",
      "250 Requested mail action okay, completed: id=1MBkYe-1poErv1HjA-00C76O",
      { form: "reply", replyCode: "250", enhancedCode: "", text: "Requested mail action okay, completed: id=1MBkYe-1poErv1HjA-00C76O" },
    ],
    [
      "content filter (amavis) relaying the next MTA's reply",
      "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4Pc3ZX1jFxz3tBr",
      {
        form: "reply",
        replyCode: "250",
        enhancedCode: "2.0.0",
        text: "from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4Pc3ZX1jFxz3tBr",
      },
    ],
    [
      "lmtp delivery to Dovecot",
      "250 2.0.0 <tom@example.com> nV0MNbS7c2WQcQAAnm8eQA Saved",
      { form: "reply", replyCode: "250", enhancedCode: "2.0.0", text: "<tom@example.com> nV0MNbS7c2WQcQAAnm8eQA Saved" },
    ],
    [
      "host said: the reply after said:, not the host's address",
      "host gmail-smtp-in.l.google.com[142.250.102.27] said: 250 2.0.0 OK 1733580000 - gsmtp",
      {
        form: "remote-reply",
        peer: "gmail-smtp-in.l.google.com[142.250.102.27]",
        replyCode: "250",
        enhancedCode: "2.0.0",
        text: "OK 1733580000 - gsmtp",
      },
    ],
    [
      "host said: a rejection and the command it answered",
      "host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@b>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)",
      {
        form: "remote-reply",
        peer: "mx.example.com[192.0.2.1]",
        replyCode: "550",
        enhancedCode: "5.1.1",
        text: "<a@b>: Recipient address rejected: User unknown in virtual mailbox table",
        command: "RCPT TO",
      },
    ],
    [
      "host said: a multi-line reply (continuations joined by Postfix)",
      "host gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b] said: 550-5.7.1 [2607:4100:3:25:100::2 12] Our system has detected 550-5.7.1 that this message is unsolicited. 550 5.7.1 more information. qc12si8475009pab.211 - gsmtp (in reply to end of DATA command)",
      {
        form: "remote-reply",
        peer: "gmail-smtp-in.l.google.com[2607:f8b0:400e:c04::1b]",
        replyCode: "550",
        enhancedCode: "5.7.1",
        text: "[2607:4100:3:25:100::2 12] Our system has detected that this message is unsolicited. more information. qc12si8475009pab.211 - gsmtp",
        command: "end of DATA",
      },
    ],
    [
      "host said: a reply without enhanced code",
      "host mx.example.com[192.0.2.1] said: 452 Too many recipients (in reply to RCPT TO command)",
      { replyCode: "452", enhancedCode: "", text: "Too many recipients", command: "RCPT TO" },
    ],
    [
      "lmtp: host said over a UNIX socket",
      "host mail.example.com[private/dovecot-lmtp] said: 550 5.1.1 <a@b> User doesn't exist: a@b (in reply to RCPT TO command)",
      { form: "remote-reply", peer: "mail.example.com[private/dovecot-lmtp]", replyCode: "550", enhancedCode: "5.1.1", command: "RCPT TO" },
    ],
    [
      "greeting refused",
      "host mx.example.com[192.0.2.1] refused to talk to me: 554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org",
      {
        form: "greeting-refused",
        peer: "mx.example.com[192.0.2.1]",
        replyCode: "554",
        enhancedCode: "5.7.1",
        text: "Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org",
      },
    ],
    [
      "connect failed: no reply, no codes",
      "connect to mx.example.com[192.0.2.250]:25: Connection refused",
      { form: "connect-failed", peer: "mx.example.com[192.0.2.250]:25", replyCode: "", enhancedCode: "", text: "Connection refused" },
    ],
    [
      "connect failed over IPv6",
      "connect to mx.example.com[2001:db8::25]:25: Connection timed out",
      { form: "connect-failed", peer: "mx.example.com[2001:db8::25]:25", replyCode: "", text: "Connection timed out" },
    ],
    [
      "session timed out",
      "conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting",
      {
        form: "session-failed",
        peer: "mx.example.com[192.0.2.1]",
        replyCode: "",
        enhancedCode: "",
        text: "conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting",
      },
    ],
    [
      "session lost",
      "lost connection with mx.example.com[192.0.2.1] while sending RCPT TO",
      { form: "session-failed", peer: "mx.example.com[192.0.2.1]", replyCode: "" },
    ],
    [
      "DNS failure",
      "Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found, try again",
      {
        form: "dns",
        peer: "",
        replyCode: "",
        enhancedCode: "",
        text: "Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found, try again",
      },
    ],
    [
      "qmgr's dead-site cache",
      "delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: Connection refused",
      { form: "connect-failed", replyCode: "", text: "Connection refused" },
    ],
    [
      "qmgr's dead-site cache of a reply",
      "delivery temporarily suspended: host mx.example.com[192.0.2.1] refused to talk to me: 421 4.7.0 Try again later",
      { form: "greeting-refused", replyCode: "421", enhancedCode: "4.7.0" },
    ],
    [
      "pipe to Dovecot",
      "delivered via dovecot service",
      { form: "postfix", replyCode: "", enhancedCode: "", text: "delivered via dovecot service" },
    ],
    ["virtual", "delivered to maildir", { form: "postfix", replyCode: "", text: "delivered to maildir" }],
    ["local to a command", 'delivered to command: procmail -a "$EXTENSION"', { form: "postfix", replyCode: "" }],
    ["local forward", "forwarded as 4PbMVH1yTpz3tG3", { form: "postfix", replyCode: "" }],
    ["local unknown user", 'unknown user: "ghdsgfhdslfh"', { form: "postfix", replyCode: "" }],
    ["pipe loop", "mail forwarding loop for tom@example.com", { form: "postfix", replyCode: "" }],
    ["error(8)", "User unknown in virtual alias table", { form: "postfix", replyCode: "" }],
    [
      "pipe command failure with digits",
      'Command died with status 75: "/usr/lib/dovecot/deliver". Command output: 550 lookalike',
      { form: "postfix", replyCode: "", enhancedCode: "" },
    ],
    ["a code-like number that is not a reply", "250x not a reply", { form: "postfix", replyCode: "" }],
    [
      "enhanced code of the wrong class is text (RFC 2034 §4)",
      "550 2.0.0 odd",
      { form: "reply", replyCode: "550", enhancedCode: "", text: "2.0.0 odd" },
    ],
  ];
  it.each(cases)("%s", (_name, explanation, want) => {
    expect(parsePostfixReply(explanation)).toMatchObject(want);
  });
});

describe("Postfix delivery lines: reply code from the reply", () => {
  const at = "Oct 26 18:13:50 mx postfix";
  it.each([
    [
      "said: 250 …",
      `${at}/smtp[1]: 4E74613FE76: to=<u@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (host gmail-smtp-in.l.google.com[142.250.102.27] said: 250 2.0.0 OK - gsmtp)`,
      "250",
      "2.0.0",
    ],
    [
      "52.x address before the reply",
      `${at}/smtp[1]: 4E74613FE76: to=<u@outlook.com>, relay=outlook-com.olc.protection.outlook.com[52.101.68.15]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.6.0, status=sent (52.101.68.15 said: 250 2.6.0 Queued mail for delivery)`,
      "",
      "2.6.0",
    ],
    [
      "bare final reply",
      `${at}/smtp[1]: 4E74613FE76: to=<u@example.com>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 153053D)`,
      "250",
      "2.0.0",
    ],
    [
      "pipe",
      `${at}/pipe[1]: 0F5383D: to=<tom@example.com>, relay=dovecot, delay=4.3, delays=4.1/0.01/0/0.15, dsn=2.0.0, status=sent (delivered via dovecot service)`,
      "",
      "2.0.0",
    ],
    [
      "connect failure",
      `${at}/smtp[1]: 4E74613FE76: to=<u@example.com>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.250]:25: Connection timed out)`,
      "",
      "4.4.1",
    ],
    [
      "DNS failure",
      `${at}/smtp[1]: 4E74613FE76: to=<u@example.invalid>, relay=none, delay=0.1, delays=0/0/0.1/0, dsn=4.4.3, status=deferred (Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found, try again)`,
      "",
      "4.4.3",
    ],
    [
      "rejection",
      `${at}/smtp[1]: 4E74613FE76: to=<a@b.example>, relay=mx[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx[192.0.2.1] said: 550 5.1.1 <a@b.example>: Recipient address rejected (in reply to RCPT TO command))`,
      "550",
      "5.1.1",
    ],
  ])("%s", (_name, line, replyCode, enhancedCode) => {
    const c = new LogCorrelator({ year: 2024 });
    const [event] = c.push(line);
    expect(event).toMatchObject({ replyCode, enhancedCode });
  });
});

/** Every `status=` line of the shared corpus: the real logs (postfix-logsums) and the single messages (grok). */
function corpusStatusLines(): string[] {
  const lines: string[] = [];
  const logsums = path.join(CORPUS, "postfix-logsums");
  for (const f of fs.readdirSync(logsums).filter((n) => n.endsWith(".gz"))) {
    for (const l of zlib
      .gunzipSync(fs.readFileSync(path.join(logsums, f)))
      .toString("utf8")
      .split("\n"))
      if (l.includes("status=")) lines.push(l);
  }
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<
    string,
    { log_message?: string; grok_pattern?: string }
  >;
  for (const e of Object.values(expected)) {
    const daemon = /%\{POSTFIX_(\w+)\}/.exec(e.grok_pattern ?? "")?.[1]?.toLowerCase();
    if (daemon && e.log_message?.includes("status=")) lines.push(`Oct 26 18:13:50 mx postfix/${daemon}[123]: ${e.log_message}`);
  }
  return lines;
}

describe("every status= line of the shared corpus", () => {
  const lines = corpusStatusLines();

  it("has the corpus (postfix-logsums and grok status lines)", () => {
    expect(lines.length).toBeGreaterThan(250);
  });

  it("extracts only real reply codes and enhanced codes, and a reply code wherever a server's reply was logged", () => {
    let withReply = 0;
    for (const line of lines) {
      const explanation = /status=\S+ \((.*)\)$/.exec(line)?.[1];
      if (explanation === undefined) continue;
      const reply = parsePostfixReply(explanation);
      if (reply.replyCode !== "") {
        withReply++;
        expect(reply.replyCode, line).toMatch(REPLY_CODE_RE);
      }
      if (reply.enhancedCode !== "") expect(reply.enhancedCode, line).toMatch(ENHANCED_CODE_RE);
      // A reply logged by Postfix starts with its code, bare or after "said:" / "refused to talk to me:".
      const serverReplied = /^\d{3}[ -]|(?: said| refused to talk to me): \d{3}[ -]/.test(explanation);
      expect(reply.replyCode !== "", line).toBe(serverReplied);
    }
    expect(withReply).toBeGreaterThan(100);
  });

  it("stores the same codes on the events the correlator emits", () => {
    let events = 0;
    for (const line of lines) {
      const rec = postfixFormat.parseLine(line, { year: 2023 });
      if (rec?.kind !== "delivery") continue;
      const [event] = new LogCorrelator({ year: 2023 }).push(line);
      if (!event) continue;
      events++;
      if (event.replyCode !== "") expect(event.replyCode, line).toMatch(REPLY_CODE_RE);
      if (event.enhancedCode !== "") expect(event.enhancedCode, line).toMatch(ENHANCED_CODE_RE);
      expect(event.replyCode, line).toBe(rec.partial.replyCode);
    }
    expect(events).toBeGreaterThan(250);
  });
});
