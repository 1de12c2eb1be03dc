/**
 * The parenthesised explanation after a Postfix delivery status (`status=bounced (…)`), read into the
 * remote server's reply — RFC 5321 §4.2 reply code, RFC 3463 enhanced status code, text, command — or
 * Postfix's own words when no server replied. The forms come from Postfix's smtp(8)/lmtp(8) clients
 * (smtp_proto.c, smtp_connect.c, smtp_addr.c) and local(8), virtual(8), pipe(8), error(8):
 *
 *   250 2.0.0 Ok: queued as 4Pc3ZX1jFxz3tBr                            final reply of a delivery
 *   host mx[192.0.2.1] said: 550 5.1.1 <a@b>: … (in reply to RCPT TO command)
 *   host mx[192.0.2.1] refused to talk to me: 554 5.7.1 …              greeting rejected
 *   connect to mx[192.0.2.1]:25: Connection refused                    no reply: TCP failed
 *   conversation with mx[192.0.2.1] timed out while receiving the initial server greeting
 *   lost connection with mx[192.0.2.1] while sending RCPT TO
 *   Host or domain name not found. Name service error for name=x type=MX: Host not found, try again
 *   delivered via dovecot service / delivered to maildir / forwarded as … / unknown user: "x"
 *
 * Codes are returned only when they are one: a reply code is three digits [245][0-5]\d at the start of
 * the reply followed by a space, a hyphen or the end; an enhanced code directly follows it and has the
 * reply code's class (RFC 2034 §4). Anything else (an address, a port, a queue id) is text.
 */

export type PostfixReplyForm =
  /** The server's final reply, logged bare: successful smtp/lmtp deliveries. */
  | "reply"
  /** `host … said: <reply>`: the server rejected or deferred a command. */
  | "remote-reply"
  /** `host … refused to talk to me: <reply>`: the greeting was a rejection. */
  | "greeting-refused"
  /** `connect to …: <error>`: no SMTP session at all. */
  | "connect-failed"
  /** `conversation with … timed out …`, `lost connection with … while …`: the session broke. */
  | "session-failed"
  /** Host or domain lookup failed before any connection. */
  | "dns"
  /** Postfix's own words: local/virtual/pipe/error transports, forwards, loops, TLS policy, … */
  | "postfix";

export interface PostfixReply {
  form: PostfixReplyForm;
  /** `host[address]` (with `:port` for connect failures) that answered or was tried; "" when none. */
  peer: string;
  /** RFC 5321 reply code, "" when no server replied. */
  replyCode: string;
  /** RFC 3463 enhanced status code given by the server, "" when it gave none. */
  enhancedCode: string;
  /** The server's reply without its codes and without Postfix's framing, or Postfix's explanation. */
  text: string;
  /** The command the reply answered (`RCPT TO`, `end of DATA`, …), "" when not stated. */
  command: string;
}

/** Postfix prefixes the cached reason of a destination it will not retry yet (qmgr's dead-site cache). */
const SUSPENDED_PREFIX = "delivery temporarily suspended: ";
const SAID = " said: ";
const REFUSED = " refused to talk to me: ";
const IN_REPLY_RE = / \(in reply to (.+) command\)$/;
const ENHANCED_RE = /^([245])\.\d{1,3}\.\d{1,3}$/;
/** Postfix's resolver errors (smtp_addr.c, dns_strerror): no host was reached, so no server replied. */
const DNS_MARKS = ["Host or domain name not found", "Name service error for ", "unable to look up host ", "No MX host for "];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** "550" at s[0..3) followed by " ", "-" or the end; "" otherwise. RFC 5321 §4.2: 2yz–5yz, y in 0–5. */
function leadingReplyCode(s: string): string {
  if (s.length < 3) return "";
  const c0 = s.charCodeAt(0);
  const c1 = s.charCodeAt(1);
  if ((c0 !== 50 && c0 !== 52 && c0 !== 53) || c1 < 48 || c1 > 53 || !isDigit(s.charCodeAt(2))) return "";
  const next = s.charCodeAt(3);
  return s.length === 3 || next === 32 || next === 45 ? s.slice(0, 3) : "";
}

/**
 * Splits one SMTP reply as Postfix logs it (continuation lines joined by spaces) into code, enhanced
 * code and text. `550-5.7.1 a 550-5.7.1 b 550 5.7.1 c` → 550, 5.7.1, "a b c".
 */
export function splitSmtpReply(reply: string): { replyCode: string; enhancedCode: string; text: string } {
  const replyCode = leadingReplyCode(reply);
  if (replyCode === "") return { replyCode: "", enhancedCode: "", text: reply.trim() };
  const multiline = reply.charCodeAt(3) === 45;
  let rest = reply.slice(4);
  const sp = rest.indexOf(" ");
  const candidate = sp < 0 ? rest : rest.slice(0, sp);
  const m = ENHANCED_RE.exec(candidate);
  const enhancedCode = m && m[1] === replyCode[0] ? candidate : "";
  if (enhancedCode !== "") rest = sp < 0 ? "" : rest.slice(sp + 1);
  if (multiline) {
    // Each continuation line repeats "550-5.7.1 " (or "550 5.7.1 " on the last): drop the repeats.
    for (const sep of ["-", " "]) {
      if (enhancedCode !== "") rest = rest.replaceAll(` ${replyCode}${sep}${enhancedCode} `, " ");
      rest = rest.replaceAll(` ${replyCode}${sep}`, " ");
    }
  }
  return { replyCode, enhancedCode, text: rest.trim() };
}

/** "(in reply to RCPT TO command)" at the end: the command, and the text without it. */
function splitCommand(s: string): { body: string; command: string } {
  const m = IN_REPLY_RE.exec(s);
  return m ? { body: s.slice(0, m.index), command: m[1] ?? "" } : { body: s, command: "" };
}

function noReply(form: PostfixReplyForm, peer: string, text: string, command = ""): PostfixReply {
  return { form, peer, replyCode: "", enhancedCode: "", text, command };
}

/** "mx[192.0.2.1]:25: Connection refused" → peer and error; the address may be IPv6, so "]" ends it. */
function splitPeer(s: string): { peer: string; rest: string } {
  const close = s.indexOf("]");
  const sep = s.indexOf(": ", close < 0 ? 0 : close);
  return sep < 0 ? { peer: s, rest: "" } : { peer: s.slice(0, sep), rest: s.slice(sep + 2) };
}

/** Reads the explanation of one Postfix delivery status (without its parentheses). */
export function parsePostfixReply(explanation: string): PostfixReply {
  const s = explanation.startsWith(SUSPENDED_PREFIX) ? explanation.slice(SUSPENDED_PREFIX.length) : explanation;
  if (s.startsWith("host ")) {
    const said = s.indexOf(SAID);
    const refused = said < 0 ? s.indexOf(REFUSED) : -1;
    if (said >= 0 || refused >= 0) {
      const at = said >= 0 ? said : refused;
      const { body, command } = splitCommand(s.slice(at + (said >= 0 ? SAID : REFUSED).length));
      const reply = splitSmtpReply(body);
      return { form: said >= 0 ? "remote-reply" : "greeting-refused", peer: s.slice(5, at), ...reply, command };
    }
  }
  if (s.startsWith("connect to ")) {
    const { peer, rest } = splitPeer(s.slice(11));
    return noReply("connect-failed", peer, rest);
  }
  for (const lead of ["conversation with ", "lost connection with "]) {
    if (!s.startsWith(lead)) continue;
    const after = s.slice(lead.length);
    const sp = after.indexOf(" ", after.indexOf("]"));
    return noReply("session-failed", sp < 0 ? after : after.slice(0, sp), s);
  }
  if (DNS_MARKS.some((mark) => s.includes(mark))) return noReply("dns", "", s);
  if (leadingReplyCode(s) !== "") {
    const { body, command } = splitCommand(s);
    return { form: "reply", peer: "", ...splitSmtpReply(body), command };
  }
  return noReply("postfix", "", s);
}
