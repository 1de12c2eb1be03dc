/**
 * The DNS proof of a syslog source address claim (infra/decisions/0005-syslog-source-proof.md), for
 * senders that cannot run a command: whoever controls an address sets its PTR record (the reverse zone is
 * delegated with the address), so a TXT record at `_inboxwatch.<PTR name>` holding the claim's code shows
 * the claimant is, or is trusted by, the address's holder. Looked up through the platform resolver
 * (DNS_SERVERS), like every other lookup the platform makes.
 */
import { type DnsResolver, reverseName } from "@inboxwatch/deliverability/dns";

import { type OrgContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { platformDns } from "../net/platform-dns.ts";
import { type SyslogSourceProofOutcome, verifySyslogSourceClaim } from "./syslog-source-proof.ts";
import { SYSLOG_SOURCE_TXT_LABEL, SYSLOG_SOURCE_TXT_PREFIX } from "./syslog-sources.ts";

/** PTR names tried per address: an address has one or two; more is a misconfiguration, not a need. */
const PTR_NAMES_MAX = 3;

export interface SyslogSourceDnsCheck {
  outcome: SyslogSourceProofOutcome;
  /** What was looked up and what was missing, in words for the page. */
  detail: string;
}

/** Looks for the claim's TXT record now ("Check now"); verifies the claim when it is there. */
export async function checkSyslogSourceDns(
  ctx: OrgContext,
  input: { id: string },
  deps: { dnsResolver?: DnsResolver; now?: Date } = {},
): Promise<SyslogSourceDnsCheck> {
  const claim = await ctx.db.syslogSourceAddress.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: { id: true, address: true, status: true, proofBefore: true, verificationCode: true },
  });
  if (!claim) throw new NotFoundError("Syslog source");
  const now = deps.now ?? new Date();
  if (claim.status !== "PENDING") throw new ValidationError(`${claim.address} is not waiting for proof`);
  if (claim.proofBefore <= now) throw new ValidationError(`The proof window of ${claim.address} has closed: add it again`);
  const resolver = deps.dnsResolver ?? platformDns().resolver;

  const ptr = await resolver.query(reverseName(claim.address), "PTR");
  if (ptr.kind === "error") return { outcome: "none", detail: `The PTR lookup of ${claim.address} failed (${ptr.error}): try again later` };
  if (ptr.kind !== "answer" || ptr.records.length === 0)
    return { outcome: "none", detail: `${claim.address} has no PTR record: its holder must set one first` };

  const expected = `${SYSLOG_SOURCE_TXT_PREFIX}${claim.verificationCode}`;
  const tried: string[] = [];
  for (const name of ptr.records.slice(0, PTR_NAMES_MAX)) {
    const txtName = `${SYSLOG_SOURCE_TXT_LABEL}.${name.replace(/\.$/, "")}`;
    tried.push(txtName);
    const txt = await resolver.query(txtName, "TXT");
    // A TXT record's character-strings are one value (RFC 7208 §3.3 reads them the same way).
    if (txt.kind === "answer" && txt.records.some((strings) => strings.join("").trim() === expected)) {
      const outcome = await verifySyslogSourceClaim(ctx, {
        claim: { id: claim.id, orgId: ctx.orgId, address: claim.address },
        via: "DNS_TXT",
        now,
      });
      const detail =
        outcome === "verified"
          ? `Found at ${txtName}: verified`
          : outcome === "refused"
            ? "Another organization proved control of this address first"
            : "Nothing changed";
      return { outcome, detail };
    }
  }
  return { outcome: "none", detail: `No TXT record "${expected}" at ${tried.join(" or ")} yet` };
}
