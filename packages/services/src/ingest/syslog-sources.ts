/**
 * Source addresses an organization's MTAs send syslog from. A message that carries no syslog token is
 * attributed by its peer address (issue 5: "by a per-organization token … or by a registered source
 * IP"). An address belongs to one organization at most: a second claim is a conflict, never a silent
 * transfer of another organization's log stream.
 *
 * UDP source addresses can be spoofed (RFC 5426 §3.5 on the lack of authentication): the token stays
 * the stronger mapping, and the address mapping is for senders that cannot add one.
 */
import net from "node:net";

import { z } from "zod";

import { type Db, Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { type OrgContext } from "../context.ts";
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
  const text = input.trim().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  let out: string;
  if (net.isIPv4(text)) {
    out = text.split(".").map((o) => String(Number(o))).join(".");
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

export async function listSyslogSources(ctx: OrgContext) {
  const rows = await ctx.db.syslogSourceAddress.findMany({
    where: { orgId: ctx.orgId },
    orderBy: { createdAt: "asc" },
    select: { id: true, address: true, label: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function addSyslogSource(ctx: OrgContext, input: z.input<typeof ZSyslogSourceCreate>) {
  const q = ZSyslogSourceCreate.parse(input);
  const address = normalizeSourceAddress(q.address);
  if (!address) throw new ValidationError("Enter one IPv4 or IPv6 address (not a range)");
  try {
    return await ctx.db.$transaction(async (tx) => {
      const owner = await tx.syslogSourceAddress.findUnique({ where: { address }, select: { orgId: true } });
      if (owner) {
        throw new ConflictError(owner.orgId === ctx.orgId ? `${address} is already registered` : `${address} is registered by another organization`);
      }
      if ((await tx.syslogSourceAddress.count({ where: { orgId: ctx.orgId } })) >= SYSLOG_SOURCES_MAX) {
        throw new LimitExceededError(`At most ${SYSLOG_SOURCES_MAX} syslog source addresses`);
      }
      const row = await tx.syslogSourceAddress.create({
        data: { orgId: ctx.orgId, address, label: q.label },
        select: { id: true, address: true, label: true, createdAt: true },
      });
      await recordAudit(tx, ctx, { action: "ingest.syslog-source.add", targetType: "SyslogSourceAddress", targetId: row.id, metadata: { address } });
      return { ...row, createdAt: row.createdAt.toISOString() };
    });
  } catch (err) {
    // Two organizations claiming one address at the same moment: the unique index decides.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new ConflictError(`${address} is registered by another organization`);
    throw err;
  }
}

export async function removeSyslogSource(ctx: OrgContext, input: { id: string }): Promise<{ id: string }> {
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.syslogSourceAddress.findFirst({ where: { id: input.id, orgId: ctx.orgId }, select: { id: true, address: true } });
    if (!row) throw new NotFoundError("Syslog source");
    await tx.syslogSourceAddress.deleteMany({ where: { id: row.id, orgId: ctx.orgId } });
    await recordAudit(tx, ctx, { action: "ingest.syslog-source.remove", targetType: "SyslogSourceAddress", targetId: row.id, metadata: { address: row.address } });
    return { id: row.id };
  });
}

/** The organization that registered this peer address, or null. */
export async function findOrgBySourceAddress(db: Db, peer: string): Promise<string | null> {
  const address = normalizeSourceAddress(peer);
  if (!address) return null;
  const row = await db.syslogSourceAddress.findUnique({ where: { address }, select: { orgId: true } });
  return row?.orgId ?? null;
}
