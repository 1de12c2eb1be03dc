/**
 * Proof of control of a syslog source address (issue 20 item 10, infra/decisions/0005-syslog-source-proof.md):
 * a line carrying organization O's syslog token that arrived over TCP from address A verifies O's PENDING
 * claim on A (the other proof, by DNS, is syslog-source-dns.ts; both end in verifySyslogSourceClaim). Only TCP counts: its handshake proves the sender receives packets at A, while a UDP
 * datagram's source address is whatever the sender wrote (RFC 5426 §3.5). The token proves the sender
 * is O. The first organization to prove an address gets it; the others' claims on it become REFUSED,
 * and the partial unique index "one VERIFIED claim per address" settles two proofs racing.
 */
import { Prisma, type SyslogSourceProof } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { type Actor, type SystemContext } from "../context.ts";
import { normalizeSourceAddress } from "./syslog-sources.ts";

export type SyslogSourceProofOutcome =
  /** O's pending claim on A is now VERIFIED. */
  | "verified"
  /** Another organization verified A first (now or earlier): O's claim is REFUSED. */
  | "refused"
  /** O has no claim on A waiting for proof (none, already verified, or its window closed): nothing changed. */
  | "none";

/** The audit log credits every proof to the receiver, whichever path (a line, a "Check now") found it. */
const RECEIVER: Actor = { type: "SYSTEM", label: "syslog receiver" };

/** Records that a line with `orgId`'s token arrived over TCP from `peer` at `now`. */
export async function proveSyslogSourceByLine(
  ctx: SystemContext,
  input: { orgId: string; peer: string; now?: Date },
): Promise<SyslogSourceProofOutcome> {
  const now = input.now ?? new Date();
  const address = normalizeSourceAddress(input.peer);
  if (!address) return "none";
  const claim = await ctx.db.syslogSourceAddress.findUnique({
    where: { orgId_address: { orgId: input.orgId, address } },
    select: { id: true, status: true, proofBefore: true },
  });
  if (!claim || claim.status !== "PENDING" || claim.proofBefore <= now) return "none";
  return verifySyslogSourceClaim(ctx, { claim: { id: claim.id, orgId: input.orgId, address }, via: "TOKENED_LINE", now });
}

/**
 * Makes a PENDING, in-window claim VERIFIED and refuses the other organizations' pending claims on the
 * address, in one transaction; "refused" when another organization's claim is VERIFIED already.
 */
export async function verifySyslogSourceClaim(
  ctx: SystemContext,
  input: { claim: { id: string; orgId: string; address: string }; via: SyslogSourceProof; now: Date },
): Promise<SyslogSourceProofOutcome> {
  const { claim, via, now } = input;
  const { address } = claim;
  const audit = { orgId: claim.orgId, actor: RECEIVER };
  try {
    return await ctx.db.$transaction(async (tx) => {
      // Conditional on still PENDING and in time: a concurrent proof or removal leaves nothing to do.
      const won = await tx.syslogSourceAddress.updateMany({
        where: { id: claim.id, orgId: claim.orgId, status: "PENDING", proofBefore: { gt: now } },
        data: { status: "VERIFIED", verifiedAt: now, verifiedVia: via },
      });
      if (won.count === 0) return "none";
      const losers = await tx.syslogSourceAddress.findMany({
        where: { address, status: "PENDING", orgId: { not: claim.orgId } },
        select: { id: true, orgId: true },
      });
      await tx.syslogSourceAddress.updateMany({
        where: { id: { in: losers.map((l) => l.id) }, status: "PENDING" },
        data: { status: "REFUSED" },
      });
      await recordAudit(
        { ...audit, db: tx },
        {
          action: "ingest.syslog-source.verify",
          targetType: "SyslogSourceAddress",
          targetId: claim.id,
          metadata: { address, via },
        },
      );
      // Each loser's audit log says why its claim stopped waiting (without naming the winner).
      for (const l of losers) {
        await recordAudit(
          { db: tx, orgId: l.orgId, actor: RECEIVER },
          { action: "ingest.syslog-source.refuse", targetType: "SyslogSourceAddress", targetId: l.id, metadata: { address } },
        );
      }
      return "verified" as const;
    });
  } catch (err) {
    // Another organization's claim on this address is already VERIFIED (the partial unique index).
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
    await ctx.db.$transaction(async (tx) => {
      const refused = await tx.syslogSourceAddress.updateMany({
        where: { id: claim.id, orgId: claim.orgId, status: "PENDING" },
        data: { status: "REFUSED" },
      });
      if (refused.count > 0)
        await recordAudit(
          { ...audit, db: tx },
          {
            action: "ingest.syslog-source.refuse",
            targetType: "SyslogSourceAddress",
            targetId: claim.id,
            metadata: { address },
          },
        );
    });
    return "refused";
  }
}
