/**
 * The `reports.poll-imap` verb: fetch the messages waiting in a customer's report mailbox, store each one
 * with `ingestReport` (channel IMAP), and only after that commit move it to the processed folder. A crash
 * between commit and move re-fetches the message next time; the raw report's sha256 makes that second
 * ingest a no-op, so nothing is lost and nothing is counted twice.
 *
 * A message that cannot be stored (too large, empty, refused) keeps its attempts in ReportMailboxMessage,
 * keyed by Message-ID (else UIDVALIDITY:UID); at IMAP_MAX_ATTEMPTS it is moved to the quarantine folder
 * and the reason stays visible in the settings card.
 */

import { type OrgContext, forOrg, type SystemContext } from "../context.ts";
import { NotFoundError } from "../errors.ts";
import { closeImap, ensureFolder, folderPath, redactSecret, type ImapFlow } from "@inboxwatch/deliverability/imap";

import { connectReportMailbox, type ReportMailboxDeps } from "./imap-connect.ts";
import { mailboxTarget } from "./imap-mailbox.ts";
import { scheduleMailboxPolls } from "./imap-poll-queue.ts";
import { ingestReport, RAW_REPORT_MAX_BYTES } from "./ingest.ts";

/** Messages handled per poll: bounds one job's run time; the rest wait for the next tick a few minutes later. */
export const IMAP_POLL_MAX_MESSAGES = 200;
/** Failed polls of one message before it is quarantined: one transient database hiccup must not quarantine a report. */
export const IMAP_MAX_ATTEMPTS = 3;
/** Stored error texts: enough for the reason, bounded for the settings card. */
const IMAP_ERROR_MAX_CHARS = 500;

export interface PollDeps extends ReportMailboxDeps {
  /** Largest message fetched (default: the raw-report limit); larger ones count as failures without being downloaded. */
  maxMessageBytes?: number;
  maxMessages?: number;
}

export interface PollSummary {
  ok: boolean;
  error?: string;
  stored: number;
  duplicates: number;
  failed: number;
  quarantined: number;
  /** Messages left in the source folder for the next poll (over IMAP_POLL_MAX_MESSAGES). */
  remaining: number;
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, IMAP_ERROR_MAX_CHARS);
}

export async function pollReportMailbox(ctx: OrgContext, input: { id: string }, deps: PollDeps = {}): Promise<PollSummary> {
  const target = await mailboxTarget(ctx, { id: input.id });
  const summary: PollSummary = { ok: false, stored: 0, duplicates: 0, failed: 0, quarantined: 0, remaining: 0 };
  if (!target.row.enabled) return { ...summary, ok: true };
  const connected = await connectReportMailbox(target, deps);
  if (!connected.ok) {
    await recordPoll(ctx, input.id, { ...summary, error: `${connected.kind}: ${connected.message}` });
    return { ...summary, error: connected.message };
  }
  const client = connected.client;
  try {
    await pollFolder(ctx, client, target.row, deps, summary);
    summary.ok = true;
  } catch (err) {
    // Connection lost, folder missing…: what was stored stays stored; the next poll carries on.
    summary.error = redactSecret(errorText(err), target.password);
  } finally {
    await closeImap(client);
  }
  await recordPoll(ctx, input.id, summary);
  return summary;
}

type MailboxRow = Awaited<ReturnType<typeof mailboxTarget>>["row"];

async function pollFolder(ctx: OrgContext, client: ImapFlow, row: MailboxRow, deps: PollDeps, summary: PollSummary): Promise<void> {
  const maxBytes = deps.maxMessageBytes ?? RAW_REPORT_MAX_BYTES;
  const processed = folderPath(row.processedFolder);
  const quarantine = folderPath(row.quarantineFolder);
  await ensureFolder(client, row.processedFolder);
  await ensureFolder(client, row.quarantineFolder);
  const lock = await client.getMailboxLock(folderPath(row.sourceFolder));
  try {
    const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : "0";
    // Messages flagged \Deleted by someone else are on their way out; leave them alone.
    const uids = (await client.search({ deleted: false }, { uid: true })) || [];
    const batch = uids.slice(0, deps.maxMessages ?? IMAP_POLL_MAX_MESSAGES);
    summary.remaining = uids.length - batch.length;
    for (const uid of batch) {
      // Size and Message-ID first: an oversized message is never downloaded.
      const head = await client.fetchOne(String(uid), { uid: true, size: true, envelope: true }, { uid: true });
      if (!head) continue;
      const key = head.envelope?.messageId?.slice(0, 998) || `uid:${uidValidity}:${uid}`;
      const subject = head.envelope?.subject?.slice(0, 300) ?? null;
      let failure: string | null = null;
      if ((head.size ?? 0) > maxBytes) {
        failure = `message of ${head.size} bytes is over the ${maxBytes}-byte report limit`;
      } else {
        try {
          const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
          if (!full || !full.source) throw new Error("the server returned no message body");
          const result = await ingestReport(ctx, { bytes: full.source, channel: "IMAP" });
          if (result.duplicate) summary.duplicates++;
          else summary.stored++;
        } catch (err) {
          failure = errorText(err);
        }
      }
      if (failure === null) {
        // Committed: only now may the message leave the source folder.
        await client.messageMove(String(uid), processed, { uid: true });
        await ctx.db.reportMailboxMessage.deleteMany({ where: { orgId: ctx.orgId, mailboxId: row.id, messageKey: key } });
        continue;
      }
      summary.failed++;
      const attempts = await recordFailure(ctx, row.id, key, subject, failure);
      if (attempts >= IMAP_MAX_ATTEMPTS) {
        await client.messageMove(String(uid), quarantine, { uid: true });
        await ctx.db.reportMailboxMessage.updateMany({
          where: { orgId: ctx.orgId, mailboxId: row.id, messageKey: key },
          data: { quarantinedAt: new Date() },
        });
        summary.quarantined++;
      }
    }
  } finally {
    lock.release();
  }
}

/** Counts one failed attempt (an upsert on the message's business key) and returns the total. */
async function recordFailure(
  ctx: OrgContext,
  mailboxId: string,
  messageKey: string,
  subject: string | null,
  lastError: string,
): Promise<number> {
  const row = await ctx.db.reportMailboxMessage.upsert({
    where: { mailboxId_messageKey: { mailboxId, messageKey } },
    create: { orgId: ctx.orgId, mailboxId, messageKey, subject, attempts: 1, lastError },
    update: { attempts: { increment: 1 }, lastError, subject },
    select: { attempts: true },
  });
  return row.attempts;
}

async function recordPoll(ctx: OrgContext, id: string, summary: PollSummary): Promise<void> {
  const now = new Date();
  await ctx.db.reportMailbox.updateMany({
    where: { id, orgId: ctx.orgId },
    data: {
      lastPollAt: now,
      ...(summary.error ? { lastError: summary.error.slice(0, IMAP_ERROR_MAX_CHARS) } : { lastError: null, lastSuccessAt: now }),
      ingestedCount: { increment: summary.stored },
      quarantinedCount: { increment: summary.quarantined },
    },
  });
}

/** The job handler's verb: a mailbox removed after its job was queued has nothing to poll. */
export async function runMailboxPoll(
  ctx: SystemContext,
  payload: { orgId?: string; mailboxId?: string },
  deps: PollDeps = {},
): Promise<PollSummary | { queued: number } | { skipped: "gone" }> {
  if (!payload.orgId || !payload.mailboxId) return scheduleMailboxPolls(ctx);
  try {
    return await pollReportMailbox(forOrg(ctx, payload.orgId), { id: payload.mailboxId }, deps);
  } catch (err) {
    if (err instanceof NotFoundError) return { skipped: "gone" };
    throw err;
  }
}
