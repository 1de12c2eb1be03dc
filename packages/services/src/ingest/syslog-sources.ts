/**
 * Source addresses an organization's MTAs send syslog from. A message that carries no syslog token is
 * attributed by its peer address (issue 5: "by a per-organization token … or by a registered source
 * IP") — but only once the organization proved it controls that address (issue 20 item 10,
 * infra/decisions/0005-syslog-source-proof.md): a claim starts PENDING and untokened lines from the
 * address belong to nobody until a line with the organization's token arrives over TCP from it
 * (syslog-source-proof.ts) or a TXT record under its PTR name holds the claim's code (syslog-source-dns.ts). Several organizations may hold PENDING claims on one address; the first to
 * prove gets it, never a silent transfer of another organization's log stream.
 *
 * UDP source addresses can be spoofed (RFC 5426 §3.5 on the lack of authentication): the token stays
 * the stronger mapping, and the address mapping is for senders that cannot add one.
 */
import { randomBytes } from "node:crypto";
import net from "node:net";

import { z } from "zod";

import { Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext, type SystemContext } from "../context.ts";
import { ConflictError, LimitExceededError, NotFoundError, ValidationError } from "../errors.ts";

/** Addresses per organization: a fleet of MTAs, not a network range. */
export const SYSLOG_SOURCES_MAX = 100;

const V4_MAPPED_RE = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One textual form per address, so a lookup by the peer address finds the registration: IPv4 dotted
 * decimal without leading zeros, IPv6 in the RFC 5952 compressed lowercase form (the WHATWG URL
 * serializer implements it), IPv4-mapped IPv6 (how a dual-stack socket reports IPv4 peers) folded to IPv4.
 * Null for anything that is not one unicast-capable IP address.
 */
export function normalizeSourceAddress(input: string): string | null {
  const text = input
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "");
  let out: string;
  if (net.isIPv4(text)) {
    out = text
      .split(".")
      .map((o) => String(Number(o)))
      .join(".");
  } else if (net.isIPv6(text)) {
    out = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    const mapped = V4_MAPPED_RE.exec(out);
    if (mapped) {
      const hi = parseInt(mapped[1] ?? "0", 16);
      const lo = parseInt(mapped[2] ?? "0", 16);
      out = [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
    }
  } else return null;
  // The unspecified address never is a peer; registering it would mean nothing.
  if (out === "0.0.0.0" || out === "::") return null;
  return out;
}

export const ZSyslogSourceCreate = z.object({
  address: z.string().trim().min(2).max(64),
  label: z.string().trim().max(80).default(""),
});

/** How long a new claim may take to be proven: a day covers "add it, then run the command on the MTA". */
export const SYSLOG_SOURCE_PROOF_WINDOW_MS = 24 * 60 * 60 * 1000;

/** What the page shows: the stored status, with a PENDING claim past its window told apart as expired. */
export type SyslogSourceState = "pending" | "expired" | "verified" | "refused";

/** Random bytes of a claim's verification code: unique per claim, which is all the code must be. */
const VERIFICATION_CODE_BYTES = 16;
/** The TXT record's name below the address's PTR name, and its value's prefix (syslog-source-dns.ts). */
export const SYSLOG_SOURCE_TXT_LABEL = "_inboxwatch";
export const SYSLOG_SOURCE_TXT_PREFIX = "inboxwatch-syslog-source=";

const sourceSelect = {
  id: true,
  address: true,
  label: true,
  status: true,
  proofBefore: true,
  verifiedAt: true,
  verifiedVia: true,
  verificationCode: true,
  createdAt: true,
} as const;

function present(r: Prisma.SyslogSourceAddressGetPayload<{ select: typeof sourceSelect }>, now: Date) {
  const state: SyslogSourceState =
    r.status === "VERIFIED" ? "verified" : r.status === "REFUSED" ? "refused" : r.proofBefore > now ? "pending" : "expired";
  return {
    id: r.id,
    address: r.address,
    label: r.label,
    state,
    proofBefore: r.proofBefore.toISOString(),
    verifiedAt: r.verifiedAt?.toISOString() ?? null,
    verifiedVia: r.verifiedVia,
    /** Publish as TXT at `_inboxwatch.<the address's PTR name>` to prove the claim by DNS. */
    txtValue: `${SYSLOG_SOURCE_TXT_PREFIX}${r.verificationCode}`,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listSyslogSources(ctx: OrgContext) {
  const rows = await ctx.db.syslogSourceAddress.findMany({
    where: { orgId: ctx.orgId },
    orderBy: { createdAt: "asc" },
    select: sourceSelect,
  });
  const now = new Date();
  return rows.map((r) => present(r, now));
}

/**
 * Claims an address, PENDING until proven. Refused when the address is verified (by anyone) or this
 * organization's claim on it is still waiting for proof; an own expired or refused claim is renewed with a
 * new window instead of a second row.
 */
export async function addSyslogSource(ctx: OrgContext, input: z.input<typeof ZSyslogSourceCreate>) {
  const q = ZSyslogSourceCreate.parse(input);
  const address = normalizeSourceAddress(q.address);
  if (!address) throw new ValidationError("Enter one IPv4 or IPv6 address (not a range)");
  const now = new Date();
  const proofBefore = new Date(now.getTime() + SYSLOG_SOURCE_PROOF_WINDOW_MS);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const verified = await tx.syslogSourceAddress.findFirst({ where: { address, status: "VERIFIED" }, select: { orgId: true } });
      if (verified) {
        throw new ConflictError(
          verified.orgId === ctx.orgId ? `${address} is already registered` : `${address} is registered by another organization`,
        );
      }
      const own = await tx.syslogSourceAddress.findUnique({
        where: { orgId_address: { orgId: ctx.orgId, address } },
        select: { id: true, status: true, proofBefore: true },
      });
      if (own?.status === "PENDING" && own.proofBefore > now)
        throw new ConflictError(`${address} is already registered and waiting for proof`);
      let row;
      if (own) {
        row = await tx.syslogSourceAddress.update({
          where: { id: own.id, orgId: ctx.orgId },
          data: { status: "PENDING", proofBefore, label: q.label || undefined },
          select: sourceSelect,
        });
      } else {
        if ((await tx.syslogSourceAddress.count({ where: { orgId: ctx.orgId } })) >= SYSLOG_SOURCES_MAX) {
          throw new LimitExceededError(`At most ${SYSLOG_SOURCES_MAX} syslog source addresses`);
        }
        const verificationCode = randomBytes(VERIFICATION_CODE_BYTES).toString("hex");
        row = await tx.syslogSourceAddress.create({
          data: { orgId: ctx.orgId, address, label: q.label, proofBefore, verificationCode },
          select: sourceSelect,
        });
      }
      await recordAudit(inTx(ctx, tx), {
        action: own ? "ingest.syslog-source.renew" : "ingest.syslog-source.add",
        targetType: "SyslogSourceAddress",
        targetId: row.id,
        metadata: { address },
      });
      return present(row, now);
    });
  } catch (err) {
    // The same organization adding one address twice at the same moment: the (orgId, address) key decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      throw new ConflictError(`${address} is already registered`);
    throw err;
  }
}

export async function removeSyslogSource(ctx: OrgContext, input: { id: string }): Promise<{ id: string }> {
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.syslogSourceAddress.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: { id: true, address: true } });
    if (!row) throw new NotFoundError("Syslog source");
    await tx.syslogSourceAddress.deleteMany({ where: { id: row.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "ingest.syslog-source.remove",
      targetType: "SyslogSourceAddress",
      targetId: row.id,
      metadata: { address: row.address },
    });
    return { id: row.id };
  });
}

export interface SourceAddressOwner {
  /** The organization whose claim on the address is VERIFIED, or null. */
  orgId: string | null;
  /** True when nobody verified the address but some organization claims it (its lines are dropped, and counted as such). */
  unverifiedClaim: boolean;
}

/** Who a token-less message from this peer address belongs to: only a verified claim attributes it. */
export async function findSourceAddressOwner(ctx: SystemContext, input: { peer: string }): Promise<SourceAddressOwner> {
  const address = normalizeSourceAddress(input.peer);
  if (!address) return { orgId: null, unverifiedClaim: false };
  const rows = await ctx.db.syslogSourceAddress.findMany({
    where: { address, status: { in: ["VERIFIED", "PENDING"] } },
    select: { orgId: true, status: true },
  });
  const owner = rows.find((r) => r.status === "VERIFIED");
  return { orgId: owner?.orgId ?? null, unverifiedClaim: !owner && rows.length > 0 };
}
