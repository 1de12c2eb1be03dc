/**
 * Bounces without RFC 3464 fields (qmail, Exim, DragonFly, Exchange, many webmail providers) put one
 * explanation per failed address in the human-readable text. This finds those addresses and the text
 * that follows each one, up to the next address or the copy of the original message.
 */

/** Lines that open the returned copy of the original message or its headers: nothing after is ours. */
const ORIGINAL_MESSAGE_RE = new RegExp(
  [
    "^-{2,}\\s*(?:original message|below this line is a copy|this is a copy of|the header of the original|original message follows|undelivered message|message headers follow|returned message|headers of your message)",
    "^message headers follow",
    "^-{3,}\\s*(?:the following (?:is|message|headers)|original)",
    "^(?:original message headers|the original message headers|original message follows|headers of the original message)",
    "^content-type: message/rfc822",
    "^content-type: text/rfc822-headers",
    "^(?:received|return-path|dkim-signature): ",
  ].join("|"),
  "i",
);
const ADDRESS_RE =
  /<?([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)>?/g;
/** Addresses that send bounces, never receive the failed message. */
const SYSTEM_LOCAL_RE = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|no-?reply|bounces?|double-bounce)$/i;
/** Upper bound on recipients read from free text: a report naming hundreds is garbage or a list. */
export const DSN_TEXT_MAX_RECIPIENTS = 100;

/** The human-readable part: everything before the returned message or the RFC 3464 field block. */
export function humanPart(text: string): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (const line of lines) {
    if (ORIGINAL_MESSAGE_RE.test(line.trim()) || /^(?:reporting-mta|final-recipient|original-recipient):/i.test(line)) break;
    out.push(line);
  }
  return out.join("\n");
}

export interface TextRecipient {
  address: string;
  explanation: string;
}

/** A line that starts with the failed address, as qmail, Exim, Postfix, Gmail and Domino write them. */
const ANCHOR_RE = /^[\s*>-]*(?:recipient:\s*|to:\s*)?<?([^\s<>@"]+@[A-Za-z0-9.-]*[A-Za-z0-9])>?(?:[:.,;]|\s|$)/i;

const NOTHING_EXCLUDED: ReadonlySet<string> = new Set();

function isCandidate(address: string, exclude: ReadonlySet<string>): boolean {
  const local = address.slice(0, address.indexOf("@"));
  return !exclude.has(address) && !SYSTEM_LOCAL_RE.test(local) && address.includes(".");
}

/**
 * Each distinct failed address in `human` (except `exclude` and system addresses) with the text after it
 * up to the next failed address. Addresses that open a line are preferred; when no line opens with one,
 * any address in the text counts (sentences like "error delivering your mail to <x@y>").
 */
export function recipientsFromText(human: string, exclude: ReadonlySet<string>): TextRecipient[] {
  const lines = human.split(/\r?\n/);
  const collect = (anchoredOnly: boolean, excluded: ReadonlySet<string>) => {
    const found: { address: string; line: number }[] = [];
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const candidates = anchoredOnly ? [ANCHOR_RE.exec(line)?.[1] ?? ""] : [...line.matchAll(ADDRESS_RE)].map((m) => m[1] ?? "");
      for (const raw of candidates) {
        const address = raw.toLowerCase().replace(/\.$/, "");
        if (address === "" || !isCandidate(address, excluded) || seen.has(address)) continue;
        seen.add(address);
        found.push({ address, line: i });
      }
    });
    return found;
  };
  let found = collect(true, exclude);
  if (found.length === 0) found = collect(false, exclude);
  // A bounce of a bounce (qmail "the bounce bounced!") fails the very address it is sent to: a line
  // that opens with that address still names it, though prose mentioning it would not.
  if (found.length === 0) found = collect(true, NOTHING_EXCLUDED);
  return found.slice(0, DSN_TEXT_MAX_RECIPIENTS).map((f, k) => {
    const end = found[k + 1]?.line ?? lines.length;
    const block = lines.slice(f.line, Math.max(end, f.line + 1));
    return { address: f.address, explanation: block.join("\n").trim() };
  });
}
