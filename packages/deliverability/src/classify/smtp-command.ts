/**
 * The SMTP command named anywhere in a transcript line or an error message, the way Sisimai's
 * smtp/command.Find reads it: upper-case command words standing alone (not inside "DATABASE@…" or
 * "EMAIL.EXAMPLE"), the last of them in command order (a transcript quoting MAIL and RCPT failed at
 * RCPT). Bounce formats that print their session (Sendmail ">>> RCPT To:", V5 sendmail) rely on it.
 */

/** In the order Sisimai tries them; the last one found wins. "AUTH …" and "MAIL F"/"RCPT T" carry a space. */
const DETECTABLE = [
  "HELO",
  "EHLO",
  "STARTTLS",
  "AUTH PLAIN",
  "AUTH LOGIN",
  "AUTH CRAM-",
  "AUTH DIGEST-",
  "MAIL F",
  "RCPT",
  "RCPT T",
  "DATA",
  "QUIT",
  "XFORWARD",
] as const;
/** Commands a transcript may name (RFC 5321 §4.1 plus the pseudo-command CONN for the greeting). */
const AVAILABLE = [
  "HELO",
  "EHLO",
  "MAIL",
  "RCPT",
  "DATA",
  "QUIT",
  "RSET",
  "NOOP",
  "VRFY",
  "ETRN",
  "EXPN",
  "HELP",
  "AUTH",
  "STARTTLS",
  "XFORWARD",
  "CONN",
] as const;
const LONG_NAMES: Record<string, string> = { STAR: "STARTTLS", XFOR: "XFORWARD" };

/** A letter or digit next to a bare command word means it is part of a name or an address. */
const isWordChar = (c: string) => /[0-9@-Za-z]/.test(c);

/** The SMTP command named in `text` (upper-case, four letters, or STARTTLS/XFORWARD), or "". */
export function findCommand(text: string): string {
  if (text.length < 4 || !AVAILABLE.some((c) => text.includes(c))) return "";
  const padded = ` ${text} `;
  const found: string[] = [];
  for (const word of DETECTABLE) {
    const at = text.indexOf(word);
    if (at < 0) continue;
    if (!word.includes(" ")) {
      // padded[at] is the character before the word, padded[at + len + 1] the one after it.
      const before = padded.charAt(at);
      const after = padded.charAt(at + word.length + 1);
      if (isWordChar(before) || isWordChar(after)) continue;
    }
    const head = word.slice(0, 4);
    if (found.some((f) => f.startsWith(head))) continue;
    found.push(LONG_NAMES[head] ?? head);
  }
  return found.at(-1) ?? "";
}
