/**
 * Report mailboxes: an organization's existing IMAP mailbox (where its rua/ruf/FBL mail already goes),
 * polled by `reports.poll-imap`. The password is stored encrypted (secret-box) and never read back.
 */
import { z } from "zod";

import { type Prisma } from "@inboxwatch/db";

import { recordAudit } from "../audit/record.ts";
import { inTx, type OrgContext } from "../context.ts";
import { decryptSecret, encryptSecret } from "../crypto/secret-box.ts";
import { LimitExceededError, NotFoundError } from "../errors.ts";
import { ZHostname, ZId } from "../inventory/fields.ts";
import { closeImap, type ImapTarget } from "@inboxwatch/deliverability/imap";

import { connectReportMailbox, type ReportMailboxDeps } from "./imap-connect.ts";

/** Mailboxes per organization: one per reporting address is plenty; more is a misconfiguration or abuse of our egress. */
export const REPORT_MAILBOXES_MAX = 10;
/** Quarantined/failing messages shown per mailbox. */
const MAILBOX_MESSAGES_SHOWN = 20;

/** IMAP folder names (RFC 9051 §5.1): "/" separates levels here and is mapped to the server's delimiter. */
const ZFolder = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => ![...s].some((c) => c < " " || c === "*" || c === "%"), "Folder names cannot hold control characters, * or %");

export const ZCreateReportMailbox = z.object({
  host: ZHostname,
  port: z.number().int().min(1).max(65535).default(993),
  tlsMode: z.enum(["TLS", "STARTTLS", "NONE"]).default("TLS"),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(500),
  sourceFolder: ZFolder.default("INBOX"),
  processedFolder: ZFolder.default("Inboxwatch/Processed"),
  quarantineFolder: ZFolder.default("Inboxwatch/Quarantine"),
});

export const ZSetReportMailboxEnabled = z.object({ id: ZId, enabled: z.boolean() });

const publicSelect = {
  id: true,
  host: true,
  port: true,
  tlsMode: true,
  username: true,
  sourceFolder: true,
  processedFolder: true,
  quarantineFolder: true,
  enabled: true,
  lastPollAt: true,
  lastSuccessAt: true,
  lastError: true,
  ingestedCount: true,
  quarantinedCount: true,
  createdAt: true,
} as const satisfies Prisma.ReportMailboxSelect;

export async function listReportMailboxes(ctx: OrgContext) {
  const rows = await ctx.db.reportMailbox.findMany({
    where: { orgId: ctx.orgId },
    select: {
      ...publicSelect,
      messages: {
        where: { orgId: ctx.orgId },
        select: { id: true, messageKey: true, subject: true, attempts: true, lastError: true, quarantinedAt: true, updatedAt: true },
        orderBy: { updatedAt: "desc" },
        take: MAILBOX_MESSAGES_SHOWN,
      },
    },
    orderBy: { createdAt: "asc" },
  });
  return rows;
}

async function getMailboxRow(ctx: OrgContext, id: string) {
  const row = await ctx.db.reportMailbox.findFirst({ where: { id, orgId: ctx.orgId }, select: { ...publicSelect, passwordEnc: true } });
  if (!row) throw new NotFoundError("Report mailbox");
  return row;
}

export async function createReportMailbox(ctx: OrgContext, input: z.input<typeof ZCreateReportMailbox>) {
  const data = ZCreateReportMailbox.parse(input);
  return ctx.db.$transaction(async (tx) => {
    const count = await tx.reportMailbox.count({ where: { orgId: ctx.orgId } });
    if (count >= REPORT_MAILBOXES_MAX) throw new LimitExceededError(`An organization may poll at most ${REPORT_MAILBOXES_MAX} mailboxes`);
    const { password, ...fields } = data;
    const row = await tx.reportMailbox.create({
      data: { ...fields, orgId: ctx.orgId, passwordEnc: encryptSecret(password, ctx.orgId) },
      select: publicSelect,
    });
    await recordAudit(inTx(ctx, tx), {
      action: "report.mailbox.create",
      targetType: "ReportMailbox",
      targetId: row.id,
      metadata: { host: row.host, username: row.username },
    });
    return row;
  });
}

export async function setReportMailboxEnabled(ctx: OrgContext, input: z.input<typeof ZSetReportMailboxEnabled>) {
  const { id, enabled } = ZSetReportMailboxEnabled.parse(input);
  const current = await getMailboxRow(ctx, id);
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.reportMailbox.update({ where: { id: current.id, orgId: ctx.orgId }, data: { enabled }, select: publicSelect });
    await recordAudit(inTx(ctx, tx), {
      action: "report.mailbox.update",
      targetType: "ReportMailbox",
      targetId: row.id,
      metadata: { enabled },
    });
    return row;
  });
}

export async function removeReportMailbox(ctx: OrgContext, input: { id: string }) {
  const current = await getMailboxRow(ctx, input.id);
  await ctx.db.$transaction(async (tx) => {
    await tx.reportMailbox.delete({ where: { id: current.id, orgId: ctx.orgId } });
    await recordAudit(inTx(ctx, tx), {
      action: "report.mailbox.remove",
      targetType: "ReportMailbox",
      targetId: current.id,
      metadata: { host: current.host, username: current.username },
    });
  });
  return { removed: true };
}

/** The connection parameters with the decrypted password, for the poller and the connection test only. */
export async function mailboxTarget(
  ctx: OrgContext,
  input: { id: string },
): Promise<ImapTarget & { row: Awaited<ReturnType<typeof getMailboxRow>> }> {
  const row = await getMailboxRow(ctx, input.id);
  return {
    host: row.host,
    port: row.port,
    tlsMode: row.tlsMode,
    username: row.username,
    password: decryptSecret(row.passwordEnc, ctx.orgId),
    row,
  };
}

/**
 * "Test connection": connect through the egress guard, log in, and look at the source folder. Read-only:
 * nothing is fetched, moved or created. The outcome is data for the settings card, not an error.
 */
export async function testReportMailbox(
  ctx: OrgContext,
  input: { id: string },
  deps: ReportMailboxDeps = {},
): Promise<{ ok: boolean; message: string; messages?: number }> {
  const target = await mailboxTarget(ctx, { id: input.id });
  const connected = await connectReportMailbox(target, deps);
  if (!connected.ok) return { ok: false, message: `${connected.kind}: ${connected.message}` };
  const client = connected.client;
  try {
    const status = await client.status(target.row.sourceFolder, { messages: true });
    const messages = status ? (status.messages ?? 0) : 0;
    return { ok: true, message: `Logged in; ${target.row.sourceFolder} holds ${messages} messages`, messages };
  } catch (err) {
    return {
      ok: false,
      message: `Logged in, but ${target.row.sourceFolder} cannot be opened: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    await closeImap(client);
  }
}
