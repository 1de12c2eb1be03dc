/**
 * Queuing `reports.poll-imap` jobs without piling them up: "Poll now" and the 5-minute tick both go
 * through here. pg-boss 10 queues created with the default `standard` policy ignore singleton keys (only
 * `short`/`singleton`/`stately` queues and `singletonSeconds` throttling enforce them), so a job's key
 * alone does not stop a second click, or a tick during a slow poll, from queuing another poll of the same
 * mailbox — and two polls at once would fetch the same messages and race to move them.
 *
 * The claim is the job itself: inside one transaction we take an advisory lock, look for a job of that
 * mailbox still waiting or running, and queue one only if there is none. The lock serialises the
 * look-then-queue of concurrent callers, so the second one sees the first one's committed job.
 */
import { JOBS, sendJob } from "@inboxwatch/jobs";

import { recordAudit } from "../audit/record.ts";
import { type InTx, inTx, type OrgContext, type SystemContext, type Tx } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";

const JOB_NAME = "reports.poll-imap";
/** pg-boss's schema, as packages/jobs creates it (insert-then-send.ts names it too). */
const PG_BOSS_SCHEMA = "pgboss";
/**
 * One lock for every poll-imap enqueue: clicks are rare and the tick is short, so contention is nil, and
 * a single key keeps the tick from holding one lock per mailbox in its transaction.
 */
export const ENQUEUE_LOCK_KEY = "inboxwatch:reports.poll-imap:enqueue";
/** The tick queues every enabled mailbox in one transaction (~12 ms a job); Prisma's 5 s default is short for thousands. */
const ENQUEUE_TX_TIMEOUT_MS = 30_000;

/** The key the job definition gives a mailbox's poll, as pg-boss stores it in `singleton_key`. */
function singletonKeyOf(orgId: string, mailboxId: string): string {
  const keyOf = JOBS[JOB_NAME].singletonKey;
  if (!keyOf) throw new Error(`${JOB_NAME} has no singleton key: imap-poll-queue.ts finds a mailbox's pending poll by it`);
  return keyOf({ orgId, mailboxId });
}

/** Waits for the enqueue lock; it is released when `tx` commits or rolls back. */
export async function lockEnqueue(ctx: Pick<InTx<SystemContext>, "db">): Promise<void> {
  await ctx.db.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked`, ENQUEUE_LOCK_KEY);
}

/**
 * The keys among `keys` that have a job waiting (created, retry) or running (active). A job of a worker
 * that died stays active until the queue's expiry (10 min) frees it: no poll is started beside it before.
 */
async function pendingKeys(tx: Tx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ singleton_key: string }[]>(
    `SELECT DISTINCT singleton_key FROM ${PG_BOSS_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND singleton_key = ANY($2::text[])`,
    JOB_NAME,
    keys,
  );
  return new Set(rows.map((r) => r.singleton_key));
}

export interface PollRequest {
  /** false: a poll of this mailbox was already waiting or running; it will pick up what is there. */
  queued: boolean;
  requestedAt: Date;
}

/**
 * "Poll now": queues a poll of one mailbox of the organization unless one is already waiting or running.
 * The UI then watches `lastPollAt` pass `requestedAt`. A paused mailbox is refused rather than queued,
 * since its poll would do nothing.
 */
export async function requestMailboxPoll(ctx: OrgContext, input: { id: string }): Promise<PollRequest> {
  const mailbox = await ctx.db.reportMailbox.findFirst({
    where: { id: input.id, orgId: ctx.orgId },
    select: { id: true, host: true, username: true, enabled: true },
  });
  if (!mailbox) throw new NotFoundError("Report mailbox");
  if (!mailbox.enabled) throw new ValidationError("This mailbox is paused; resume it to poll it");
  const requestedAt = new Date();
  const key = singletonKeyOf(ctx.orgId, mailbox.id);
  // A click may wait on the lock for a whole tick: the same deadline as the tick's.
  const queued = await ctx.db.$transaction(
    async (tx) => {
      await lockEnqueue({ db: tx });
      if ((await pendingKeys(tx, [key])).has(key)) return false;
      await sendJob(JOB_NAME, { orgId: ctx.orgId, mailboxId: mailbox.id }, { tx });
      await recordAudit(inTx(ctx, tx), {
        action: "report.mailbox.poll",
        targetType: "ReportMailbox",
        targetId: mailbox.id,
        metadata: { host: mailbox.host, username: mailbox.username },
      });
      return true;
    },
    { timeout: ENQUEUE_TX_TIMEOUT_MS },
  );
  return { queued, requestedAt };
}

/**
 * The cron tick: queues one poll per enabled mailbox that has none waiting or running, so a slow poll
 * (or a "Poll now" still queued) is never doubled by the next tick.
 */
export async function scheduleMailboxPolls(ctx: SystemContext): Promise<{ queued: number }> {
  const { db } = ctx;
  const boxes = await db.reportMailbox.findMany({ where: { enabled: true }, select: { id: true, orgId: true } });
  if (boxes.length === 0) return { queued: 0 };
  return db.$transaction(
    async (tx) => {
      await lockEnqueue({ db: tx });
      const busy = await pendingKeys(
        tx,
        boxes.map((b) => singletonKeyOf(b.orgId, b.id)),
      );
      let queued = 0;
      for (const box of boxes) {
        if (busy.has(singletonKeyOf(box.orgId, box.id))) continue;
        await sendJob(JOB_NAME, { orgId: box.orgId, mailboxId: box.id }, { tx });
        queued++;
      }
      return { queued };
    },
    { timeout: ENQUEUE_TX_TIMEOUT_MS },
  );
}
