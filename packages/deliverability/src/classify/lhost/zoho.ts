/**
 * Zoho Mail: one line per recipient, "addr Invalid Address, ERROR_CODE :550, …" or
 * "[Status: Error, Address: <addr>, ResponseCode 421, , Host not reachable.]", under "This message was
 * created automatically by mail delivery" (Sisimai lhost/via-zoho.go).
 */
import { beforeAny, emptyDraft, type Draft, type Lhost } from "./types.ts";

const ADDRESS_RE = /<?([^\s<>@"[\]]+@[A-Za-z0-9.-]+[A-Za-z0-9])>?/;

export const zoho: Lhost = {
  name: "Zoho",
  detect: (mail) => mail.header("x-zohomail") !== "",
  parse(mail) {
    const body = beforeAny(mail.text, ["\n\nReceived:"]);
    const start = body.indexOf("This message was created automatically by mail delivery");
    if (start < 0) return undefined;
    const drafts: Draft[] = [];
    let current: Draft | undefined;
    for (const raw of body.slice(start).split("\n").slice(1)) {
      const line = raw.trimEnd();
      if (line === "") continue;
      const at = line.indexOf("@");
      const isRecipientLine = line.startsWith("[Status: ") || (at >= 0 && line.indexOf(" ", at) >= 0 && line.includes("ERROR_CODE :"));
      const address = isRecipientLine ? ADDRESS_RE.exec(line)?.[1]?.toLowerCase() : undefined;
      if (address) {
        current = { ...emptyDraft(address), diagnostic: line };
        drafts.push(current);
      } else if (current && !line.startsWith("-----")) {
        current.diagnostic += ` ${line}`;
      }
    }
    for (const d of drafts) if (d.diagnostic.includes("Host not reachable")) d.reason = "expired";
    return drafts.length > 0 ? drafts : undefined;
  },
};
