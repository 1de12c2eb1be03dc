/**
 * Per-organization ingest settings: the salt recipient addresses are hashed with (GDPR: events keep a
 * hash unless the organization chooses to keep addresses) and the syslog token that maps a syslog sender
 * to its organization. Created on first use.
 */
import { createHash, randomBytes } from "node:crypto";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext, type InTx, type SystemContext } from "../context.ts";
import { sha256Hex } from "../crypto/tokens.ts";

/**
 * Syslog tokens look like "iwl_" + 24 hex digits (96 bits): recognisable in a config file, never stored
 * in clear, and short enough to prefix an RFC 5424 APP-NAME (48 characters, §6.2.5) as "<token>.postfix/smtp".
 */
export const SYSLOG_TOKEN_PREFIX = "iwl_";
export const SYSLOG_TOKEN_RE = /^iwl_[0-9a-f]{24}$/;
/** Characters of the token shown in the UI to tell tokens apart. */
const SYSLOG_TOKEN_VISIBLE_CHARS = 8;

export interface IngestSettingsRow {
  orgId: string;
  keepRecipientAddresses: boolean;
  recipientSalt: string;
  syslogTokenPrefix: string | null;
}

/** Reads the organization's settings, creating them (with a fresh salt) on first use. */
export async function getIngestSettings(ctx: Pick<InTx<OrgContext>, "db" | "orgId">): Promise<IngestSettingsRow> {
  const { db, orgId } = ctx;
  const select = { orgId: true, keepRecipientAddresses: true, recipientSalt: true, syslogTokenPrefix: true } as const;
  const row = await db.ingestSettings.findUnique({ where: { orgId }, select });
  if (row) return row;
  // upsert: two first batches of one organization may race here.
  return db.ingestSettings.upsert({
    where: { orgId },
    create: { orgId, recipientSalt: randomBytes(16).toString("hex") },
    update: {},
    select,
  });
}

/** sha256(salt ":" lowercase address), hex: the same address gives the same hash within one organization only. */
export function hashRecipient(salt: string, address: string): string {
  return createHash("sha256").update(`${salt}:${address.trim().toLowerCase()}`).digest("hex");
}

/** Issues a new syslog token (the old one stops working at once); the token is returned only here. */
export async function rotateSyslogToken(ctx: OrgContext): Promise<{ token: string; prefix: string }> {
  const token = `${SYSLOG_TOKEN_PREFIX}${randomBytes(12).toString("hex")}`;
  const prefix = token.slice(0, SYSLOG_TOKEN_PREFIX.length + SYSLOG_TOKEN_VISIBLE_CHARS);
  await ctx.db.$transaction(async (tx) => {
    await getIngestSettings(inTx(ctx, tx));
    await tx.ingestSettings.update({ where: { orgId: ctx.orgId }, data: { syslogTokenHash: sha256Hex(token), syslogTokenPrefix: prefix } });
    await recordAudit(inTx(ctx, tx), {
      action: "ingest.syslog-token.rotate",
      targetType: "IngestSettings",
      targetId: ctx.orgId,
      metadata: { prefix },
    });
  });
  return { token, prefix };
}

/** Sets whether delivery events keep recipient addresses in clear (they are always hashed too). */
export async function setKeepRecipientAddresses(ctx: OrgContext, input: { keep: boolean }): Promise<{ keepRecipientAddresses: boolean }> {
  await ctx.db.$transaction(async (tx) => {
    await getIngestSettings(inTx(ctx, tx));
    await tx.ingestSettings.update({ where: { orgId: ctx.orgId }, data: { keepRecipientAddresses: input.keep } });
    await recordAudit(inTx(ctx, tx), {
      action: "ingest.settings.update",
      targetType: "IngestSettings",
      targetId: ctx.orgId,
      metadata: { keepRecipientAddresses: input.keep },
    });
  });
  return { keepRecipientAddresses: input.keep };
}

/** The organization a syslog token belongs to, or null. */
export async function findOrgBySyslogToken(ctx: SystemContext, input: { token: string }): Promise<string | null> {
  if (!SYSLOG_TOKEN_RE.test(input.token)) return null;
  const row = await ctx.db.ingestSettings.findUnique({ where: { syslogTokenHash: sha256Hex(input.token) }, select: { orgId: true } });
  return row?.orgId ?? null;
}
